/**
 * `kubectl dns snapshot [-n NS | -A] [--with-files] [-o yaml|json] [--output-file F]`:
 * writes a ClusterSnapshot (CONTRACT.md) of the objects DNS depends on, the kubelet DNS
 * settings when nodes/proxy is allowed, and with --with-files the pods' resolv.conf and hosts.
 * Never reads Secrets; keeps only DNS-related ConfigMaps.
 */
import { writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { Option, type Command } from 'commander';
import { outcomeWords } from './plain-words.ts';
import type { CliContext } from './context.ts';
import { addClusterFlags, type ClusterFlags } from './flags.ts';
import { EXIT, UsageError } from '../shared/errors.ts';

export interface SnapshotFlags extends ClusterFlags {
  allNamespaces?: boolean;
  withFiles?: boolean;
  output: 'yaml' | 'json';
  outputFile?: string;
  debug?: boolean;
}

const EXAMPLES = `
Examples:
  # Snapshot the current namespace (plus the cluster's DNS objects) to a file
  kubectl dns snapshot --output-file snapshot.yaml

  # Every namespace, with each pod's /etc/resolv.conf and /etc/hosts (needs pods/exec)
  kubectl dns snapshot -A --with-files --output-file cluster.yaml

  # Then diagnose offline, anywhere
  kubectl dns explain web --from shop/client --snapshot cluster.yaml

Never reads Secrets; keeps only DNS ConfigMaps (coredns, coredns-custom, nodelocaldns, kube-dns).
Kubelet DNS settings come from nodes/NODE/proxy/configz and are skipped with a note when forbidden.
`;

/** Files read from each pod with --with-files. */
export const POD_FILES = ['/etc/resolv.conf', '/etc/hosts'] as const;

export function registerSnapshot(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('snapshot')
    .usage('[-n NS | -A] [--with-files] [-o yaml|json] [--output-file FILE] [flags]')
    .description('Save the cluster objects DNS depends on to a file that every command can read offline with --snapshot.')
    .option('-A, --all-namespaces', 'snapshot every namespace')
    .option('--with-files', "also read each running pod's /etc/resolv.conf and /etc/hosts through exec")
    .addOption(new Option('-o, --output <format>', 'file format').choices(['yaml', 'json']).default('yaml'))
    .option('--output-file <file>', 'write to FILE instead of standard output')
    .option('--no-color', 'accepted like every command\'s (a snapshot is never coloured)')
    .option('--debug', 'print stack traces on errors');
  addClusterFlags(cmd);
  cmd.addHelpText('after', EXAMPLES);
  cmd.action(async (opts: SnapshotFlags) => {
    ctx.exitCode = await runSnapshot(opts, ctx);
  });
}

export async function runSnapshot(flags: SnapshotFlags, ctx: CliContext): Promise<number> {
  const { env } = ctx;
  if (flags.allNamespaces && flags.namespace) throw new UsageError('use either -n NAMESPACE or -A, not both');
  const { formatSnapshot, readSnapshotFile } = await import('../cluster/snapshot.ts');
  const warn = (line: string): void => void env.stderr.write(`warning: ${line}\n`);
  let text: string;
  let summary: string;
  if (flags.snapshot) {
    // Re-writes a snapshot (for example a kubectl List) as a ClusterSnapshot.
    const r = await readSnapshotFile(resolvePath(env.cwd, flags.snapshot));
    if (!r.ok) throw new UsageError(r.error);
    r.value.warnings.forEach(warn);
    text = formatSnapshot(r.value.raw, flags.output, { source: flags.snapshot });
    summary = `${r.value.raw.items.length} objects from ${flags.snapshot}`;
  } else {
    const { connect } = await import('../cluster/client.ts');
    const { fetchRawCluster, nothingReadError } = await import('../cluster/load.ts');
    const { ALL_KINDS } = await import('../model/kinds.ts');
    const { ClusterFailure } = await import('../cluster/errors.ts');
    const client = await connect(flags, { env: env.env });
    const namespaces = flags.allNamespaces ? ('all' as const) : [client.namespace];
    const raw = await fetchRawCluster(client, { namespaces, kinds: ALL_KINDS, dns: true, kubelet: true });
    if (!raw.ok) throw new ClusterFailure(raw.error);
    raw.value.warnings.forEach(warn);
    // Every list refused: an empty snapshot would read later as "no objects", so nothing is written.
    const nothing = nothingReadError(raw.value);
    if (nothing) throw new ClusterFailure(nothing);
    if (flags.withFiles) {
      const files = await readPodFiles(client, raw.value.items, namespaces, warn);
      raw.value.files = files;
    }
    text = formatSnapshot(raw.value, flags.output, { createdAt: new Date(env.now()).toISOString(), source: `context ${client.context}` });
    const where = namespaces === 'all' ? 'all namespaces' : `namespace ${namespaces.join(', ')}`;
    summary = `${raw.value.items.length} objects (${where}, DNS objects, ${Object.keys(raw.value.kubelet).length} kubelet configs, ${Object.keys(raw.value.files).length} pods' files) from context ${client.context}`;
  }
  if (flags.outputFile) {
    try {
      await writeFile(resolvePath(env.cwd, flags.outputFile), text);
    } catch (e) {
      throw new UsageError(`cannot write ${flags.outputFile}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    env.stderr.write(`wrote ${summary} to ${flags.outputFile}\n`);
  } else {
    ctx.stdoutIsData = true; // a snapshot is data: exact bytes
    env.stdout.write(text);
  }
  return EXIT.ok;
}

function resolvePath(cwd: string, p: string): string {
  return isAbsolute(p) ? p : join(cwd, p);
}

/**
 * Reads POD_FILES from every running pod of the selected namespaces through exec
 * (src/cluster/exec.ts), 8 pods at a time; failures become one warning per reason.
 */
async function readPodFiles(
  client: import('../cluster/client.ts').ClusterClient,
  items: Record<string, unknown>[],
  namespaces: string[] | 'all',
  warn: (line: string) => void,
): Promise<Record<string, Record<string, string>>> {
  const { execRead } = await import('../cluster/exec.ts');
  const kubeConfig = client.kubeConfig as Parameters<typeof execRead>[0];
  const pods = items.filter((o) => {
    if (o['kind'] !== 'Pod') return false;
    const ns = (o['metadata'] as { namespace?: string }).namespace ?? '';
    const phase = (o['status'] as { phase?: string } | undefined)?.phase;
    return phase === 'Running' && (namespaces === 'all' || namespaces.includes(ns));
  });
  const files: Record<string, Record<string, string>> = {};
  const failures = new Map<string, string[]>();
  const timeoutMs = client.requestTimeoutMs > 0 ? client.requestTimeoutMs : 10_000;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pods.length) {
      const pod = pods[next++]!;
      const meta = pod['metadata'] as { name: string; namespace: string };
      const container = ((pod['spec'] as { containers?: { name: string }[] }).containers ?? [])[0]?.name ?? '';
      const key = `${meta.namespace}/${meta.name}`;
      for (const path of POD_FILES) {
        let reason: string;
        try {
          // --as-group headers are already on every upgrade (client.ts patches the KubeConfig).
          const r = await execRead(kubeConfig, meta.namespace, meta.name, container || undefined, ['cat', path], { timeoutMs });
          if (r.outcome === 'ok') {
            (files[key] ??= {})[path] = r.stdout;
            continue;
          }
          reason = r.detail ?? outcomeWords(r.outcome);
        } catch (e) {
          reason = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'exec failed';
        }
        const list = failures.get(reason) ?? [];
        list.push(key);
        failures.set(reason, list);
        break; // one failure per pod is enough to know
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, pods.length) }, worker));
  for (const [reason, list] of failures) {
    list.sort();
    const shown = list.slice(0, 5).join(', ') + (list.length > 5 ? ` and ${list.length - 5} more` : '');
    warn(`pod files not read from ${shown}: ${reason}; commands will compute them from the pod spec instead`);
  }
  return files;
}
