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

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `main()` in-process on argv with captureEnv and returns its exit code and output. */
export async function runCli(argv: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const { main } = await import('../../src/cli/main.ts');
  const e = captureEnv(argv, env);
  const code = await main(e);
  return { code, out: e.out.join(''), err: e.err.join('') };
}
