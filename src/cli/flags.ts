import { InvalidArgumentError, Option, type Command } from 'commander';
import { UsageError } from '../shared/errors.ts';
import type { ClusterFlags } from '../cluster/kubeconfig.ts';

// The connection flags are the cluster layer's input and the duration parser is shared; both are
// re-exported here so that every command finds its flags in one module.
export type { ClusterFlags };
export { parseDuration } from '../shared/duration.ts';

/**
 * Output formats: text, json and yaml everywhere (CONTRACT.md); wide, name, zone where a command
 * has them; kubectl's jsonpath=TEMPLATE and custom-columns=SPEC on every command's JSON document.
 */
export type OutputFormat = 'text' | 'json' | 'yaml' | 'wide' | 'name' | 'zone' | `jsonpath=${string}` | `custom-columns=${string}`;

export interface OutputFlags {
  output: OutputFormat;
  color: boolean;
  debug: boolean;
  /** --no-headers: tables without their header lines. */
  headers: boolean;
}

/** The -o argument parser: one of `formats`, or jsonpath=/custom-columns= with a template. */
export function outputParser(formats: readonly string[]): (value: string) => OutputFormat {
  return (value: string) => {
    if (formats.includes(value)) return value as OutputFormat;
    const t = /^(jsonpath|custom-columns)=(.*)$/s.exec(value);
    if (t && t[2]!.trim() !== '') return value as OutputFormat;
    if (t) throw new InvalidArgumentError(`${t[1]}= needs a template, e.g. ${t[1] === 'jsonpath' ? "jsonpath='{.records[*].name}'" : 'custom-columns=NAME:.name,DATA:.data'}`);
    throw new InvalidArgumentError(`use one of ${[...formats, 'jsonpath=TEMPLATE', 'custom-columns=SPEC'].join(', ')}`);
  };
}

export function addOutputFlags(cmd: Command, formats: readonly string[] = ['text', 'json', 'yaml']): Command {
  return cmd
    .addOption(
      new Option('-o, --output <format>', "output format; also kubectl's jsonpath=TEMPLATE and custom-columns=SPEC, on the -o json document")
        // the choices are for help and completion; the parser also takes jsonpath=/custom-columns=
        .choices(formats)
        .argParser(outputParser(formats))
        .default('text'),
    )
    .option('--no-headers', 'print tables (text, wide, custom-columns) without their header lines')
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

/** Colour is used only on a TTY, never with --no-color or NO_COLOR (any non-empty value). */
export function useColor(flagColor: boolean, stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (!flagColor) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  // A dumb terminal (Emacs shell, some CI logs) shows escape codes as text.
  if (env['TERM'] === 'dumb' && (env['FORCE_COLOR'] === undefined || env['FORCE_COLOR'] === '0')) return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
}

/** "10.96.0.10", "10.96.0.10:5353", "[fd00::10]:53", "fd00::10", "localhost:53". */
export function parseServer(text: string): { host: string; port: number } {
  const t = text.trim();
  let host = t;
  let port = 53;
  const bracket = t.match(/^\[([^\]]+)\](?::(\d+))?$/);
  if (bracket) {
    host = bracket[1] as string;
    if (bracket[2]) port = Number(bracket[2]);
  } else if ((t.match(/:/g) ?? []).length === 1) {
    const [h, p] = t.split(':');
    host = h as string;
    if (!/^\d+$/.test(p ?? '')) throw new UsageError(`invalid --dns-server "${text}": the port must be a number`);
    port = Number(p);
  }
  if (host === '' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`invalid --dns-server "${text}": use HOST or HOST:PORT (e.g. 10.96.0.10 or 127.0.0.1:5353)`);
  }
  return { host, port };
}
