/**
 * kubectl's argument habits, applied to the raw argv before commander reads it (pure: argv in,
 * argv out). kubectl (spf13/pflag) accepts:
 * - global flags before the subcommand: `kubectl -n shop get pods` → here `kubectl dns -n shop
 *   records` becomes `records -n shop`;
 * - `-n=shop` for a short flag with a value (pflag's shorthand `-n=value` form; commander would
 *   read it as namespace `=shop`);
 * - `-v=N` / `-v N` / `--v=N`: klog's verbosity. Here N >= 4 (klog's "debug level verbosity")
 *   turns on --debug; lower levels are accepted and change nothing.
 * `--flag=value` for long flags is commander's own.
 */

/** The flags every command shares (flags.ts addClusterFlags/addOutputFlags): name → takes a value. */
export const GLOBAL_FLAGS: Readonly<Record<string, boolean>> = {
  '--kubeconfig': true,
  '--context': true,
  '--cluster': true,
  '--user': true,
  '--as': true,
  '--as-group': true,
  '--request-timeout': true,
  '--snapshot': true,
  '-n': true,
  '--namespace': true,
  '-o': true,
  '--output': true,
  '--no-color': false,
  '--debug': false,
};

/** klog's debug verbosity: `-v=4` and up print what --debug prints. */
export const DEBUG_VERBOSITY = 4;

export interface NormalizedArgv {
  argv: string[];
  /** The -v level given (last one wins), if any. */
  verbosity?: number;
}

/** Rewrites argv (without node and script) into what commander reads; `commands` are the subcommand names. */
export function normalizeArgv(argv: readonly string[], commands: readonly string[]): NormalizedArgv {
  const out: string[] = [];
  let verbosity: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      for (let j = i; j < argv.length; j++) out.push(argv[j]!);
      break;
    }
    // -v=N, -v N, --v=N, --v N, -vN (klog): removed from argv, noted.
    const v = a.match(/^--?v(?:=(.*)|(\d+))?$/);
    if (v) {
      let level = v[1] ?? v[2];
      if (level === undefined && /^\d+$/.test(argv[i + 1] ?? '')) level = argv[++i];
      if (level !== undefined && /^\d+$/.test(level)) {
        verbosity = Number(level);
        continue;
      }
      out.push(a); // not a level: let commander say what is wrong with it
      continue;
    }
    // -n=shop → -n shop (a single-letter flag and `=`).
    const short = a.match(/^(-[A-Za-z])=(.*)$/s);
    if (short) {
      out.push(short[1]!, short[2]!);
      continue;
    }
    out.push(a);
  }
  // Global flags before the subcommand move after it.
  const moved: string[] = [];
  let i = 0;
  while (i < out.length) {
    const a = out[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const takesValue = GLOBAL_FLAGS[name];
    if (takesValue === undefined) break;
    if (takesValue && eq < 0) {
      if (i + 1 >= out.length) break;
      moved.push(a, out[i + 1]!);
      i += 2;
    } else {
      moved.push(a);
      i += 1;
    }
  }
  const rest = out.slice(i);
  let result = out;
  if (moved.length > 0 && rest.length > 0 && commands.includes(rest[0]!)) {
    result = [rest[0]!, ...moved, ...rest.slice(1)];
  }
  if (verbosity !== undefined && verbosity >= DEBUG_VERBOSITY && !result.includes('--debug')) {
    // after the subcommand (every command has --debug); before any `--`
    const at = result.indexOf('--');
    const cmdAt = commands.includes(result[0] ?? '') ? 1 : 0;
    if (cmdAt === 1) result.splice(at < 0 ? result.length : at, 0, '--debug');
  }
  return { argv: result, ...(verbosity !== undefined ? { verbosity } : {}) };
}
