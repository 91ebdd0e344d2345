import { Option, type Command } from 'commander';
import { UsageError } from '../shared/errors.ts';

/** Output formats every command accepts (CONTRACT.md). */
export type OutputFormat = 'text' | 'json' | 'yaml';

/** kubectl's global connection flags (ConfigFlags), which kubectl forwards to plugins untouched. */
export interface ClusterFlags {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  as?: string;
  asGroup?: string[];
  requestTimeout?: string;
  snapshot?: string;
}

export interface OutputFlags {
  output: OutputFormat;
  color: boolean;
  debug: boolean;
}

export function addOutputFlags(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('-o, --output <format>', 'output format').choices(['text', 'json', 'yaml']).default('text'),
    )
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('--debug', 'print stack traces and API/DNS traffic details on errors');
}

export function addClusterFlags(cmd: Command, opts: { namespace?: boolean } = {}): Command {
  cmd
    .option('--kubeconfig <path>', 'path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'the kubeconfig context to use')
    .option('--cluster <name>', 'the kubeconfig cluster to use')
    .option('--user <name>', 'the kubeconfig user to use')
    .option('--as <user>', 'username to impersonate')
    .option('--as-group <group>', 'group to impersonate (repeatable)', collect, [])
    .option(
      '--request-timeout <duration>',
      'time to wait for each API request, kubectl-style (e.g. 5s, 1m, 0 = no limit)',
    )
    .option('--snapshot <file>', 'read the cluster from a snapshot file instead of an API server');
  if (opts.namespace !== false) cmd.option('-n, --namespace <ns>', 'the namespace (default: the context namespace)');
  return cmd;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Parses a kubectl-style duration ("0", "30", "5s", "1m30s", "250ms") into milliseconds.
 * A bare number means seconds, as kubectl's --request-timeout does. 0 means no limit.
 */
export function parseDuration(text: string, flag = '--request-timeout'): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    const n = Number(m[1]);
    const unit = m[2];
    total += unit === 'h' ? n * 3_600_000 : unit === 'm' ? n * 60_000 : unit === 's' ? n * 1000 : n;
    matched = re.lastIndex;
  }
  if (t === '' || matched !== t.length) {
    throw new UsageError(`invalid ${flag} "${text}": use a duration such as 5s, 1m or 500ms (0 means no limit)`);
  }
  return Math.round(total);
}

/** Colour is used only on a TTY, never with --no-color or NO_COLOR (any non-empty value). */
export function useColor(flagColor: boolean, stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (!flagColor) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
}
