/**
 * Derives, once, every fact the steps and findings read: the pod, its resolv.conf (read or
 * computed the way the kubelet writes it), /etc/hosts, the DNS Service, endpoints and pods,
 * the Corefile and its lint, the candidate names and, for each, the prediction and the
 * observation, and the stub resolver's walk over them. Pure.
 */
import { podReady, type ClusterView, type DeploymentView, type EndpointSliceView, type KubeletDnsConfig, type NodeView, type PodView, type ServiceView } from '../cluster/view.ts';
import { findCoreDnsConfig, findDnsPods, findDnsService, type CoreDnsConfig } from '../cluster/coredns-config.ts';
import type { Corefile } from '../corefile/ast.ts';
import { parseCorefile } from '../corefile/parser.ts';
import { memoryImportReader } from '../corefile/imports.ts';
import type { KubernetesPluginOptions } from '../corefile/kubernetes-options.ts';
import { lintCorefile } from '../lint/linter.ts';
import type { LintFinding } from '../shared/finding.ts';
import { predictQuery, stagesOf, type Prediction } from '../coredns/predict.ts';
import { routeQuery } from '../coredns/route.ts';
import { lookupKubernetes } from '../records/lookup.ts';
import { computePodResolvConf, computePodHosts, type PodResolvConfResult } from '../resolver/kubelet.ts';
import { parseResolvConf, type ResolvConf } from '../resolver/resolv-conf.ts';
import { parseHosts, lookupHosts, type HostsEntry, type HostsMatch } from '../resolver/hosts.ts';
import { candidateNames, walkResolution, type Candidate, type WalkResult } from '../resolver/search.ts';
import type { LibcFlavour, ResolverOutcome } from '../resolver/libc.ts';
import { evaluateDnsPolicies, type DnsPolicyVerdict } from './network-policy.ts';
import type { ExplainInputs, ObservedQuery } from './inputs.ts';
import type { QueryStatus } from './types.ts';
import { isSubdomain, toFqdn } from '../shared/fqdn.ts';
import { pushAll } from '../shared/array.ts';

export { podReady };

/** NodeLocal DNSCache's usual link-local listen address. */
export const NODELOCAL_DNS_IP = '169.254.20.10';

export type NameserverRole = 'kube-dns' | 'nodelocal' | 'other';

/** NodeLocal DNSCache when the pod asks it: where node-cache sends the cluster zone. */
export interface NodeLocalFacts {
  /** The address the pod asks (169.254.20.10). */
  ip: string;
  /** The DaemonSet, NS/NAME. */
  daemonSet?: string;
  /** node-cache's `-upstreamsvc` (kube-dns-upstream in the upstream manifest): the Service it forwards the cluster zone to. */
  upstreamService?: string;
  /** That Service's ClusterIP, when it is in the view. */
  upstreamIP?: string;
}

export interface CandidateFacts {
  candidate: Candidate;
  prediction: Prediction;
  /** Prediction folded into a resolver outcome; null = unknown. */
  predicted: QueryStatus | null;
  observed?: ObservedQuery;
}

export interface Facts {
  inputs: ExplainInputs;
  qtype: 'A' | 'AAAA';
  flavour: LibcFlavour;
  flavourGuessed: boolean;
  view: ClusterView;
  pod?: PodView;
  podRunning: boolean;
  node?: NodeView;
  kubelet: KubeletDnsConfig;
  kubeletKnown: boolean;
  clusterDomain: string;
  dnsService?: ServiceView;
  dnsServiceIP?: string;
  dnsSlices: EndpointSliceView[];
  dnsReadyAddresses: string[];
  dnsNotReadyAddresses: string[];
  coredns?: CoreDnsConfig;
  corednsProblem?: string;
  deployment?: DeploymentView;
  dnsPods: PodView[];
  readyDnsPods: PodView[];
  corefile?: Corefile;
  corefileAssumed: boolean;
  lint: LintFinding[];
  kubernetesZones: string[];
  kubernetesOptions?: KubernetesPluginOptions;
  computed?: PodResolvConfResult;
  resolv: ResolvConf;
  resolvText: string;
  resolvOrigin: 'exec' | 'computed';
  resolvDetail: string;
  hostsText?: string;
  hostsOrigin: 'exec' | 'computed';
  hostsEntries: HostsEntry[];
  hostsMatch: HostsMatch | null;
  nameserverRoles: { ip: string; role: NameserverRole }[];
  /** The role of the first nameserver: where queries go. */
  path: NameserverRole | 'none';
  /** Set when a nameserver of the pod is NodeLocal DNSCache. */
  nodelocal?: NodeLocalFacts;
  candidates: CandidateFacts[];
  walk: WalkResult;
  /** True when the walk used observed outcomes (real queries). */
  walkObserved: boolean;
  policy?: DnsPolicyVerdict;
}

const DEFAULT_DOMAIN = 'cluster.local';

/** kubeadm's default Corefile, assumed when the cluster's cannot be read. */
export function assumedCorefile(domain: string): string {
  return `.:53 {
    errors
    health
    ready
    kubernetes ${domain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf
    cache 30
    loop
    reload
    loadbalance
}
`;
}

/** Alpine and other musl images; a guess from the image name when exec could not tell. */
export function guessFlavour(pod: PodView | undefined): { flavour: LibcFlavour; guessed: boolean } {
  const images = (pod?.containers ?? []).map((c) => c.image.toLowerCase());
  if (images.some((i) => /(^|[/:_-])alpine|musl/.test(i))) return { flavour: 'musl', guessed: true };
  return { flavour: 'glibc', guessed: true };
}

function toOutcome(status: QueryStatus | null | undefined): ResolverOutcome | null {
  return status ?? null;
}

function foldPrediction(p: Prediction): QueryStatus | null {
  return p.status;
}

export function computeFacts(inputs: ExplainInputs): Facts {
  const view = inputs.view;
  const qtype = inputs.type ?? 'A';
  const pod = view.pods.find((p) => p.namespace === inputs.from.namespace && p.name === inputs.from.pod);
  const node = pod?.nodeName ? view.nodes.find((n) => n.name === pod.nodeName) : undefined;
  const kubeletFromView = pod?.nodeName ? view.kubelet[pod.nodeName] : undefined;
  const anyKubelet = kubeletFromView ?? Object.values(view.kubelet)[0];

  const cd = findCoreDnsConfig(view);
  const coredns = cd.ok ? cd.value : undefined;
  const dnsService = coredns?.service ?? findDnsService(view);
  const dnsServiceIP = dnsService && !dnsService.headless ? dnsService.clusterIPs[0] : undefined;
  const dnsSlices = dnsService
    ? view.endpointSlices.filter((s) => s.namespace === dnsService.namespace && s.serviceName === dnsService.name)
    : [];
  const ready: string[] = [];
  const notReady: string[] = [];
  for (const s of dnsSlices) for (const e of s.endpoints) pushAll(e.ready === false ? notReady : ready, e.addresses);
  const deployment = coredns?.deployment;
  const dnsPods = findDnsPods(view, coredns);

  // Corefile: the cluster's, else kubeadm's default for the known domain.
  const kubeletDomain = anyKubelet?.clusterDomain?.replace(/\.$/, '');
  let corefileText = coredns?.corefile;
  const corefileAssumed = corefileText === undefined;
  corefileText ??= assumedCorefile(kubeletDomain ?? DEFAULT_DOMAIN);
  const corefile = parseCorefile(corefileText, {
    source: coredns?.source ?? 'assumed kubeadm Corefile',
    baseDir: '/etc/coredns',
    reader: memoryImportReader(coredns?.importFiles ?? {}),
  });
  const lint = corefileAssumed
    ? []
    : lintCorefile(corefile, {
        ...(coredns?.version ? { corednsVersion: coredns.version } : {}),
        ...(kubeletDomain ? { clusterDomain: toFqdn(kubeletDomain) } : {}),
        ...(deployment ? { deployment } : {}),
      });

  // The kubernetes plugin that serves the cluster domain (through the route CoreDNS would take).
  const domainGuess = kubeletDomain ?? DEFAULT_DOMAIN;
  let kubernetesOptions: KubernetesPluginOptions | undefined;
  const route = routeQuery(corefile, toFqdn(`kubernetes.default.svc.${domainGuess}`));
  const kubernetesZones: string[] = [];
  for (const block of corefile.serverBlocks) {
    for (const d of block.body.directives) if (d.name.text === 'kubernetes') pushAll(kubernetesZones, d.args.length ? d.args.map((a) => toFqdn(a.text)) : block.keys.flatMap((k) => k.zones));
  }
  if (route) kubernetesOptions = stagesOf(route.block, route).find((s) => s.plugin === 'kubernetes')?.kubernetes;
  const forwardZone = kubernetesZones.find((z) => !z.endsWith('.arpa.'));
  const clusterDomain = (kubeletDomain ?? forwardZone?.replace(/\.$/, '') ?? DEFAULT_DOMAIN).toLowerCase();

  const kubelet: KubeletDnsConfig = {
    ...(anyKubelet ?? {}),
  };
  const kubeletKnown = kubeletFromView !== undefined;
  const { flavour, guessed } = inputs.flavour ? { flavour: inputs.flavour, guessed: false } : guessFlavour(pod);

  // What the kubelet would write; always computed so that exec'd files can be compared.
  const computed = pod
    ? computePodResolvConf({
        pod,
        kubelet: { clusterDomain, ...(kubelet.clusterDNS ? { clusterDNS: kubelet.clusterDNS } : {}), ...(kubelet.resolvConf !== undefined ? { resolvConf: kubelet.resolvConf } : {}) },
        ...(pod.nodeName && view.nodeResolvConf[pod.nodeName] !== undefined ? { nodeResolvConf: view.nodeResolvConf[pod.nodeName] } : {}),
        ...(dnsServiceIP ? { kubeDnsServiceIP: dnsServiceIP } : {}),
        ...(node ? { nodeIPs: node.addresses.filter((a) => a.type === 'InternalIP').map((a) => a.address) } : {}),
        flavour,
      })
    : undefined;

  const files = inputs.podFiles ?? snapshotFiles(view, inputs);
  const resolvText = files?.resolvConf ?? computed?.text ?? '';
  const resolvOrigin: 'exec' | 'computed' = files?.resolvConf !== undefined ? 'exec' : 'computed';
  const resolv = parseResolvConf(resolvText, flavour);
  const hostsText = files?.hosts ?? (pod ? computePodHosts(pod, { clusterDomain }) : undefined);
  const hostsEntries = hostsText ? parseHosts(hostsText) : [];
  // The name exactly as passed: a trailing dot does not match a hosts line (glibc and musl).
  const hostsMatch = lookupHosts(hostsEntries, inputs.name, qtype === 'AAAA' ? 'ipv6' : 'ipv4', flavour);

  const nodelocalDs = view.daemonSets.find((d) => /node-?local-?dns/.test(d.name));
  const nodelocal = nodelocalDs !== undefined;
  const nameserverRoles = resolv.nameservers.map((ip) => ({
    ip,
    role: (ip === dnsServiceIP ? 'kube-dns' : ip === NODELOCAL_DNS_IP || (nodelocal && ip.startsWith('169.254.')) ? 'nodelocal' : 'other') as NameserverRole,
  }));
  const path = nameserverRoles[0]?.role ?? 'none';
  const nodelocalFacts = nodeLocalFacts(view, nameserverRoles.find((r) => r.role === 'nodelocal')?.ip, nodelocalDs);
  const nodelocalUpstream = nodeLocalForward(view, nodelocalDs);

  // Predictions: what the first nameserver returns for each candidate.
  const names = candidateNames(inputs.name, resolv, flavour);
  const dnsDown = dnsService !== undefined && ready.length === 0 && (path === 'kube-dns' || path === 'nodelocal');
  // NodeLocal DNSCache (k8s-dns-node-cache) sends only the cluster domain and the reverse zones to CoreDNS.
  const viaCoreDns = (fqdn: string): boolean => path !== 'nodelocal' || isSubdomain(fqdn, `${clusterDomain}.`) || fqdn.endsWith('.arpa.');
  const policy = pod && dnsPods.length ? evaluateDnsPolicies({ client: pod, dnsPods, policies: view.networkPolicies, namespaces: view.namespaces, ...(dnsServiceIP ? { dnsServiceIP } : {}) }) : undefined;
  const udpBlocked = policy && (policy.egress.udp === 'blocked' || policy.ingress.udp === 'blocked');
  const predictCtx = {
    corefile,
    kubernetes: (q: string, t: string, o: KubernetesPluginOptions) => lookupKubernetes(view, o, q, t),
    files: coredns?.importFiles ?? {},
    ...(coredns?.version ? { corednsVersion: coredns.version } : {}),
  };
  const observedBy = new Map((inputs.observed ?? []).map((o) => [`${toFqdn(o.fqdn)} ${o.type}`, o]));
  const candidates: CandidateFacts[] = names.map((candidate) => {
    let prediction: Prediction;
    if (path === 'none') {
      // res_init.c (glibc) and resolvconf.c (musl): no nameserver line means 127.0.0.1.
      prediction = pod?.hostNetwork
        ? { status: null, answers: [], trace: ["no nameserver line: the C library asks 127.0.0.1:53, the node's own loopback, whose answers cannot be predicted"] }
        : { status: 'TIMEOUT', answers: [], trace: [`no nameserver line: the C library asks 127.0.0.1:53 inside the pod, where nothing listens (${flavour === 'glibc' ? 'glibc gets "connection refused" and gives up' : 'musl waits for the timeout'})`] };
    } else if (path === 'other') {
      prediction = { status: null, answers: [], trace: [`${resolv.nameservers[0]} is not the cluster DNS; its answers cannot be predicted`] };
    } else if (path === 'nodelocal' && !viaCoreDns(candidate.fqdn)) {
      prediction = nodeLocalUpstreamPrediction(nodelocalUpstream);
    } else if (dnsDown && path === 'nodelocal' && viaCoreDns(candidate.fqdn)) {
      prediction = { status: 'SERVFAIL', answers: [], trace: ['NodeLocal DNSCache forwards this zone to CoreDNS, which has no ready endpoint: SERVFAIL (unless the name is still in its cache)'] };
    } else if (dnsDown && path === 'kube-dns') {
      prediction = { status: 'TIMEOUT', answers: [], trace: ['the kube-dns Service has no ready endpoint: queries get no answer'] };
    } else if (udpBlocked) {
      prediction = { status: 'TIMEOUT', answers: [], trace: ['a NetworkPolicy drops the UDP query'] };
    } else {
      prediction = predictQuery(predictCtx, candidate.fqdn, qtype);
    }
    const observed = observedBy.get(`${candidate.fqdn} ${qtype}`);
    return { candidate, prediction, predicted: foldPrediction(prediction), ...(observed ? { observed } : {}) };
  });
  const walkObserved = candidates.some((c) => c.observed);
  // Nothing listens at 127.0.0.1:53 in the pod: glibc's connected socket gets ECONNREFUSED (it gives up at once), musl times out.
  const refused = path === 'none' && !pod?.hostNetwork && flavour === 'glibc';
  const outcomes = candidates.map((c) => (c.observed ? toOutcome(c.observed.status) : refused ? 'CONNREFUSED' : toOutcome(c.predicted)));
  const walk = walkResolution(
    candidates.map((c) => c.candidate),
    outcomes,
    { flavour, conf: resolv, family: 'any' },
  );

  return {
    inputs,
    qtype,
    flavour,
    flavourGuessed: guessed,
    view,
    ...(pod ? { pod } : {}),
    podRunning: pod?.phase === 'Running',
    ...(node ? { node } : {}),
    kubelet,
    kubeletKnown,
    clusterDomain,
    ...(dnsService ? { dnsService } : {}),
    ...(dnsServiceIP ? { dnsServiceIP } : {}),
    dnsSlices,
    dnsReadyAddresses: ready,
    dnsNotReadyAddresses: notReady,
    ...(coredns ? { coredns } : { corednsProblem: cd.ok ? undefined : cd.error }),
    ...(deployment ? { deployment } : {}),
    dnsPods,
    readyDnsPods: dnsPods.filter(podReady),
    corefile,
    corefileAssumed,
    lint,
    kubernetesZones,
    ...(kubernetesOptions ? { kubernetesOptions } : {}),
    ...(computed ? { computed } : {}),
    resolv,
    resolvText,
    resolvOrigin,
    resolvDetail: files?.resolvConf !== undefined ? files.detail : inputs.filesProblem ? `computed as the kubelet writes it (${inputs.filesProblem})` : 'computed as the kubelet writes it',
    ...(hostsText !== undefined ? { hostsText } : {}),
    hostsOrigin: files?.hosts !== undefined ? 'exec' : 'computed',
    hostsEntries,
    hostsMatch,
    nameserverRoles,
    path,
    ...(nodelocalFacts ? { nodelocal: nodelocalFacts } : {}),
    candidates,
    walk,
    walkObserved,
    ...(policy ? { policy } : {}),
  } as Facts;
}

/**
 * Where node-local-dns sends names outside the cluster zone: the `forward` of the `.:53` block
 * of its ConfigMap (the upstream manifest: `forward . __PILLAR__UPSTREAM__SERVERS__`, which
 * node-cache replaces with the nameservers of the node's /etc/resolv.conf). Undefined when the
 * ConfigMap is not in the view.
 */
function nodeLocalForward(view: ClusterView, ds: ClusterView['daemonSets'][number] | undefined): { configMap: string; targets: string[] } | undefined {
  const cm = view.configMaps.find((c) => (ds ? c.namespace === ds.namespace : true) && /node-?local-?dns/.test(c.name) && typeof c.data['Corefile'] === 'string');
  if (!cm) return undefined;
  const root = /(^|\n)\s*\.:53\s*\{([\s\S]*?)\n\s*\}/.exec(cm.data['Corefile']!);
  const fwd = root ? /^\s*forward\s+\.\s+([^{\n]+)/m.exec(root[2]!) : null;
  return { configMap: `${cm.namespace}/${cm.name}`, targets: fwd ? fwd[1]!.trim().split(/\s+/) : [] };
}

/** A name outside the cluster zone asked of NodeLocal DNSCache: it never reaches CoreDNS. */
function nodeLocalUpstreamPrediction(fwd: { configMap: string; targets: string[] } | undefined): Prediction {
  const pillar = fwd === undefined || fwd.targets.length === 0 || fwd.targets.includes('__PILLAR__UPSTREAM__SERVERS__') || fwd.targets.includes('/etc/resolv.conf');
  const where = pillar ? "the nameservers of the node's /etc/resolv.conf" : fwd!.targets.join(' ');
  const source = fwd ? `its ConfigMap ${fwd.configMap}: forward . ${fwd.targets.join(' ') || '(none)'}` : 'as the upstream manifest does (forward . __PILLAR__UPSTREAM__SERVERS__)';
  return {
    status: null,
    answers: [],
    server: 'node-local-dns .:53',
    plugin: 'forward',
    upstreams: pillar ? ["node's /etc/resolv.conf"] : fwd!.targets,
    trace: [`NodeLocal DNSCache sends names outside the cluster zone to ${where} (${source}), not through CoreDNS: their answer cannot be predicted`],
  };
}

/** node-cache's flags (k8s-dns-node-cache: `-localip 169.254.20.10,10.96.0.10 -upstreamsvc kube-dns-upstream`). */
function nodeLocalFacts(view: ClusterView, ip: string | undefined, ds: ClusterView['daemonSets'][number] | undefined): NodeLocalFacts | undefined {
  if (ip === undefined) return undefined;
  const out: NodeLocalFacts = { ip };
  if (!ds) return out;
  out.daemonSet = `${ds.namespace}/${ds.name}`;
  for (const c of ds.containers) {
    const args = [...(c.command ?? []), ...(c.args ?? [])];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const m = /^--?upstreamsvc(?:=(.*))?$/.exec(a);
      if (!m) continue;
      const name = m[1] ?? args[i + 1];
      if (name) out.upstreamService = name;
    }
  }
  if (out.upstreamService) {
    const svc = view.services.find((s) => s.namespace === ds.namespace && s.name === out.upstreamService);
    const svcIP = svc && !svc.headless ? svc.clusterIPs[0] : undefined;
    if (svcIP) out.upstreamIP = svcIP;
  }
  return out;
}

function snapshotFiles(view: ClusterView, inputs: ExplainInputs): ExplainInputs['podFiles'] {
  const f = view.files[`${inputs.from.namespace}/${inputs.from.pod}`];
  if (!f) return undefined;
  const out: NonNullable<ExplainInputs['podFiles']> = { origin: 'snapshot', detail: `read inside the pod when the snapshot was taken (${view.source})` };
  if (f['/etc/resolv.conf'] !== undefined) out.resolvConf = f['/etc/resolv.conf'];
  if (f['/etc/hosts'] !== undefined) out.hosts = f['/etc/hosts'];
  return out;
}
