/**
 * The numbered narrative of `explain`: one step per hop a query takes, each with a status.
 * Pure: facts in, steps out.
 */
import { podReady, type Facts, type TypedQueryFacts } from './facts.ts';
import type { ExplainStep } from './types.ts';
import { effectiveStatus, nodeLocalUpstream, triedCandidates } from './queries.ts';
import { pushAll } from '../shared/array.ts';

function step(title: string, status: ExplainStep['status'], detail: string): ExplainStep {
  return { title, status, detail };
}

function podStep(f: Facts): ExplainStep {
  const { namespace, pod } = f.inputs.from;
  if (!f.pod) return step(`Pod ${namespace}/${pod}`, 'fail', 'not found');
  const p = f.pod;
  const net = p.hostNetwork ? ', hostNetwork' : '';
  const detail = `${p.phase ?? 'unknown phase'} on node ${p.nodeName ?? '(unscheduled)'}, dnsPolicy ${p.dnsPolicy}${net}${p.dnsConfig ? ', with dnsConfig' : ''}; ${f.flavour}${f.flavourGuessed ? ' (guessed from the image)' : ''} resolver`;
  return step(`Pod ${p.namespace}/${p.name}`, f.podRunning ? 'ok' : 'warn', detail);
}

function resolvStep(f: Facts): ExplainStep {
  const r = f.resolv;
  const detail = `${f.resolvDetail}: nameserver ${r.nameservers.join(', ') || '(none)'}; search ${r.search.join(' ') || '(none)'}; ndots ${r.ndots}`;
  let status: ExplainStep['status'] = r.nameservers.length ? 'ok' : 'fail';
  if (status === 'ok' && f.resolvOrigin === 'computed') status = 'warn';
  const events = f.computed?.events.map((e) => e.message) ?? [];
  return step('resolv.conf', status, events.length ? `${detail}. kubelet: ${events.join(' ')}` : detail);
}

function hostsStep(f: Facts): ExplainStep {
  const name = f.name.bare;
  if (f.hostsMatch) {
    const canonical = f.hostsMatch.canonical.toLowerCase() === name.toLowerCase() ? '' : `, canonical name ${f.hostsMatch.canonical}`;
    return step('/etc/hosts', 'warn', `answers ${name} with ${f.hostsMatch.addresses.join(', ')} (line ${f.hostsMatch.entries[0]?.line}${canonical}); DNS is not asked`);
  }
  return step('/etc/hosts', 'ok', `no entry for ${name} (${f.hostsOrigin === 'exec' ? 'read in the pod' : 'computed'}); the resolver goes on to DNS`);
}

function searchStep(f: Facts): ExplainStep {
  const dots = f.name.dots;
  const why = f.name.absolute
    ? 'a trailing dot: only the name itself is asked'
    : dots >= f.resolv.ndots
      ? `${dots} dot(s) >= ndots ${f.resolv.ndots}: the name as written first${f.flavour === 'musl' ? ' (musl: and only that)' : ', then the search list'}`
      : `${dots} dot(s) < ndots ${f.resolv.ndots}: the search list first, then the name as written`;
  return step('Search list', 'ok', `${why}: ${f.candidates.map((c) => c.candidate.fqdn).join(', ')}`);
}

function nameserverStep(f: Facts): ExplainStep {
  const first = f.nameserverRoles[0];
  if (!first) return step('Nameserver', 'fail', 'resolv.conf has no nameserver: the C library asks 127.0.0.1:53 instead');
  if (first.role === 'kube-dns') return step('Nameserver', 'ok', `${first.ip} is Service ${f.dnsService!.namespace}/${f.dnsService!.name}`);
  if (first.role === 'nodelocal') return step('Nameserver', 'ok', `${first.ip} is NodeLocal DNSCache on the node; it forwards cluster names to ${nodeLocalUpstream(f)}`);
  const svc = f.dnsServiceIP ? ` (the cluster DNS Service is ${f.dnsServiceIP})` : '';
  return step('Nameserver', f.pod?.dnsPolicy === 'Default' || f.pod?.dnsPolicy === 'None' ? 'warn' : 'fail', `${first.ip} is not the cluster DNS${svc}`);
}

function endpointsStep(f: Facts): ExplainStep {
  if (!f.dnsService) return step('DNS Service endpoints', 'fail', 'no DNS Service found');
  const ready = f.dnsReadyAddresses.length;
  const detail = `${ready} ready${f.dnsNotReadyAddresses.length ? `, ${f.dnsNotReadyAddresses.length} not ready` : ''}${ready ? `: ${f.dnsReadyAddresses.join(', ')}` : ''}`;
  return step(`Endpoints of ${f.dnsService.namespace}/${f.dnsService.name}`, ready ? 'ok' : 'fail', detail);
}

function podsStep(f: Facts): ExplainStep {
  const total = f.dnsPods.length;
  const d = f.deployment;
  const scale = d ? ` (Deployment ${d.namespace}/${d.name}: ${d.readyReplicas}/${d.replicas} ready)` : '';
  if (total === 0) return step('CoreDNS pods', d?.replicas === 0 || !d ? 'fail' : 'warn', `none found${scale}`);
  const parts = f.dnsPods.map((p) => {
    const restarts = p.containerStatuses.reduce((n, s) => n + s.restartCount, 0);
    const reason = p.containerStatuses.map((s) => s.waitingReason).find(Boolean);
    return `${p.name} (${podReady(p) ? 'ready' : reason ?? 'not ready'}${restarts ? `, ${restarts} restart${restarts === 1 ? '' : 's'}` : ''})`;
  });
  const ready = f.readyDnsPods.length;
  return step('CoreDNS pods', ready === total ? 'ok' : ready ? 'warn' : 'fail', `${ready}/${total} ready${scale}: ${parts.join(', ')}`);
}

function kubeletStep(f: Facts): ExplainStep {
  if (!f.kubeletKnown) return step('Kubelet DNS settings', 'skip', `not read (nodes/proxy configz); assuming clusterDNS ${f.dnsServiceIP ?? '?'} and clusterDomain ${f.clusterDomain}`);
  const k = f.kubelet;
  const ok = (!k.clusterDNS || !f.dnsServiceIP || k.clusterDNS.includes(f.dnsServiceIP)) && (!k.clusterDomain || k.clusterDomain.replace(/\.$/, '') === f.clusterDomain);
  return step('Kubelet DNS settings', ok ? 'ok' : 'fail', `clusterDNS ${k.clusterDNS?.join(', ') ?? '(unset)'}, clusterDomain ${k.clusterDomain ?? '(unset)'}, resolvConf ${k.resolvConf ?? '(default)'}`);
}

function corefileStep(f: Facts): ExplainStep {
  if (f.corefileAssumed) return step('Corefile', 'skip', `not found (${f.corednsProblem ?? 'no CoreDNS ConfigMap'}); predicting with kubeadm's default Corefile`);
  const errors = f.lint.filter((l) => l.severity === 'error').length;
  const warnings = f.lint.filter((l) => l.severity === 'warning').length;
  const version = f.coredns?.version ? `, CoreDNS ${f.coredns.version}` : '';
  const zones = f.kubernetesZones.length ? `; kubernetes serves ${f.kubernetesZones.join(' ')}` : '; no kubernetes plugin';
  return step('Corefile', errors ? 'fail' : warnings ? 'warn' : 'ok', `${f.coredns?.source}${version}: ${errors} lint error(s), ${warnings} warning(s)${zones}`);
}

function policyStep(f: Facts): ExplainStep {
  const v = f.policy;
  if (!v) return step('NetworkPolicy', 'skip', 'not evaluated (no pod or no CoreDNS pods)');
  const parts: string[] = [];
  let status: ExplainStep['status'] = 'ok';
  for (const [label, d] of [['egress from the pod', v.egress], ['ingress to CoreDNS', v.ingress]] as const) {
    if (!d.isolated) {
      parts.push(`${label}: not restricted`);
      continue;
    }
    parts.push(`${label}: UDP ${d.udp}, TCP ${d.tcp} (${d.policies.join(', ')})`);
    if (d.udp !== 'allowed') status = 'fail';
    else if (d.tcp !== 'allowed' && status === 'ok') status = 'warn';
  }
  return step('NetworkPolicy', status, parts.join('; '));
}

/** --debug-container: said in the narrative, because it is a change to the cluster. */
function debugContainerStep(f: Facts): ExplainStep[] {
  const d = f.inputs.debugContainer;
  if (!d) return [];
  const title = d.name ? `Ephemeral container ${d.name} (${d.image})` : `Ephemeral container (--debug-container ${d.image})`;
  return [step(title, d.used ? 'ok' : 'warn', d.detail)];
}

/** One type's prediction in words: `NXDOMAIN`, `NOERROR 10.96.3.4`, `NXDOMAIN (assumed)`, and what came back. */
function typeWords(t: TypedQueryFacts): string {
  const assumed = t.predicted === null && t.assumption;
  const predicted = assumed ? `${t.assumption!.status} (assumed)` : t.predicted ?? 'unknown';
  const answers = t.prediction.answers.length ? ' ' + t.prediction.answers.map((a) => a.data).join(', ') : '';
  const observed = t.observed ? `, observed ${t.observed.status}${t.observed.answers.length ? ' ' + t.observed.answers.join(', ') : ''}` : '';
  return `${predicted}${answers}${observed}`;
}

function queryStep(f: Facts): ExplainStep[] {
  return triedCandidates(f).map((c) => {
    const s = effectiveStatus(c);
    const via = c.prediction.server ? `${c.prediction.server} → ${c.prediction.plugin ?? 'no plugin'}` : c.prediction.trace.at(-1) ?? '';
    const status: ExplainStep['status'] = s === 'NOERROR' ? 'ok' : s === null ? 'skip' : s === 'NXDOMAIN' || s === 'NODATA' ? 'ok' : 'fail';
    const note = c.prediction.rewrittenTo ? ` (rewritten to ${c.prediction.rewrittenTo})` : '';
    const words = c.types.length === 1 ? `predicted ${typeWords(c.types[0]!)}` : `predicted ${c.types.map((t) => `${t.type} ${typeWords(t)}`).join('; ')}`;
    return step(`Query ${c.candidate.fqdn} ${f.qtypes.join('+')}`, status, `${via}${note}: ${words}`);
  });
}

export function buildSteps(f: Facts): ExplainStep[] {
  const steps: ExplainStep[] = [podStep(f)];
  if (!f.pod) return steps;
  if (f.name.ip) {
    return [...steps, step('Address literal', 'ok', `${f.name.text} is an IPv${f.name.ip.family} address: getaddrinfo returns it as is, without /etc/hosts or a DNS query`)];
  }
  steps.push(resolvStep(f), hostsStep(f));
  if (f.hostsMatch) return steps;
  steps.push(searchStep(f), nameserverStep(f));
  if (f.path === 'kube-dns' || f.path === 'nodelocal') {
    steps.push(endpointsStep(f), podsStep(f), kubeletStep(f), corefileStep(f), policyStep(f));
  } else {
    steps.push(kubeletStep(f));
  }
  pushAll(steps, debugContainerStep(f));
  pushAll(steps, queryStep(f));
  return steps;
}

/**
 * The path drawn as one line: pod → resolv.conf → nameserver → CoreDNS pod → server block → plugin → answer.
 * `undetermined: false` on a walk that hit an unknown answer (an error finding decided it): the
 * path ends at the last name whose failure is known, not at the unknown one.
 */
export function drawPath(f: Facts, opts: { undetermined?: boolean } = {}): string {
  const { namespace, pod } = f.inputs.from;
  const parts = [`pod ${namespace}/${pod}`];
  if (!f.pod) return parts.join(' → ') + ' (not found)';
  if (f.name.ip) return [...parts, 'address literal (no lookup)', f.name.text].join(' → ');
  if (f.hostsMatch) return [...parts, '/etc/hosts', f.hostsMatch.addresses.join(', ')].join(' → ');
  parts.push(`resolv.conf (${f.resolvOrigin})`);
  const ns = f.nameserverRoles[0];
  if (!ns) return [...parts, 'no nameserver'].join(' → ');
  const role = ns.role === 'kube-dns' ? ` (svc ${f.dnsService?.name})` : ns.role === 'nodelocal' ? ' (node-local cache)' : ' (not cluster DNS)';
  parts.push(`${ns.ip}${role}`);
  if (ns.role !== 'other') {
    const pod0 = f.readyDnsPods[0] ?? f.dnsPods[0];
    parts.push(pod0 ? `${pod0.name} (${podReady(pod0) ? 'ready' : 'not ready'})` : 'no CoreDNS pod');
  }
  const tried = triedCandidates(f);
  // The name that decided the outcome: the answer, else the first unknown, else the last tried.
  const unknown = f.walk.result === 'UNKNOWN' ? f.candidates[f.walk.steps.at(-1)!.index] : undefined;
  const decided = opts.undetermined === false && unknown ? tried.filter((c) => effectiveStatus(c) !== null).at(-1) : undefined;
  // A failed walk ends, in the drawing, at the last name whose failure is a fact, not an assumption.
  const lastFact = tried.filter((c) => !c.assumed && effectiveStatus(c) !== null).at(-1);
  const last = f.walk.answeredBy !== null ? f.candidates[f.walk.answeredBy] : (decided ?? unknown ?? lastFact ?? tried.at(-1));
  if (last) {
    if (last.prediction.server) parts.push(last.prediction.server);
    if (last.prediction.plugin) parts.push(last.prediction.plugin);
    const s = effectiveStatus(last);
    const answers = last.observed?.answers ?? last.prediction.answers.map((a) => a.data);
    parts.push(s === 'NOERROR' && answers.length ? answers.join(', ') : (s ?? 'unknown'));
  }
  return parts.join(' → ');
}
