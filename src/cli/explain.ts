import { Option, type Command } from 'commander';
import type { CliContext } from './context.ts';
import { addClusterFlags, addOutputFlags, parseDuration, parseServer, useColor, type ClusterFlags, type OutputFlags } from './flags.ts';
import { UsageError, EXIT } from '../shared/errors.ts';
import type { ClusterView } from '../model/view.ts';
import type { ExplainInputs, ObservedQuery } from '../explain/inputs.ts';
import type { ExplainResult } from '../explain/types.ts';
import type { LibcFlavour } from '../resolver/libc.ts';
import { parseFromRef, pickWorkloadPod, choiceLine, refText, type FromRef } from './from-ref.ts';

/** The types --type accepts: what the records model and CoreDNS's kubernetes plugin answer. */
const QUERY_TYPES = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT', 'MX', 'NS', 'SOA'] as const;

/** `--type aaaa` means AAAA; anything else is a usage error listing the accepted types (exit 2). */
function upperType(value: string): string {
  const t = value.toUpperCase();
  if (!(QUERY_TYPES as readonly string[]).includes(t)) throw new UsageError(`--type ${value} is not a query type explain asks; accepted: ${QUERY_TYPES.join(', ')}`);
  return t;
}

interface ExplainFlags extends ClusterFlags, OutputFlags {
  from?: string;
  container?: string;
  type?: string;
  dnsServer?: string;
  exec: boolean;
  query: boolean;
  queryTimeout: string;
  resolver?: LibcFlavour;
  logs: boolean;
  debugContainer?: string;
  debugContainerTimeout: string;
}

export function registerExplain(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('explain')
    .description('Explain, step by step, why NAME does or does not resolve from a pod — and prove it with real queries')
    .argument('<name>', 'the name as the program in the pod uses it (web, web.shop, api.example.com, db-0.db.)')
    .usage('NAME --from [NS/]POD [flags]')
    .requiredOption('--from <[ns/]pod|type/name>', 'the pod the name is resolved from (namespace: -n, else the context namespace); TYPE/NAME (deploy/web, sts/db, ds/x, job/x) means a ready pod of that workload, as kubectl exec chooses')
    .option('-c, --container <name>', 'the container to exec into (default: the first)')
    .addOption(new Option('--type <type>', 'ask one query type per name (default: A and AAAA, as getaddrinfo asks)').choices([...QUERY_TYPES]).argParser(upperType))
    .option('--dns-server <host[:port]>', 'send the real queries to this server instead of from the pod or through a port-forward')
    .option('--no-exec', 'do not exec into the pod: compute resolv.conf and /etc/hosts the way the kubelet writes them')
    .option('--no-query', 'send no DNS query: predictions from the cluster objects only')
    .option('--no-logs', 'do not read the CoreDNS pods\' recent logs')
    .option('--query-timeout <duration>', 'time to wait for each DNS answer', '2s')
    .option(
      '--debug-container <image>',
      'add an ephemeral container with this image (it must have dig) to the pod and send the real queries from it; the only change kubectl-dns ever makes to a cluster (see below)',
    )
    .option('--debug-container-timeout <duration>', 'how long to wait for the ephemeral container to be running (image pull included)', '60s')
    .addOption(new Option('--resolver <libc>', "the pod's C library (default: detected from /etc/os-release, else guessed from the image)").choices(['glibc', 'musl']));
  addClusterFlags(cmd);
  addOutputFlags(cmd);
  cmd.addHelpText(
    'after',
    `
Real queries are sent, in this order of preference: from inside the pod with dig (the pod's own
network path); else through a port-forward to a ready CoreDNS pod (tests CoreDNS, not the pod's
path); else to --dns-server. With --snapshot nothing is sent unless --dns-server is given.

--debug-container IMAGE (opt-in; needs RBAC "patch" on pods/ephemeralcontainers, the
kubectl-dns-debug-container ClusterRole in deploy/rbac.yaml) adds an ephemeral container, as
"kubectl debug POD --image=IMAGE" does but non-interactive: named kubectl-dns-xxxxx, running
"sleep 300" with no privileges, so it exits by itself. Because you asked for it, dig runs there
instead of in the app container: same network namespace and resolv.conf as the app, so the same
path, with a dig you chose. Kubernetes cannot remove an ephemeral container: it stays in the
pod's spec until the pod is deleted (a later run reuses a running one rather than add another).
If it cannot be added (forbidden, ephemeral containers disabled) or is not running within
--debug-container-timeout (e.g. the image cannot be pulled), explain says why and falls back to
the paths above. Without the flag kubectl-dns never writes to the cluster.

Exit codes: 0 the name resolves, 1 it does not (or cannot be proven), 2 bad input or the cluster
could not be reached.

Examples:
  # Why does "curl web" fail in pod checkout-6f9c7b-abcde of namespace shop?
  kubectl dns explain web --from shop/checkout-6f9c7b-abcde

  # The same from the bundled example snapshot, offline (predictions only)
  kubectl dns explain web --from default/client --snapshot examples/snapshot.yaml

  # Explain the AAAA walk of an external name, as JSON
  kubectl dns explain api.github.com --from default/client --type AAAA -o json

  # Send the queries to a given server (e.g. a CoreDNS port you forwarded yourself)
  kubectl dns explain db-0.db.shop --from default/client --dns-server 127.0.0.1:5353

  # The pod's image has no dig: add an ephemeral container with one and query from the pod
  kubectl dns explain web.shop --from default/client --debug-container registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3
`,
  );
  cmd.action(async (name: string, flags: ExplainFlags) => {
    ctx.exitCode = await runExplain(name, flags, ctx);
  });
}

/** A workload in a snapshot: its pods by the Deployment's selector, else by their owner references. */
function snapshotFrom(view: ClusterView, ref: FromRef, env: CliContext['env']): { namespace: string; pod: string } {
  if (ref.kind === 'Pod') return { namespace: ref.namespace, pod: ref.name };
  const d = ref.kind === 'Deployment' ? view.deployments.find((x) => x.namespace === ref.namespace && x.name === ref.name) : undefined;
  const chosen = pickWorkloadPod(view.pods, ref, d && Object.keys(d.selector).length ? { matchLabels: d.selector } : undefined);
  env.stderr.write(choiceLine(ref, chosen));
  return { namespace: ref.namespace, pod: chosen.pod.name };
}

/** A workload in a live cluster: its selector from the API (as kubectl exec reads it), then its pods. */
async function liveFrom(client: import('../cluster/client.ts').ClusterClient, ref: FromRef, env: CliContext['env']): Promise<{ namespace: string; pod: string }> {
  if (ref.kind === 'Pod') return { namespace: ref.namespace, pod: ref.name };
  const { describeClusterError } = await import('../cluster/errors.ts');
  const { toPodView } = await import('../cluster/trim.ts');
  const { resourcePath } = await import('../model/kinds.ts');
  const path =
    ref.kind === 'Job'
      ? `/apis/batch/v1/namespaces/${encodeURIComponent(ref.namespace)}/jobs/${encodeURIComponent(ref.name)}`
      : resourcePath(ref.kind, ref.namespace, ref.name);
  const w = await client.getJSON(path);
  if (!w.ok) {
    if (w.error.kind === 'notFound') throw new UsageError(`${refText(ref)} not found in namespace ${ref.namespace}`);
    throw new UsageError(`--from ${refText(ref)}: ${describeClusterError(w.error)}`);
  }
  const selector = ((w.value as { spec?: { selector?: import('../model/view.ts').LabelSelector } }).spec ?? {}).selector;
  if (!selector) throw new UsageError(`${refText(ref)} in namespace ${ref.namespace} has no selector`);
  const pods = await client.list('Pod', { namespace: ref.namespace });
  if (!pods.ok) throw new UsageError(`--from ${refText(ref)}: ${describeClusterError(pods.error)}`);
  const chosen = pickWorkloadPod(pods.value.map((o) => toPodView(o as Parameters<typeof toPodView>[0])), ref, selector);
  env.stderr.write(choiceLine(ref, chosen));
  return { namespace: ref.namespace, pod: chosen.pod.name };
}

async function runExplain(name: string, flags: ExplainFlags, ctx: CliContext): Promise<number> {
  const { env } = ctx;
  const { validateDnsName } = await import('../resolver/dns-name.ts');
  const { isIP } = await import('node:net');
  // An IP address is not a DNS name, but getaddrinfo takes it: explain says what happens to it.
  const bad = isIP(name) ? null : validateDnsName(name);
  if (bad) throw new UsageError(`"${name}" is not a valid DNS name: ${bad}`);
  const queryTimeoutMs = parseDuration(flags.queryTimeout, '--query-timeout');
  const dnsServer = flags.dnsServer ? parseServer(flags.dnsServer) : undefined;
  if (dnsServer && !flags.query) throw new UsageError('--dns-server and --no-query contradict each other');
  const debugImage = flags.debugContainer !== undefined ? checkDebugImage(flags) : undefined;
  const debugWaitMs = parseDuration(flags.debugContainerTimeout, '--debug-container-timeout');

  const { diagnose, computeFacts } = await import('../explain/diagnose.ts');
  let inputs: ExplainInputs;
  let live: { client: import('../cluster/client.ts').ClusterClient; container?: string } | undefined;

  if (flags.snapshot) {
    const { readSnapshotFile } = await import('../cluster/snapshot.ts');
    const r = await readSnapshotFile(flags.snapshot);
    if (!r.ok) throw new UsageError(r.error);
    for (const w of r.value.warnings) env.stderr.write(`warning: ${w}\n`);
    const from = snapshotFrom(r.value.view, parseFromRef(flags.from!, flags.namespace, flags.namespace), env);
    requirePod(r.value.view, from);
    inputs = { name, from, view: r.value.view };
  } else {
    const { connect } = await import('../cluster/client.ts');
    const client = await connect(flags, { env: env.env });
    const from = await liveFrom(client, parseFromRef(flags.from!, client.namespace, client.namespaceFromFlag ? client.namespace : undefined), env);
    const { gatherExplain } = await import('../cluster/explain-gather.ts');
    const requestTimeoutMs = client.requestTimeoutMs || 10_000;
    const g = await gatherExplain(client, {
      namespace: from.namespace,
      pod: from.pod,
      name,
      ...(flags.container ? { container: flags.container } : {}),
      exec: flags.exec,
      logs: flags.logs,
      execTimeoutMs: requestTimeoutMs,
    });
    inputs = {
      name,
      from,
      view: g.view,
      ...(g.podFiles ? { podFiles: g.podFiles } : {}),
      ...(g.filesProblem ? { filesProblem: g.filesProblem } : {}),
      ...(g.flavour ? { flavour: g.flavour } : {}),
      corednsLogs: g.corednsLogs,
      unchecked: g.unchecked,
    };
    live = { client, ...(g.container ? { container: g.container } : {}) };
  }
  if (flags.type) inputs.type = flags.type;
  if (flags.resolver) inputs.flavour = flags.resolver;

  // The candidates come from the (read or computed) resolv.conf; then the real queries.
  if (flags.query && (dnsServer || live)) {
    const facts = computeFacts(inputs);
    const questions = facts.hostsMatch ? [] : facts.candidates.flatMap((c) => facts.qtypes.map((type) => ({ fqdn: c.candidate.fqdn as string, type })));
    if (questions.length) {
      const debug: SendOptions['debug'] = debugImage ? { image: debugImage, waitMs: debugWaitMs } : undefined;
      const sent = await sendRealQueries(questions, {
        dnsServer,
        live,
        facts,
        queryTimeoutMs,
        exec: flags.exec,
        namespace: inputs.from.namespace,
        pod: inputs.from.pod,
        ...(debug ? { debug } : {}),
        notice: (line) => env.stderr.write(`warning: ${line}\n`),
      });
      if (sent.observed) inputs.observed = sent.observed;
      inputs.queriedVia = sent.via;
      if (debug?.report) inputs.debugContainer = debug.report;
      if (sent.problem) (inputs.unchecked ??= []).push(sent.problem);
    }
  }

  const result = diagnose(inputs);
  for (const u of inputs.unchecked ?? []) env.stderr.write(`warning: ${u}\n`);
  const { makePaint } = await import('../render/paint.ts');
  const { renderExplainJson, renderExplainText, renderExplainYaml } = await import('../render/explain.ts');
  const { writeTemplated } = await import('./output.ts');
  ctx.stdoutIsData = flags.output !== 'text';
  if (await writeTemplated(flags.output, { headers: flags.headers, listKey: 'findings' }, () => renderExplainJson(result), env.stdout)) {
    return result.resolved ? EXIT.ok : EXIT.problem;
  }
  const text =
    flags.output === 'json'
      ? renderExplainJson(result)
      : flags.output === 'yaml'
        ? renderExplainYaml(result)
        : renderExplainText(result, await makePaint(useColor(flags.color, env.stdout, env.env)));
  ctx.stdoutIsData = flags.output !== 'text';
  env.stdout.write(text);
  return result.resolved ? EXIT.ok : EXIT.problem;
}

/** --debug-container makes sense only live, with exec and queries; returns the image. */
function checkDebugImage(flags: ExplainFlags): string {
  const image = flags.debugContainer!.trim();
  const why = flags.snapshot
    ? '--snapshot reads no live cluster'
    : !flags.exec
      ? '--no-exec forbids exec into the pod, and the debug container is used through exec'
      : !flags.query
        ? '--no-query sends no query'
        : flags.dnsServer
          ? '--dns-server sends the queries elsewhere'
          : undefined;
  if (why) throw new UsageError(`--debug-container cannot be used here: ${why}`);
  if (image === '' || /\s/.test(image) || image.startsWith('-')) throw new UsageError(`--debug-container "${flags.debugContainer}" is not an image reference (e.g. registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3)`);
  return image;
}

function requirePod(view: ClusterView, from: { namespace: string; pod: string }): void {
  if (view.pods.some((p) => p.namespace === from.namespace && p.name === from.pod)) return;
  const names = view.pods.filter((p) => p.namespace === from.namespace).map((p) => p.name);
  const near = names.find((n) => n.startsWith(from.pod + '-')) ?? names.find((n) => n.includes(from.pod));
  throw new UsageError(`pod "${from.pod}" not found in namespace ${from.namespace} of the snapshot${near ? `; did you mean ${near}?` : ''}`);
}

interface SendOptions {
  dnsServer: { host: string; port: number } | undefined;
  live: { client: import('../cluster/client.ts').ClusterClient; container?: string } | undefined;
  facts: import('../explain/facts.ts').Facts;
  queryTimeoutMs: number;
  exec: boolean;
  namespace: string;
  pod: string;
  /** --debug-container: the image, how long to wait for it to run; `report` is set to what was done. */
  debug?: { image: string; waitMs: number; report?: import('../explain/types.ts').DebugContainerReport };
  /** A line for stderr (the cluster change, fallbacks). */
  notice: (line: string) => void;
}

interface Sent {
  observed?: ObservedQuery[];
  via: NonNullable<ExplainResult['queriedVia']>;
  problem?: string;
}

/** Sends the candidates' queries by the best path available. */
async function sendRealQueries(questions: { fqdn: string; type: string }[], o: SendOptions): Promise<Sent> {
  const { runQueries } = await import('../dns/pool.ts');
  const { toObserved } = await import('../dns/observed.ts');
  const pool = async (server: { host: string; port: number }, transport?: 'udp' | import('../dns/query.ts').DuplexFactory) => {
    const r = await runQueries(
      questions.map((q) => ({ name: q.fqdn, type: q.type })),
      { server, ...(transport ? { transport } : {}), concurrency: 8, perQueryTimeoutMs: o.queryTimeoutMs, totalTimeoutMs: o.queryTimeoutMs * (questions.length + 2), streams: 1 },
    );
    // Every query failing to even reach a server is a failed path, not a DNS answer.
    if (r.outcomes.every((x) => x.status === 'ERROR')) throw new Error(r.outcomes[0]?.error ?? 'no query could be sent');
    return r.outcomes.map((x, i) => toObserved(questions[i]!.fqdn, questions[i]!.type, x.status, x.answers, x.error));
  };

  if (o.dnsServer) {
    const s = o.dnsServer;
    try {
      return { observed: await pool(s), via: { kind: 'dns-server', detail: `queries sent to --dns-server ${s.host}:${s.port}, not from the pod` } };
    } catch (e) {
      const why = `--dns-server ${s.host}:${s.port}: ${(e as Error).message}`;
      return { via: { kind: 'none', detail: `no query was sent (${why})` }, problem: `real queries not sent: ${why}` };
    }
  }
  const live = o.live!;
  const f = o.facts;
  const problems: string[] = [];
  const nameserver = f.resolv.nameservers[0];
  const digTimeoutMs = o.queryTimeoutMs * (questions.length + 2) + 5000;
  /** One exec of dig with every question, in the given container; the observations or why not. */
  const digIn = async (container: string | undefined): Promise<{ observed: ObservedQuery[] } | { notFound: boolean; detail: string }> => {
    const { execRead } = await import('../cluster/exec.ts');
    const { digArgv, parseDigOutput } = await import('../dns/dig-output.ts');
    const argv = digArgv(nameserver!, questions, Math.max(1, Math.round(o.queryTimeoutMs / 1000)));
    const r = await execRead(live.client.kubeConfig as never, o.namespace, o.pod, container, argv, {
      timeoutMs: digTimeoutMs,
      ...(live.client.impersonateGroups.length ? { headers: { 'Impersonate-Group': live.client.impersonateGroups } } : {}),
    });
    // dig exits 9 when some question got no answer; its output still holds the rest.
    if (r.outcome === 'ok' || (r.outcome === 'nonZeroExit' && /Got answer|no servers could be reached|timed out/.test(r.stdout))) {
      return { observed: parseDigOutput(r.stdout, questions) };
    }
    return { notFound: r.outcome === 'notFound', detail: r.detail };
  };
  // 0. --debug-container: dig in an ephemeral container added to the pod. The user asked for it,
  //    so it goes first, instead of the app container's dig: it shares the pod's network
  //    namespace and resolv.conf, so it tests the same path with a dig the user chose.
  if (o.debug && nameserver) {
    const where = `${o.namespace}/${o.pod}`;
    let problem: string;
    if (!f.podRunning) {
      problem = `the pod is ${f.pod?.phase ?? 'not running'}, so no ephemeral container was added`;
      o.debug.report = { pod: where, image: o.debug.image, added: false, reused: false, used: false, detail: `No ephemeral container was added: ${problem}.` };
    } else {
      const { startDebugContainer } = await import('../cluster/ephemeral.ts');
      const requestTimeoutMs = live.client.requestTimeoutMs || 10_000;
      const dc = await startDebugContainer(live.client, {
        namespace: o.namespace,
        pod: o.pod,
        image: o.debug.image,
        waitMs: o.debug.waitMs,
        neededMs: digTimeoutMs + requestTimeoutMs,
        requestTimeoutMs,
        notice: o.notice,
      });
      o.debug.report = dc.report;
      if (dc.ok) {
        const r = await digIn(dc.name);
        if ('observed' in r) {
          dc.report.used = true;
          dc.report.detail += ` dig ran in it.`;
          return {
            observed: r.observed,
            via: { kind: 'debug-container', detail: `queries sent from inside the pod with dig to ${nameserver}, from ephemeral container ${dc.name} (image ${o.debug.image}): the pod's own network path` },
          };
        }
        problem = r.notFound ? `the image ${o.debug.image} has no dig` : `dig in ephemeral container ${dc.name} failed: ${r.detail}`;
        dc.report.detail += ` But ${problem}.`;
      } else {
        problem = dc.problem;
      }
    }
    problems.push(`--debug-container: ${problem}`);
    o.notice(`--debug-container: ${problem}; sending the queries another way`);
  }
  // 1. From inside the pod, with dig, to the pod's own nameserver.
  if (o.exec && f.podRunning && nameserver) {
    const r = await digIn(live.container);
    if ('observed' in r) {
      const why = problems.length ? ` (${problems.join('; ')})` : '';
      return { observed: r.observed, via: { kind: 'pod-exec', detail: `queries sent from inside the pod with dig to ${nameserver}${why}` } };
    }
    problems.push(r.notFound ? 'the pod has no dig' : `dig in the pod failed: ${r.detail}`);
  }
  // 2. Through a port-forward to a ready CoreDNS pod (TCP), as records --verify does.
  const ready = f.readyDnsPods[0];
  if (ready) {
    const { forwardTargetOf, portForwardFactory } = await import('../cluster/dns-target.ts');
    const target = forwardTargetOf(ready);
    try {
      const observed = await pool(
        { host: target.pod, port: target.port },
        portForwardFactory(live.client, target, { openTimeoutMs: Math.max(5000, o.queryTimeoutMs), streams: 1 }),
      );
      const why = problems.length ? ` (${problems.join('; ')})` : '';
      return {
        observed,
        via: { kind: 'port-forward', detail: `queries sent over TCP through a port-forward to ${target.namespace}/${target.pod}:${target.port}${why}: this tests CoreDNS, not the pod's own network path` },
      };
    } catch (e) {
      problems.push(`port-forward to ${target.namespace}/${target.pod} failed: ${(e as Error).message}`);
    }
  } else {
    problems.push('no ready CoreDNS pod to port-forward to');
  }
  return {
    via: { kind: 'none', detail: `no query was sent (${problems.join('; ')}); pass --dns-server to send them elsewhere` },
    problem: `real queries not sent: ${problems.join('; ')}`,
  };
}
