import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { addClusterFlags, addOutputFlags, parseDuration, useColor, type ClusterFlags, type OutputFlags } from './flags.ts';
import { EXIT, UsageError } from '../shared/errors.ts';
import type { DoctorInputs } from '../doctor/facts.ts';

interface DoctorFlags extends ClusterFlags, OutputFlags {
  strict?: boolean;
  probeFrom?: string;
  count?: string;
  probeName?: string;
  probeTimeout: string;
  container?: string;
  upstream: boolean;
  upstreamName: string;
}

/** `--count`: a whole number from 1 to MAX_PROBE_COUNT. */
export function parseCount(text: string, max: number): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > max) throw new UsageError(`invalid --count "${text}": use a whole number from 1 to ${max}`);
  return Number(text);
}

export function registerDoctor(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('doctor')
    .description('Check that cluster DNS is healthy for everyone: CoreDNS, its configuration, the path to it, and its logs')
    .usage('[--snapshot FILE] [--strict] [--probe-from [NS/]POD [--count N]] [-o text|json|yaml]')
    .option('--strict', 'exit 1 on warnings too')
    .option('--probe-from <[ns/]pod>', 'also time lookups from inside this pod (exec: dig, else getent); only a pod you name')
    .option('--count <n>', 'with --probe-from: how many A+AAAA lookups, 1-1000 (default 20)')
    .option('--probe-name <name>', 'with --probe-from: the name to look up (default: kubernetes.default.svc.CLUSTER-DOMAIN.)')
    .option('--probe-timeout <duration>', 'with --probe-from: the most the lookups may take in all', '2m')
    .option('-c, --container <name>', 'with --probe-from: the container to exec into (default: the first)')
    .option('--upstream-name <name>', 'the external name the upstream probe asks CoreDNS for', 'kubernetes.io.')
    .option('--no-upstream', 'send no DNS query through a port-forward to CoreDNS (the upstream probe)');
  addClusterFlags(cmd);
  addOutputFlags(cmd);
  cmd.addHelpText(
    'after',
    `
Every check is a numbered line, OK / WARN / FAIL / SKIP, with the evidence it saw and, when it
warns or fails, the fix and its docs page (docs/doctor/<id>.md). SKIP says why the check could
not run: offline (a snapshot has no logs), or RBAC (deploy/rbac.yaml's optional roles: nodes/proxy
for the kubelets' settings, pods/log for the CoreDNS logs).

Live, doctor reads the objects DNS depends on (all namespaces: pods and NetworkPolicies are needed
for the policy check), each node's kubelet /configz (16 at a time) and the last 1000 log lines of
each CoreDNS pod, and asks CoreDNS for --upstream-name three times through a port-forward (the
first answer comes through the upstream, the others from the cache; --no-upstream: none). It
writes nothing.

--probe-from [NS/]POD --count N execs into that pod (and no other) and times N lookups of one
name, A and AAAA, with dig (+tries=1, the pod's resolv.conf timeout, its first nameserver) or, when
the image has no dig, getent (the C library itself, A and AAAA in parallel on one socket as the
application does). It reports the latency distribution, lost queries and the retries they cost,
and recognises the 5-second pattern of the conntrack race (docs/doctor/pod-dns-probe.md). The
loop stops at --probe-timeout inside the pod. Needs pods/exec (deploy/rbac.yaml).

Exit codes: 0 nothing fails (with --strict: nothing warns either), 1 a check fails, 2 bad input
or the cluster could not be read at all.

Examples:
  # Is DNS healthy in the current context's cluster?
  kubectl dns doctor

  # The same on a snapshot, offline
  kubectl dns doctor --snapshot examples/snapshot.yaml

  # For CI: JSON, and warnings fail the run
  kubectl dns doctor --strict -o json

  # Sporadic 5-second stalls? Time 200 lookups from inside a pod of the affected app
  kubectl dns doctor --probe-from shop/web-6d4b8c7f9d-2lq8x --count 200
`,
  );
  cmd.action(async (flags: DoctorFlags) => {
    ctx.exitCode = await runDoctor(flags, ctx);
  });
}

async function runDoctor(flags: DoctorFlags, ctx: CliContext): Promise<number> {
  const { env } = ctx;
  const { MAX_PROBE_COUNT } = await import('../doctor/probe.ts');
  const probing = flags.probeFrom !== undefined;
  const count = parseCount(flags.count ?? '20', MAX_PROBE_COUNT);
  const budgetMs = parseDuration(flags.probeTimeout, '--probe-timeout');
  if (!probing) {
    for (const [flag, given] of [['--count', flags.count], ['--probe-name', flags.probeName], ['-c/--container', flags.container]] as const) {
      if (given !== undefined) throw new UsageError(`${flag} needs --probe-from [NS/]POD`);
    }
  }
  if (probing && flags.snapshot) throw new UsageError('--probe-from needs a live cluster: a snapshot has no pods to exec into');
  if (probing && (budgetMs <= 0 || budgetMs > 30 * 60_000)) throw new UsageError(`invalid --probe-timeout "${flags.probeTimeout}": use a duration from 1s to 30m`);
  let inputs: DoctorInputs;
  let header: string;
  if (flags.snapshot) {
    const { loadClusterView } = await import('../cluster/load.ts');
    const view = await loadClusterView({ snapshotFile: flags.snapshot }, { namespaces: 'all', kinds: [] });
    const kubeletRead = Object.keys(view.kubelet).length > 0;
    inputs = {
      view,
      live: false,
      logsUnread: 'offline: a snapshot holds no logs',
      ...(kubeletRead ? {} : { kubeletUnread: `offline: ${flags.snapshot} has no kubelet section` }),
    };
    header = `Cluster DNS health, from snapshot ${flags.snapshot}`;
  } else {
    const { connect } = await import('../cluster/client.ts');
    const { gatherDoctor } = await import('../cluster/doctor-gather.ts');
    const client = await connect(flags, { env: env.env });
    const g = await gatherDoctor(client);
    inputs = { view: g.view, live: true, logTailLines: g.logTailLines };
    if (g.logs) inputs.logs = g.logs;
    if (g.logsUnread) inputs.logsUnread = g.logsUnread;
    if (g.kubeletUnread) inputs.kubeletUnread = g.kubeletUnread;
    if (g.logsRefused) inputs.logsRefused = true;
    if (g.kubeletRefused) inputs.kubeletRefused = true;
    header = `Cluster DNS health, context ${client.context} (${client.server})`;
    const domain = Object.values(g.view.kubelet).find((k) => k.clusterDomain)?.clusterDomain ?? 'cluster.local';
    if (flags.upstream) {
      const { probeUpstream } = await import('../cluster/doctor-upstream.ts');
      const name = flags.upstreamName.endsWith('.') ? flags.upstreamName : `${flags.upstreamName}.`;
      inputs.upstream = await probeUpstream(client, g.view, { name, count: 3, timeoutMs: 3000 });
    }
    if (probing) {
      const [ns, pod] = flags.probeFrom!.includes('/') ? (flags.probeFrom!.split('/', 2) as [string, string]) : [client.namespace, flags.probeFrom!];
      if (!ns || !pod) throw new UsageError(`invalid --probe-from "${flags.probeFrom}": use POD or NS/POD`);
      const target = g.view.pods.find((p) => p.namespace === ns && p.name === pod);
      if (!target) inputs.probe = { pod: `${ns}/${pod}`, problem: 'pod not found' };
      else if (target.phase !== 'Running') inputs.probe = { pod: `${ns}/${pod}`, problem: `the pod is ${target.phase ?? 'not running'}` };
      else {
        const { runProbe } = await import('../cluster/doctor-probe.ts');
        env.stderr.write(`probing: ${count} lookups from ${ns}/${pod} (at most ${Math.round(budgetMs / 1000)} s)\n`);
        inputs.probe = await runProbe(client, {
          namespace: ns,
          pod,
          ...(flags.container ? { container: flags.container } : {}),
          name: flags.probeName ?? `kubernetes.default.svc.${domain.replace(/\.$/, '')}.`,
          count,
          budgetSeconds: Math.ceil(budgetMs / 1000),
        });
      }
    }
  }
  for (const w of inputs.view.warnings ?? []) env.stderr.write(`warning: ${w}\n`);

  const { runChecks, exitCodeOf } = await import('../doctor/run.ts');
  const report = runChecks(inputs);
  const render = await import('../render/doctor.ts');
  const { writeTemplated } = await import('./output.ts');
  if (await writeTemplated(flags.output, { headers: flags.headers, listKey: 'checks' }, () => render.renderDoctorJson(report), env.stdout)) {
    // -o jsonpath= / custom-columns= printed
  } else if (flags.output === 'json') env.stdout.write(render.renderDoctorJson(report));
  else if (flags.output === 'yaml') env.stdout.write(render.renderDoctorYaml(report));
  else {
    const { makePaint } = await import('../render/paint.ts');
    env.stdout.write(render.renderDoctorText(report, header, await makePaint(useColor(flags.color, env.stdout, env.env))));
  }
  return exitCodeOf(report, flags.strict === true) === 1 ? EXIT.problem : EXIT.ok;
}
