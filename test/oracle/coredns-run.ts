/**
 * Runs the real CoreDNS on a Corefile, unchanged (`coredns -conf FILE`), each run in its own
 * network namespace with only loopback up (`unshare --net --mount`), so every listener is
 * isolated from the machine and from the other runs, and nothing leaves the machine.
 *
 * Inside the mount namespace a tmpfs over /run (= /var/run) holds a service-account token, and
 * KUBERNETES_SERVICE_HOST/PORT point at a dead loopback port: the `kubernetes` plugin's
 * rest.InClusterConfig() then succeeds as in a pod, and its OnStartup waits its 5 s
 * startupTimeout for the (unreachable) API before the server listens
 * (plugin/kubernetes/kubernetes.go, "starting server with unsynced Kubernetes API").
 *
 * Outcome: `refused` when the process exits non-zero within the bound (its `[FATAL]` line on
 * stderr); `started` when it prints its banner (`CoreDNS-X.Y.Z`, printed by coremain.Run only
 * after caddy.Start returned, i.e. every plugin set up and every listener bound); `silent` when
 * it is still running at the bound without the banner. The process is killed (its process group) in every case.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CorednsOutcome {
  /**
   * `started`: the banner came (every plugin set up, every listener bound). `refused`: it exited
   * non-zero. `silent`: still running at the bound without the banner (it hangs before serving,
   * e.g. on an import cycle): it does not start either.
   */
  status: 'refused' | 'started' | 'silent' | 'harness-error';
  /** The fatal error (without the `[FATAL] ` prefix) when refused. */
  error?: string;
  /** File and line the error names (`FILE:LINE - Error during parsing: ...`), when it names one. */
  file?: string;
  line?: number;
  elapsedMs: number;
  stdout: string;
  stderr: string;
}

/**
 * How long to wait for the banner. Each `kubernetes` directive's OnStartup waits up to 5 s for
 * the API, one after the other (caddy runs OnStartup callbacks in turn before listening), so the
 * bound grows with their number; a listener error after those waits is still seen.
 */
export function startBoundMs(corefileText: string): number {
  const kubernetes = (corefileText.match(/^\s*kubernetes\b/gm) ?? []).length;
  return 8000 + 5500 * kubernetes;
}
export const START_BOUND_MS = 8000;

const SCRIPT = [
  'ip link set lo up || exit 97',
  'mount -t tmpfs -o size=1m,mode=755 kdns-run /run || exit 98',
  'd=/run/secrets/kubernetes.io/serviceaccount',
  'mkdir -p "$d" && printf kdns-test-token > "$d/token" && printf kube-system > "$d/namespace" || exit 99',
  'exec "$1" -conf "$2"',
].join('\n');

/**
 * A network + mount namespace kept alive by a sleeping holder process, set up like SCRIPT once;
 * runs enter it with nsenter, one at a time, so a worker pays the namespace set-up once instead
 * of once per Corefile. `stop()` kills the holder (the namespace goes with it).
 */
export interface Namespace {
  pid: number;
  stop(): void;
}

export function startNamespace(): Promise<Namespace> {
  const script = SCRIPT.replace('exec "$1" -conf "$2"', 'echo ready\nexec sleep 600');
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['--net', '--mount', 'sh', '-c', script], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const stop = (): void => {
      try {
        if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('ready') && child.pid) resolve({ pid: child.pid, stop });
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`namespace holder exited ${code}`)));
  });
}

export function runCoredns(binary: string, conf: string, boundMs = START_BOUND_MS, ns?: Namespace): Promise<CorednsOutcome> {
  const cwd = mkdtempSync(join(tmpdir(), 'kdns-coredns-'));
  const started = Date.now();
  return new Promise((resolve) => {
    const argv = ns
      ? ['nsenter', ['-t', String(ns.pid), '--net', '--mount', '--', binary, '-conf', conf]] as const
      : ['unshare', ['--net', '--mount', 'sh', '-c', SCRIPT, 'kdns-run', binary, conf]] as const;
    const child = spawn(argv[0], [...argv[1]], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
        HOME: cwd,
        KUBERNETES_SERVICE_HOST: '127.0.0.1',
        KUBERNETES_SERVICE_PORT: '1',
        // Hundreds of short runs share two cores: one P and a lazier GC cut Go's start-up CPU by a fifth.
        GOMAXPROCS: '1',
        GOGC: '400',
      },
    });
    let stdout = '';
    let stderr = '';
    let done = false;
    let closed = false;
    let result: CorednsOutcome | undefined;
    // Resolve once the verdict is known and the process is gone (its sockets closed), so the
    // namespace can take the next Corefile at once.
    const settle = (): void => {
      if (!result || !closed) return;
      rmSync(cwd, { recursive: true, force: true });
      resolve(result);
    };
    const finish = (status: CorednsOutcome['status'], code: number | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (!closed && child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      const out: CorednsOutcome = { status, elapsedMs: Date.now() - started, stdout, stderr };
      if (status === 'refused') Object.assign(out, parseFatal(stderr));
      if (status === 'harness-error') out.error = `harness exit ${code}: ${stderr.trim()}`;
      result = out;
      settle();
    };
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      if (/^CoreDNS-\d/m.test(stdout)) finish('started', null);
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    child.on('error', (e) => {
      stderr += String(e);
      finish('harness-error', null);
    });
    child.on('close', (code) => {
      closed = true;
      if (done) return settle();
      if (code !== null && code >= 97 && code <= 99) finish('harness-error', code);
      else if (code === 0) finish('started', code);
      else finish('refused', code);
    });
    const timer = setTimeout(() => finish('silent', null), boundMs);
  });
}

/** `[FATAL] plugin/cache: /x/Corefile:3 - Error during parsing: ...` -> error text, file, line. */
export function parseFatal(stderr: string): { error: string; file?: string; line?: number } {
  // The error may span lines (a token holding a newline is quoted in it): take all from [FATAL] on.
  // Caddyfile syntax errors are printed without the [FATAL] prefix; drop automaxprocs' line.
  const at = stderr.indexOf('[FATAL]');
  const tail = at >= 0 ? stderr.slice(at + '[FATAL]'.length) : stderr.split('\n').filter((l) => !/^maxprocs:/.test(l)).join('\n');
  const error = tail.trim().replace(/\s*\n\s*/g, ' ');
  const m = /(?<![:/\w])(\/[^\s:]+):(\d+) - /.exec(error);
  return m ? { error, file: m[1]!, line: Number(m[2]) } : { error };
}

/** Runs `items` through `fn` with at most `limit` at a time (fn learns its worker's index), keeping order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, worker: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (w: number): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, w);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, (_, w) => worker(w)));
  return out;
}
