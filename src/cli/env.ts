/**
 * Everything a command may touch in the outside world, passed in from main (no globals):
 * streams, environment, clock, file reader. Tests build their own.
 */
export interface Writable {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliEnv {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: Writable;
  stderr: Writable;
  /** Reads all of standard input (for `-`). */
  readStdin(): Promise<string>;
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

export function processEnv(): CliEnv {
  return {
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    now: () => Date.now(),
  };
}
