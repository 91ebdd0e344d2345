import type { Command } from 'commander';
import type { ClusterView } from '../model/view.ts';
import type { Kind } from '../model/kinds.ts';
import type { DnsPath } from '../cluster/dns-target.ts';
import { UsageError, EXIT } from '../shared/errors.ts';
import type { CliContext } from './context.ts';
import { addClusterFlags, addOutputFlags, parseDuration, parseServer, useColor, type ClusterFlags, type OutputFlags } from './flags.ts';
import { listRecords } from '../records/build.ts';
import { optionsFromCorefile } from '../records/options-from-corefile.ts';
import { withServedTtls } from '../records/cache-ttl.ts';
import { RECORD_TYPES } from '../records/types.ts';
import { recordsJsonChunks, renderRecordsNames, renderRecordsText, renderRecordsYaml, renderRecordsZone, type RecordRow, type RecordsReport } from '../render/records.ts';
import { makePaint } from '../render/paint.ts';

interface RecordsFlags extends ClusterFlags, OutputFlags {
  allNamespaces?: boolean;
  type?: string;
  service?: string;
  verify?: boolean;
  dnsServer?: string;
  queryServiceIp?: boolean;
  queryTimeout?: string;
}

export function registerRecords(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('records')
    .description("List the DNS records CoreDNS's kubernetes plugin serves for a namespace; --verify proves each with a real query")
    .usage('-n NAMESPACE | -A [--type A,SRV] [--service NAME] [--verify [--dns-server HOST[:PORT]]] [-o text|wide|name|zone|json|yaml|jsonpath=...|custom-columns=...]')
    .option('-A, --all-namespaces', 'list the records of every namespace (and the zone apex)')
    .option('--type <types>', `only these record types, comma-separated (${RECORD_TYPES.join(', ')})`)
    .option('--service <name>', 'only the records of this Service')
    .option('--verify', 'send every record as a real DNS query and mark it match / mismatch / missing')
    .option(
      '--dns-server <host[:port]>',
      'with --verify: the DNS server to ask (default: a port-forward to a ready CoreDNS pod, else, in a pod or with --query-service-ip, the kube-dns Service address; required with --snapshot)',
    )
    .option('--query-service-ip', 'with --verify: when the port-forward fails, query the kube-dns Service address from this machine (done by default only inside the cluster)')
    .option('--query-timeout <duration>', 'with --verify: time to wait for each answer', '2s');
  addClusterFlags(cmd);
  addOutputFlags(cmd, ['text', 'json', 'yaml', 'wide', 'name', 'zone']);
  cmd.addHelpText(
    'after',
    `
Examples:
  # Every record CoreDNS serves for namespace shop
  kubectl dns records -n shop

  # Only the SRV records of Service db, as JSON
  kubectl dns records -n shop --service db --type SRV -o json

  # Names only, one a line; or the records as zone-file lines (as dig prints them)
  kubectl dns records -n shop -o name
  kubectl dns records -n shop -o zone

  # kubectl's jsonpath and custom-columns, on the -o json document
  kubectl dns records -n shop -o jsonpath='{range .records[*]}{.name}{"\\t"}{.data}{"\\n"}{end}'
  kubectl dns records -n shop -o custom-columns=NAME:.name,DATA:.data --no-headers

  # Every namespace, read from a snapshot file
  kubectl dns records -A --snapshot cluster.yaml

  # Prove each record with a real query (exit 1 on any mismatch or missing record); the queries go
  # over TCP through a port-forward to a ready CoreDNS pod
  kubectl dns records -n shop --verify

  # The same against a given server (e.g. from inside the cluster, or a port you forwarded yourself)
  kubectl dns records -n shop --verify --dns-server 10.96.0.10
  kubectl dns records -A --snapshot cluster.yaml --verify --dns-server 127.0.0.1:5353

--verify sends the queries, in this order of preference: to --dns-server when given; else over TCP
through a port-forward (API server -> kubelet) to a ready CoreDNS pod; else over UDP to the kube-dns
Service address, if a probe query gets an answer there, but only when kubectl-dns runs inside the
cluster (in-cluster configuration) or --query-service-ip is given: from a laptop that address belongs
to whatever network the laptop is on. A line on stderr says which path was used and why a preferred
one was not; with -o json/yaml it is also in summary.path and summary.via. When no path works the
records are printed as predictions with a warning saying why. Reading the cluster and
port-forwarding are the only API requests. With --snapshot there is no API server: --verify needs
--dns-server.
`,
  );
  cmd.action(async (flags: RecordsFlags) => {
    ctx.exitCode = await runRecords(flags, ctx);
  });
}

async function runRecords(flags: RecordsFlags, ctx: CliContext): Promise<number> {
  const { env } = ctx;
  if (flags.allNamespaces && flags.namespace) throw new UsageError('use either -n NAMESPACE or -A, not both');
  if (flags.dnsServer && !flags.verify) throw new UsageError('--dns-server needs --verify');
  if (flags.queryServiceIp && !flags.verify) throw new UsageError('--query-service-ip needs --verify');
  if (flags.verify && flags.snapshot && !flags.dnsServer) {
    throw new UsageError('--verify with --snapshot needs --dns-server HOST[:PORT]: a snapshot has no API server to port-forward through');
  }
  const types = parseTypes(flags.type);
  const queryTimeoutMs = parseDuration(flags.queryTimeout ?? '2s', '--query-timeout');
  const dnsServer = flags.dnsServer ? parseServer(flags.dnsServer) : undefined;

  // The cluster view: snapshot first (no client-node import), else the API server.
  const { loadClusterView } = await import('../cluster/load.ts');
  let view: ClusterView;
  let namespace: string;
  let client: import('../cluster/client.ts').ClusterClient | undefined;
  const wantNs = (ns: string | 'all') => ({
    namespaces: ns === 'all' ? ('all' as const) : [ns],
    kinds: ['Namespace', 'Service', 'EndpointSlice', 'Pod'] as Kind[],
    dns: true,
  });
  if (flags.snapshot) {
    namespace = flags.allNamespaces ? '*' : (flags.namespace ?? 'default');
    view = await loadClusterView({ snapshotFile: flags.snapshot }, wantNs(flags.allNamespaces ? 'all' : namespace));
  } else {
    const { connect } = await import('../cluster/client.ts');
    client = await connect(flags, { env: env.env });
    namespace = flags.allNamespaces ? '*' : client.namespace;
    view = await loadClusterView({ client }, wantNs(flags.allNamespaces ? 'all' : namespace));
  }
  for (const w of view.warnings ?? []) env.stderr.write(`warning: ${w}\n`);

  // The kubernetes block's options from the Corefile.
  const { findCoreDnsConfig } = await import('../model/coredns-config.ts');
  const cfg = findCoreDnsConfig(view);
  const fromCorefile = cfg.ok
    ? optionsFromCorefile(cfg.value.corefile, cfg.value.source)
    : optionsFromCorefile('', 'the cluster (no CoreDNS ConfigMap found)');
  if (fromCorefile.assumed) env.stderr.write(`warning: ${fromCorefile.origin}\n`);

  const filter = {
    namespaces: flags.allNamespaces ? ('all' as const) : [namespace],
    ...(types.length ? { types } : {}),
    ...(flags.service ? { service: flags.service } : {}),
  };
  if (flags.service) {
    // A Service that is not there has no records: that is an error, not an empty success.
    const wanted = flags.service.toLowerCase();
    const found = view.services.some((svc) => svc.name.toLowerCase() === wanted && (flags.allNamespaces || svc.namespace === namespace));
    // Services RBAC refused to list (a warning already says so) may hold it: unknown, not absent.
    const unread = (view.warnings ?? []).some((w) => w.startsWith('not read: services'));
    if (!found && !unread) {
      throw new UsageError(
        flags.allNamespaces ? `service "${flags.service}" not found in any namespace` : `service "${flags.service}" not found in namespace "${namespace}"`,
      );
    }
  }
  const listing = listRecords(view, fromCorefile.opts, filter);
  listing.records = withServedTtls(listing.records, fromCorefile.cache);
  const report: RecordsReport = { zone: listing.zone, namespace, records: listing.records, notes: listing.notes };

  if (flags.verify) {
    const { chooseDnsPath } = await import('../cluster/dns-target.ts');
    const { questionsFor } = await import('../dns/compare.ts');
    const questions = questionsFor(listing.records).length;
    const chosen = await chooseDnsPath({
      view,
      ...(client ? { client } : {}),
      ...(dnsServer ? { dnsServer } : {}),
      probe: { name: listing.zone, type: 'SOA' },
      probeTimeoutMs: Math.min(queryTimeoutMs, 3000),
      openTimeoutMs: client?.requestTimeoutMs || 10_000,
      streams: forwardStreams(questions),
      ...(flags.queryServiceIp ? { serviceAddress: 'flag' as const } : client?.context === 'in-cluster' ? { serviceAddress: 'in-cluster' as const } : {}),
    });
    if (!chosen.ok) {
      if (!client) throw new UsageError(`--verify: ${chosen.error}`);
      // No path the user allowed: say so, and show the predictions unverified (never another network's answers).
      env.stderr.write(`warning: --verify: ${chosen.error}; the records below are predictions, not verified\n`);
      report.verify = { path: 'none', via: 'none', summary: { total: 0, match: 0, mismatch: 0, missing: 0 }, fallbackReason: chosen.error };
    } else {
      const path = chosen.value;
      const why = path.skipped.length ? ` (not used: ${path.skipped.join('; ')})` : '';
      env.stderr.write(`verifying ${listing.records.length} records against ${path.label}${why}\n`);
      const verified = await verify(listing.records, path, queryTimeoutMs);
      report.records = verified;
      const summary = { total: verified.length, match: 0, mismatch: 0, missing: 0 };
      for (const r of verified) if (r.observed) summary[r.observed]++;
      report.verify = { path: path.label, via: path.kind, summary, ...(path.skipped.length ? { fallbackReason: path.skipped.join('; ') } : {}) };
    }
  }

  const paint = await makePaint(useColor(flags.color, env.stdout, env.env));
  // tables are text (escaped for the terminal); every other format is data, written exactly
  ctx.stdoutIsData = flags.output !== 'text' && flags.output !== 'wide';
  const { writeTemplated } = await import('./output.ts');
  if (await writeTemplated(flags.output, { headers: flags.headers, listKey: 'records' }, () => [...recordsJsonChunks(report)].join(''), env.stdout)) {
    // -o jsonpath= / custom-columns= printed
  } else if (flags.output === 'json') {
    for (const chunk of recordsJsonChunks(report)) env.stdout.write(chunk);
  } else if (flags.output === 'yaml') env.stdout.write(renderRecordsYaml(report));
  else if (flags.output === 'name') env.stdout.write(renderRecordsNames(report));
  else if (flags.output === 'zone') env.stdout.write(renderRecordsZone(report));
  else {
    // On a terminal the table fits its width (long names cut with "…"); -o wide and pipes get them whole.
    const maxWidth = env.stdout.isTTY && env.stdout.columns ? env.stdout.columns : undefined;
    env.stdout.write(renderRecordsText(report, paint, { wide: flags.output === 'wide', headers: flags.headers, ...(maxWidth ? { maxWidth } : {}) }));
    // --no-headers prints rows only: the notes go to stderr
    if (!flags.headers) for (const n of report.notes) env.stderr.write(`note: ${n.message}\n`);
  }
  if (report.verify && report.verify.summary.mismatch + report.verify.summary.missing > 0) return EXIT.problem;
  return EXIT.ok;
}

/** Port-forward streams for a number of questions: one per 100 questions, at most 4 (each is one upgrade and one TCP connection to CoreDNS). */
export function forwardStreams(questions: number): number {
  return Math.min(4, Math.max(1, Math.ceil(questions / 100)));
}

/**
 * Sends every record's question over the chosen path and marks each record (src/dns pool +
 * compare). UDP: 64 in flight on shared sockets. Port-forward: 16 pipelined per stream. Each
 * answer is bounded by perQueryTimeoutMs and the whole run by a budget that grows with the count.
 */
export async function verify(
  records: readonly RecordRow[],
  path: Pick<DnsPath, 'server' | 'transport' | 'streams'>,
  perQueryTimeoutMs: number,
): Promise<RecordRow[]> {
  const { runQueries } = await import('../dns/pool.ts');
  const { questionsFor, keyOf, verifyRecords } = await import('../dns/compare.ts');
  const questions = questionsFor(records);
  const stream = typeof path.transport === 'function';
  const result = await runQueries(questions, {
    server: path.server,
    transport: path.transport,
    concurrency: stream ? 16 * path.streams : 64,
    ...(stream ? { streams: path.streams } : {}),
    perQueryTimeoutMs,
    totalTimeoutMs: Math.max(10_000, perQueryTimeoutMs * 4 + questions.length * 5),
  });
  const outcomes = new Map(result.outcomes.map((o) => [keyOf(o.name, o.type), o]));
  return verifyRecords(records, outcomes).map(({ record, verdict }) => {
    const row: RecordRow = { ...record, observed: verdict.observed };
    if (verdict.observed !== 'match') row.observedReason = verdict.reason;
    return row;
  });
}

export function parseTypes(text: string | undefined): string[] {
  if (!text) return [];
  const types = text.split(',').map((t) => t.trim().toUpperCase()).filter((t) => t !== '');
  for (const t of types) {
    if (!(RECORD_TYPES as readonly string[]).includes(t)) {
      throw new UsageError(`unknown record type "${t}" in --type: use ${RECORD_TYPES.join(', ')}`);
    }
  }
  return types;
}
