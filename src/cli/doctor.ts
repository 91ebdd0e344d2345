import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { addClusterFlags, addOutputFlags, useColor, type ClusterFlags, type OutputFlags } from './flags.ts';
import { EXIT } from '../shared/errors.ts';
import type { DoctorInputs } from '../doctor/facts.ts';

interface DoctorFlags extends ClusterFlags, OutputFlags {
  strict?: boolean;
}

export function registerDoctor(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('doctor')
    .description('Check that cluster DNS is healthy for everyone: CoreDNS, its configuration, the path to it, and its logs')
    .usage('[--snapshot FILE] [--strict] [-o text|json|yaml]')
    .option('--strict', 'exit 1 on warnings too');
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
each CoreDNS pod. It sends no DNS query and writes nothing.

Exit codes: 0 nothing fails (with --strict: nothing warns either), 1 a check fails, 2 bad input
or the cluster could not be read at all.

Examples:
  # Is DNS healthy in the current context's cluster?
  kubectl dns doctor

  # The same on a snapshot, offline
  kubectl dns doctor --snapshot examples/snapshot.yaml

  # For CI: JSON, and warnings fail the run
  kubectl dns doctor --strict -o json
`,
  );
  cmd.action(async (flags: DoctorFlags) => {
    ctx.exitCode = await runDoctor(flags, ctx);
  });
}

async function runDoctor(flags: DoctorFlags, ctx: CliContext): Promise<number> {
  const { env } = ctx;
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
    header = `Cluster DNS health, context ${client.context} (${client.server})`;
  }
  for (const w of inputs.view.warnings ?? []) env.stderr.write(`warning: ${w}\n`);

  const { runChecks, exitCodeOf } = await import('../doctor/run.ts');
  const report = runChecks(inputs);
  const render = await import('../render/doctor.ts');
  if (flags.output === 'json') env.stdout.write(render.renderDoctorJson(report));
  else if (flags.output === 'yaml') env.stdout.write(render.renderDoctorYaml(report));
  else {
    const { makePaint } = await import('../render/paint.ts');
    env.stdout.write(render.renderDoctorText(report, header, await makePaint(useColor(flags.color, env.stdout, env.env))));
  }
  return exitCodeOf(report, flags.strict === true) === 1 ? EXIT.problem : EXIT.ok;
}
