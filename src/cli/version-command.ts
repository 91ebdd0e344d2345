import type { Command } from 'commander';
import yaml from 'js-yaml';
import type { CliContext } from './context.ts';
import { addClusterFlags, addOutputFlags, type ClusterFlags, type OutputFlags } from './flags.ts';
import { VERSION } from './version.ts';
import { EXIT } from '../shared/errors.ts';

/** CONTRACT.md `kubectl dns version -o json`; server and coredns absent without a cluster. */
export interface VersionReport {
  client: { version: string; node: string };
  server?: { gitVersion: string };
  coredns?: { image: string; version?: string };
}

interface VersionFlags extends ClusterFlags, OutputFlags {
  client?: boolean;
}

export function registerVersion(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('version')
    .description("Print the client version and Node inside; with a cluster, the server's version and the CoreDNS image")
    .usage('[--client] [-o text|json|yaml]')
    .option('--client', 'only the client version: do not contact a cluster');
  addClusterFlags(cmd, { namespace: false });
  addOutputFlags(cmd);
  cmd.addHelpText(
    'after',
    `
Without a reachable cluster only the client part is printed, with a warning on stderr (exit 0).
With --snapshot the CoreDNS image comes from the snapshot (there is no server version).

Examples:
  kubectl dns version
  kubectl dns version --client -o json
`,
  );
  cmd.action(async (flags: VersionFlags) => {
    ctx.exitCode = await runVersion(flags, ctx);
  });
}

async function runVersion(flags: VersionFlags, ctx: CliContext): Promise<number> {
  const { env } = ctx;
  const report: VersionReport = { client: { version: VERSION, node: process.version } };
  if (!flags.client) {
    try {
      await addCluster(report, flags, ctx);
    } catch (e) {
      const { plainWords } = await import('./plain-words.ts');
      env.stderr.write(`warning: no server version: ${plainWords((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '')}\n`);
    }
  }
  const { writeTemplated } = await import('./output.ts');
  if (!(await writeTemplated(flags.output, { headers: flags.headers }, () => renderVersion(report, 'json'), env.stdout))) {
    env.stdout.write(renderVersion(report, flags.output));
  }
  return EXIT.ok;
}

async function addCluster(report: VersionReport, flags: VersionFlags, ctx: CliContext): Promise<void> {
  const { loadClusterView } = await import('../cluster/load.ts');
  const { findCoreDnsConfig } = await import('../model/coredns-config.ts');
  let view;
  if (flags.snapshot) {
    view = await loadClusterView({ snapshotFile: flags.snapshot }, { namespaces: [], kinds: [], dns: true });
  } else {
    const { connect } = await import('../cluster/client.ts');
    const client = await connect(flags, { env: ctx.env.env });
    const v = await client.getJSON('/version');
    if (!v.ok) {
      const { describeClusterError } = await import('../cluster/errors.ts');
      throw new Error(describeClusterError(v.error));
    }
    const gitVersion = (v.value as { gitVersion?: unknown }).gitVersion;
    if (typeof gitVersion === 'string') report.server = { gitVersion };
    view = await loadClusterView({ client }, { namespaces: [], kinds: [], dns: true });
  }
  const cfg = findCoreDnsConfig(view);
  const workload = cfg.ok ? (cfg.value.deployment ?? cfg.value.daemonSet) : undefined;
  const containers = workload?.containers ?? [];
  const image = (containers.find((c) => /coredns/i.test(c.image) || c.name === 'coredns') ?? containers[0])?.image;
  if (image) report.coredns = { image, ...(cfg.ok && cfg.value.version ? { version: cfg.value.version } : {}) };
}

export function renderVersion(r: VersionReport, output: string): string {
  if (output === 'json') return JSON.stringify(r, null, 2) + '\n';
  if (output === 'yaml') return yaml.dump(r, { lineWidth: -1, noRefs: true });
  const lines = [`Client Version: ${r.client.version}`, `Node Version: ${r.client.node}`];
  if (r.server) lines.push(`Server Version: ${r.server.gitVersion}`);
  if (r.coredns) lines.push(`CoreDNS Version: ${r.coredns.version ?? 'unknown'} (${r.coredns.image})`);
  return lines.join('\n') + '\n';
}
