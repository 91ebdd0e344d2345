/**
 * `kubectl dns lint-corefile [FILE|-]`: reads the input (the only I/O), parses, lints,
 * renders and picks the exit code. Never loads @kubernetes/client-node for FILE, -, -f or
 * --snapshot: only the live path (no argument) reaches the cluster layer, lazily.
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve as resolvePathOs, join } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from './context.ts';
import { addClusterFlags, addOutputFlags, useColor, type ClusterFlags, type OutputFormat } from './flags.ts';
import { UsageError, EXIT } from '../shared/errors.ts';
import type { ImportReader } from '../corefile/ast.ts';
import { parseCorefile } from '../corefile/parser.ts';
import { lintCorefile } from '../lint/linter.ts';
import { NEWEST_COREDNS, parseVersion } from '../corefile/coredns-versions.ts';
import { COREDNS_DIR, corefileFromManifest, corefileFromSnapshot, globToRegExp, memoryReader, type CorefileInput } from '../lint/inputs.ts';
import { renderLintText } from '../render/lint-text.ts';
import { renderLintJson, renderLintYaml } from '../render/lint-json.ts';

export interface LintCorefileFlags extends ClusterFlags {
  filename?: string;
  corednsVersion?: string;
  clusterDomain?: string;
  strict?: boolean;
  output: OutputFormat;
  color: boolean;
  headers: boolean;
  debug?: boolean;
}

const EXAMPLES = `
Examples:
  # Lint the cluster's CoreDNS configuration (ConfigMap kube-system/coredns and coredns-custom)
  kubectl dns lint-corefile

  # Lint a Corefile on disk, as CoreDNS 1.11.3 would read it
  kubectl dns lint-corefile ./Corefile --coredns-version 1.11.3

  # Lint a ConfigMap manifest kept in git, before kubectl apply
  kubectl dns lint-corefile -f coredns-configmap.yaml --cluster-domain cluster.local

  # From standard input, as JSON, failing on warnings too
  kubectl -n kube-system get cm coredns -o jsonpath='{.data.Corefile}' | kubectl dns lint-corefile - -o json --strict

Exit codes: 0 no errors, 1 errors found (or warnings with --strict), 2 unreadable input.
Plugin order in the file does not matter: CoreDNS runs plugins in the order fixed by its build (plugin.cfg).
`;

export function registerLintCorefile(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('lint-corefile')
    .usage('[FILE|-] [flags]')
    .description('Check a CoreDNS Corefile for mistakes CoreDNS would refuse at start-up, and for ones that quietly break cluster DNS.')
    .argument('[file]', "Corefile to lint ('-' reads standard input; none reads the cluster's ConfigMap)")
    .option('-f, --filename <file>', 'a ConfigMap manifest (YAML/JSON) holding the Corefile key, e.g. from git (\'-\' reads standard input)')
    .option('--coredns-version <version>', 'the CoreDNS version to judge against (default: the coredns image tag when known, else the newest)')
    .option('--cluster-domain <domain>', "the cluster's domain (kubelet clusterDomain), e.g. cluster.local")
    .option('--strict', 'exit 1 on warnings too');
  addOutputFlags(cmd);
  addClusterFlags(cmd, { namespace: false });
  cmd.option('-n, --namespace <ns>', 'without FILE: the namespace of the CoreDNS ConfigMap (default: kube-system, then openshift-dns)');
  cmd.addHelpText('after', EXAMPLES);
  cmd.action(async (file: string | undefined, flags: LintCorefileFlags) => {
    ctx.exitCode = await runLintCorefile(file, flags, ctx);
  });
}

export async function runLintCorefile(file: string | undefined, flags: LintCorefileFlags, ctx: CliContext): Promise<number> {
  const { env } = ctx;
  if (flags.corednsVersion !== undefined && !parseVersion(flags.corednsVersion)) {
    throw new UsageError(`invalid --coredns-version "${flags.corednsVersion}": use a version such as 1.11.3`);
  }
  const given = [file !== undefined, flags.filename !== undefined, flags.snapshot !== undefined].filter(Boolean).length;
  if (given > 1) throw new UsageError('give only one of FILE, -f/--filename and --snapshot');

  const input = await readInput(file, flags, ctx);
  const reader: ImportReader =
    input.kind === 'disk' ? diskReader() : memoryReader(input.value.files);
  const corefile = parseCorefile(input.value.text, {
    source: input.value.source,
    baseDir: input.value.baseDir,
    reader,
    // A file from this machine: the pod's ConfigMap mount is not here (unless we run where it is).
    ...(input.kind === 'disk' && !input.value.baseDir.startsWith(COREDNS_DIR) ? { podDir: COREDNS_DIR } : {}),
  });
  const version = flags.corednsVersion ?? input.value.imageVersion ?? NEWEST_COREDNS;
  const clusterDomain = flags.clusterDomain ?? input.value.clusterDomain;
  const findings = lintCorefile(corefile, {
    corednsVersion: version,
    ...(clusterDomain ? { clusterDomain } : {}),
    ...(input.value.deployment ? { deployment: input.value.deployment } : {}),
  });

  const source = input.value.source;
  ctx.stdoutIsData = flags.output !== 'text';
  const { writeTemplated } = await import('./output.ts');
  if (await writeTemplated(flags.output, { headers: flags.headers, listKey: 'findings' }, () => renderLintJson(source, findings), env.stdout)) {
    // -o jsonpath= / custom-columns= printed
  } else if (flags.output === 'json') env.stdout.write(renderLintJson(source, findings));
  else if (flags.output === 'yaml') env.stdout.write(renderLintYaml(source, findings));
  else {
    const texts: Record<string, string> = { ...input.value.files, [source]: input.value.text };
    env.stdout.write(renderLintText({ source, texts, findings }, useColor(flags.color, env.stdout, env.env)));
  }
  const errors = findings.some((f) => f.severity === 'error');
  const warnings = findings.some((f) => f.severity === 'warning');
  return errors || (flags.strict && warnings) ? EXIT.problem : EXIT.ok;
}

async function readStdinText(ctx: CliContext): Promise<string> {
  const text = await ctx.env.readStdin(MAX_INPUT_BYTES);
  if (Buffer.byteLength(text) > MAX_INPUT_BYTES) throw new UsageError(`standard input is over the ${MAX_INPUT_BYTES}-byte limit`);
  if (text.includes('\u0000') || text.includes('\uFFFD')) throw new UsageError('standard input is not UTF-8 text');
  return stripBom(text);
}

type ReadInput = { kind: 'disk' | 'memory'; value: CorefileInput };

async function readInput(file: string | undefined, flags: LintCorefileFlags, ctx: CliContext): Promise<ReadInput> {
  const cwd = ctx.env.cwd;
  if (flags.filename !== undefined) {
    // `-f -`: the manifest on standard input, as kubectl reads it.
    const text = flags.filename === '-' ? await readStdinText(ctx) : readTextFile(resolvePathOs(cwd, flags.filename), flags.filename);
    const r = corefileFromManifest(text, flags.filename === '-' ? 'standard input' : flags.filename);
    if (!r.ok) throw new UsageError(r.error);
    return { kind: 'memory', value: r.value };
  }
  if (flags.snapshot !== undefined) {
    const text = readTextFile(resolvePathOs(cwd, flags.snapshot), flags.snapshot);
    const r = corefileFromSnapshot(text, flags.snapshot);
    if (!r.ok) throw new UsageError(r.error);
    return { kind: 'memory', value: r.value };
  }
  if (file === '-') {
    const text = await readStdinText(ctx);
    return { kind: 'disk', value: { source: '-', text, baseDir: cwd, files: {} } };
  }
  if (file !== undefined) {
    const abs = resolvePathOs(cwd, file);
    const text = readTextFile(abs, file);
    return { kind: 'disk', value: { source: file, text, baseDir: dirname(abs), files: {} } };
  }
  return { kind: 'memory', value: await readLive(flags, ctx.env.env) };
}

/** The live path: ConfigMap kube-system/coredns (or the distribution's) plus import ConfigMaps, via the cluster layer (lazy). */
async function readLive(flags: LintCorefileFlags, env: Record<string, string | undefined>): Promise<CorefileInput> {
  const { loadLiveCoreDnsConfig } = await import('../cluster/load.ts');
  const r = await loadLiveCoreDnsConfig(flags, env);
  if (!r.ok) throw new UsageError(r.error);
  const v = r.value;
  return {
    source: v.source,
    text: v.corefile,
    baseDir: '/etc/coredns',
    files: v.files,
    ...(v.deployment ? { deployment: v.deployment } : {}),
    ...(v.imageVersion ? { imageVersion: v.imageVersion } : {}),
    ...(v.clusterDomain ? { clusterDomain: v.clusterDomain } : {}),
  };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Largest Corefile, manifest or imported file read (a ConfigMap holds at most 1 MiB). */
export const MAX_INPUT_BYTES = 1024 * 1024;
/** Most files one lint run reads through imports. */
export const MAX_IMPORTED_FILES = 256;

/** Pseudo-filesystems whose files are not Corefiles (and may be endless or secret). */
const PSEUDO_FS = ['/proc', '/sys', '/dev'];

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Why a path may not be read as Corefile text, or undefined when it may: it must be a regular
 * file outside /proc, /sys and /dev (after symlinks), of at most MAX_INPUT_BYTES. Checked before
 * opening it, so /dev/zero, a FIFO or /proc/self/environ is never read.
 */
export function unreadableReason(abs: string): { code: 'missing' | 'refused'; why: string } | undefined {
  let real: string;
  let st: Stats;
  try {
    real = realpathSync(abs);
    st = statSync(real);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { code: 'missing', why: 'no such file' } : { code: 'refused', why: `cannot read (${code ?? 'error'})` };
  }
  if (PSEUDO_FS.some((d) => real === d || real.startsWith(d + '/'))) return { code: 'refused', why: `is under ${real.split('/').slice(0, 2).join('/')}, not a Corefile` };
  if (!st.isFile()) return { code: 'refused', why: st.isDirectory() ? 'is a directory, not a Corefile' : `is ${kindOf(st)}, not a regular file` };
  if (st.size > MAX_INPUT_BYTES) return { code: 'refused', why: `is ${st.size} bytes, over the ${MAX_INPUT_BYTES}-byte limit (a ConfigMap holds at most 1 MiB)` };
  return undefined;
}

/** Reads a UTF-8 text file or throws a one-line UsageError (exit 2). */
export function readTextFile(abs: string, shown: string): string {
  const reason = unreadableReason(abs);
  if (reason) throw new UsageError(reason.code === 'missing' ? `${shown}: no such file` : `${shown} ${reason.why}`.replace(/ cannot read/, ': cannot read'));
  let buf: Buffer;
  try {
    buf = readFileSync(abs);
  } catch (e) {
    throw new UsageError(`${shown}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (buf.length > MAX_INPUT_BYTES) throw new UsageError(`${shown} is over the ${MAX_INPUT_BYTES}-byte limit`);
  if (buf.includes(0)) throw new UsageError(`${shown} is not a text file (it contains NUL bytes)`);
  try {
    return stripBom(new TextDecoder('utf-8', { fatal: true }).decode(buf));
  } catch {
    throw new UsageError(`${shown} is not UTF-8 text`);
  }
}

/** Imports from disk, as CoreDNS reads them (Go's filepath.Glob on the last path element). */
export function diskReader(): ImportReader {
  let read = 0;
  return {
    readFile(path) {
      const reason = unreadableReason(path);
      if (reason?.code === 'missing') return undefined; // the parser reports import-missing-file
      // A device, FIFO, directory or pseudo-file named by an import: refused outright (exit 2).
      if (reason) throw new UsageError(`import ${path} ${reason.why}`.replace(/ cannot read/, ': cannot read'));
      if (++read > MAX_IMPORTED_FILES) throw new UsageError(`imports read more than ${MAX_IMPORTED_FILES} files (limit)`);
      try {
        const buf = readFileSync(path);
        if (buf.length > MAX_INPUT_BYTES) throw new UsageError(`import ${path} is over the ${MAX_INPUT_BYTES}-byte limit`);
        if (buf.includes(0)) return undefined;
        return new TextDecoder('utf-8', { fatal: true }).decode(buf);
      } catch (e) {
        if (e instanceof UsageError) throw e;
        return undefined;
      }
    },
    glob(pattern, baseDir) {
      const abs = resolvePathOs(baseDir, pattern);
      const dir = dirname(abs);
      const re = globToRegExp(abs.slice(dir.length + 1));
      try {
        return readdirSync(dir)
          .filter((n) => re.test(n))
          .map((n) => join(dir, n))
          .filter((p) => statSync(p).isFile())
          .sort();
      } catch {
        return [];
      }
    },
  };
}
