/** A CliEnv for running `main()` in-process in tests: stdout and stderr captured, no real stdin. */
import type { CliEnv } from '../../src/cli/env.ts';

export type CapturedEnv = CliEnv & { out: string[]; err: string[] };

/** The clock tests run at unless they ask for the real one. */
export const TEST_NOW = Date.parse('2026-11-23T10:00:00Z');

export function captureEnv(
  argv: string[],
  env: Record<string, string | undefined> = {},
  opts: { now?: () => number; stdin?: string } = {},
): CapturedEnv {
  const out: string[] = [];
  const err: string[] = [];
  return {
    argv,
    env,
    cwd: process.cwd(),
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    readStdin: async () => opts.stdin ?? '',
    now: opts.now ?? (() => TEST_NOW),
    out,
    err,
  };
}
