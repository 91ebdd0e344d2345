/**
 * Child processes of the test harness: each in its own process group, its output in a log file,
 * killed as a group by stop() or, should a test forget, by a process 'exit' hook, so nothing
 * outlives the test process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';

const running = new Set<ChildProcess>();
let hooked = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

export interface Proc {
  name: string;
  pid: number | undefined;
  /** Why it exited, once it has; undefined while it runs. */
  exited(): string | undefined;
  /** The last lines of its output (for error messages). */
  log(lines?: number): string;
  stop(graceMs?: number): Promise<void>;
}

export function startProcess(
  name: string,
  bin: string,
  args: string[],
  opts: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string },
): Proc {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const c of running) killGroup(c, 'SIGKILL');
    });
  }
  const fd = openSync(opts.logFile, 'a');
  const child = spawn(bin, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: opts.env ?? process.env,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  });
  closeSync(fd);
  running.add(child);
  child.unref();
  let exitInfo: string | undefined;
  const log = (lines = 25): string => {
    try {
      return readFileSync(opts.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  const done = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exitInfo = `${name} exited (${code ?? signal})`;
      running.delete(child);
      resolve();
    });
    child.on('error', (e) => {
      exitInfo = `${name} could not start: ${e.message}`;
      running.delete(child);
      resolve();
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    name,
    pid: child.pid,
    exited: () => exitInfo,
    log,
    stop(graceMs = 3000) {
      stopping ??= (async () => {
        if (exitInfo === undefined) {
          killGroup(child, 'SIGTERM');
          const t = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
          await done;
          clearTimeout(t);
        }
        killGroup(child, 'SIGKILL'); // any grandchild left in the group
      })();
      return stopping;
    },
  };
}

/** Polls `ready` every `everyMs` until it is true, the process exits, or `timeoutMs` passes. */
export async function waitFor(
  what: string,
  ready: () => Promise<boolean>,
  opts: { timeoutMs: number; everyMs?: number; proc?: Proc },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const why = opts.proc?.exited();
    if (why) throw new Error(`${what}: ${why}\n${opts.proc!.log()}`);
    try {
      if (await ready()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not ready within ${opts.timeoutMs} ms${opts.proc ? `\n${opts.proc.log()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 100));
  }
}
