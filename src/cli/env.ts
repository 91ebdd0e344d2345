import { setFlagsFromString } from 'node:v8';

/**
 * Everything a command may touch in the outside world, passed in from main (no globals):
 * streams, environment, clock, file reader. Tests build their own.
 */
export interface Writable {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** The terminal's width, when a terminal. */
  columns?: number;
}

export interface CliEnv {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: Writable;
  stderr: Writable;
  /** Reads all of standard input (for `-`). */
  /** All of standard input, or (with maxBytes) a little more than maxBytes when it is longer. */
  readStdin(maxBytes?: number): Promise<string>;
  now(): number;
}

/**
 * `kubectl dns --help | head`: a reader that closes the pipe ends the output; that is not an
 * error, so exit quietly instead of dying on EPIPE with a stack trace.
 */
export function guardPipes(): void {
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}

/**
 * Keeps V8's young generation at its start-up size in this short-lived process. V8 grows it (on
 * Node 24 up to two 64 MB semi-spaces) when many allocations survive, which is what reading a big
 * cluster is: `records -A` over 10,000 Services peaked at 470 MB RSS, 330 MB with this, for ~7%
 * more CPU. `--max-semi-space-size` would say it at start-up, but a kubectl plugin does not choose
 * its node flags (`node dist/bin/kubectl-dns.js`, npm's bin shim); the growth factor is read at
 * each resize, so setting it now takes effect. A V8 that ignores it only costs the memory back.
 */
export function limitYoungGeneration(): void {
  try {
    setFlagsFromString('--semi-space-growth-factor=1');
  } catch {
    // a runtime that refuses V8 flags after start: keep its defaults
  }
}

export function processEnv(): CliEnv {
  return {
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: async (maxBytes?: number) => {
      // Stops reading once past maxBytes: an endless stdin (`yes | kubectl dns lint-corefile -`)
      // is refused by the caller's size check instead of filling memory.
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (maxBytes !== undefined && size > maxBytes) {
          process.stdin.destroy();
          break;
        }
      }
      return Buffer.concat(chunks).toString('utf8');
    },
    now: () => Date.now(),
  };
}
