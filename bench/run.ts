/**
 * `npm run bench`: the performance figures the issues ask for, measured on this machine. Prints
 * them (a line per figure, with the goal next to it); never fails on timing — exit 0 unless the
 * benchmark itself could not run.
 *
 *   npm run bench                              (builds dist/ first)
 *   node bench/run.mjs [--json] [--only coldstart,lint-big,records,verify,explain-live,explain-offline,real]
 *                      [--runs N] [--services N] [--entry FILE]
 *
 * --entry times another build's entry instead of dist/bin/kubectl-dns.js (e.g. an older checkout's,
 * for a before/after comparison on the same machine and load).
 *
 * Every CLI figure spawns the built entry, `node dist/bin/kubectl-dns.js`, with this Node, as a user
 * runs it; the fake API server runs in a separate process (bench/serve-fake-cluster.ts), so its
 * work is not counted. Peak RSS comes from /usr/bin/time -f %M (else /proc/PID/status VmHWM).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODE = process.execPath;
const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string' },
    services: { type: 'string', default: '10000' },
    entry: { type: 'string' },
  },
});
const DIST = resolve(args.entry ?? join(ROOT, 'dist/bin/kubectl-dns.js'));
const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => existsSync(p));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const SECTIONS = ['coldstart', 'lint-big', 'records', 'verify', 'explain-live', 'explain-offline', 'real'] as const;
type Section = (typeof SECTIONS)[number];

const only = new Set((args.only ?? SECTIONS.join(',')).split(',').map((s) => s.trim()).filter(Boolean));
for (const s of only) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section ${s}; sections: ${SECTIONS.join(', ')}`);
const RUNS = args.runs ? Math.max(1, Number(args.runs)) : undefined;
const WORK = mkdtempSync(join(tmpdir(), 'kubectl-dns-bench-'));

/** One figure of the report. */
interface Figure {
  section: Section;
  name: string;
  /** Median of the runs (ms), or the single value. */
  ms?: number;
  minMs?: number;
  maxMs?: number;
  runs?: number;
  /** Peak resident set size, the largest over the runs (MB). */
  peakRssMb?: number;
  goal?: string;
  /** true = met, false = missed, undefined = no goal (a reference figure). */
  met?: boolean;
  detail?: string;
}
const figures: Figure[] = [];

/** Progress and figures: stdout normally, stderr with --json (stdout is the JSON then). Times are medians. */
const say = (s: string): void => void (args.json ? process.stderr : process.stdout).write(s + '\n');

function report(given: Figure & { last?: unknown }): void {
  const { last: _last, ...f } = given; // measure()'s last run: not a figure
  const round = (n: number | undefined): number | undefined => (n === undefined ? undefined : Math.round(n * 10) / 10);
  figures.push({ ...f, ...(f.ms !== undefined ? { ms: round(f.ms)!, minMs: round(f.minMs)!, maxMs: round(f.maxMs)! } : {}), ...(f.peakRssMb !== undefined ? { peakRssMb: round(f.peakRssMb)! } : {}) });
  const num = (n: number | undefined): string => (n === undefined ? '' : n >= 100 ? String(Math.round(n)) : n.toFixed(1));
  const parts = [`  ${f.name.padEnd(50)}`];
  parts.push(f.ms !== undefined ? `${num(f.ms).padStart(6)} ms` : ' '.repeat(9));
  parts.push((f.runs && f.runs > 1 ? `(${num(f.minMs)}–${num(f.maxMs)}, n=${f.runs})` : '').padEnd(20));
  parts.push((f.peakRssMb !== undefined ? `RSS ${num(f.peakRssMb)} MB` : '').padEnd(13));
  if (f.goal) parts.push(`goal ${f.goal}: ${f.met === undefined ? '-' : f.met ? 'met' : 'MISSED'}`);
  say(parts.join(' ').trimEnd());
  if (f.detail) say(`      ${f.detail}`);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface RunResult {
  ms: number;
  code: number | null;
  rssKb?: number;
  stdoutFile: string;
  stdoutBytes: number;
  stderr: string;
}

let runSeq = 0;
/**
 * Spawns a command with stdout going to a file (so the parent does no work while it runs) and
 * measures the wall time around it; with rss, under /usr/bin/time -f %M.
 */
function runCmd(cmd: string, argv: string[], o: { env?: NodeJS.ProcessEnv; rss?: boolean; cwd?: string } = {}): Promise<RunResult> {
  const stdoutFile = join(WORK, `out-${++runSeq}`);
  const timeFile = join(WORK, `time-${runSeq}`);
  const fd = openSync(stdoutFile, 'w');
  const useTime = o.rss && TIME;
  const [file, fileArgs] = useTime ? [TIME, ['-f', '%M', '-o', timeFile, cmd, ...argv]] : [cmd, argv];
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(file, fileArgs, { stdio: ['ignore', fd, 'pipe'], env: o.env ?? process.env, cwd: o.cwd ?? ROOT });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()));
    let hwmKb = 0;
    const poll = o.rss && !useTime ? setInterval(() => (hwmKb = Math.max(hwmKb, vmHwmKb(child) ?? 0)), 5) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (poll) clearInterval(poll);
      closeSync(fd);
      let rssKb: number | undefined;
      if (useTime) {
        const text = existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '';
        const m = /(\d+)\s*$/.exec(text.trim());
        if (m) rssKb = Number(m[1]);
        // time(1) writes "Command exited with non-zero status N" first: keep the child's code.
        const st = /exited with non-zero status (\d+)/.exec(text);
        if (st) code = Number(st[1]);
      } else if (o.rss) rssKb = hwmKb || undefined;
      resolvePromise({ ms, code, ...(rssKb !== undefined ? { rssKb } : {}), stdoutFile, stdoutBytes: statSync(stdoutFile).size, stderr });
    });
  });
}

function vmHwmKb(child: ChildProcess): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `runs` times (after `warmup` unmeasured runs) and summarises; throws on an unexpected exit code. */
async function measure(
  cmd: string,
  argv: string[],
  o: { runs: number; warmup?: number; okCodes?: number[]; env?: NodeJS.ProcessEnv; rss?: boolean; label: string },
): Promise<{ ms: number; minMs: number; maxMs: number; runs: number; peakRssMb?: number; last: RunResult }> {
  const ok = o.okCodes ?? [0];
  const check = (r: RunResult): RunResult => {
    if (r.code === null || !ok.includes(r.code)) {
      throw new Error(`${o.label}: exit ${r.code}: ${r.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
    }
    return r;
  };
  for (let i = 0; i < (o.warmup ?? 1); i++) check(await runCmd(cmd, argv, o));
  const rs: RunResult[] = [];
  for (let i = 0; i < o.runs; i++) rs.push(check(await runCmd(cmd, argv, o)));
  const ms = rs.map((r) => r.ms);
  const rss = rs.map((r) => r.rssKb).filter((x): x is number => x !== undefined);
  return {
    ms: median(ms),
    minMs: Math.min(...ms),
    maxMs: Math.max(...ms),
    runs: rs.length,
    ...(rss.length ? { peakRssMb: Math.max(...rss) / 1024 } : {}),
    last: rs.at(-1)!,
  };
}

const cli = (...argv: string[]): [string, string[]] => [NODE, [DIST, ...argv]];
const cliEnv: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'], NO_COLOR: '1', KUBECONFIG: join(WORK, 'no-kubeconfig') };

// ---------------------------------------------------------------------------------------------
// The fake API server child.

interface FakeServerChild {
  url: string;
  kubeconfig: string;
  objects: number;
  dnsPort?: number;
  /** The requests since the last call (the log is cleared). */
  takeLog(): Promise<LogEntry[]>;
  setLatency(ms: number): Promise<void>;
  stop(): Promise<void>;
}

async function startFakeServer(serverArgs: string[]): Promise<FakeServerChild> {
  const child = spawn(NODE, [join(ROOT, 'bench/serve-fake-cluster.ts'), ...serverArgs], { stdio: ['pipe', 'pipe', 'inherit'], cwd: ROOT });
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  const queued: string[] = [];
  lines.on('line', (l) => {
    const w = waiting.shift();
    if (w) w(l);
    else queued.push(l);
  });
  const next = (): Promise<string> =>
    new Promise((res, rej) => {
      const q = queued.shift();
      if (q !== undefined) return res(q);
      const onExit = (code: number | null): void => rej(new Error(`fake API server exited (${code})`));
      child.once('exit', onExit);
      waiting.push((l) => {
        child.off('exit', onExit);
        res(l);
      });
    });
  const ask = async (cmd: Record<string, unknown>): Promise<Record<string, unknown>> => {
    child.stdin!.write(JSON.stringify(cmd) + '\n');
    return JSON.parse(await next()) as Record<string, unknown>;
  };
  const hello = JSON.parse(await next()) as { url: string; kubeconfig: string; objects: number; dnsPort?: number };
  return {
    ...hello,
    takeLog: async () => (await ask({ cmd: 'log' }))['log'] as LogEntry[],
    setLatency: async (ms) => void (await ask({ cmd: 'latency', ms })),
    stop: () =>
      new Promise((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Cold start.

async function coldStart(): Promise<void> {
  say('\nCold start (median of 10 spawns of `node dist/bin/kubectl-dns.js ARGS`)');
  const runs = RUNS ?? 10;
  const corefile = 'test/fixtures/corefiles/distributions/kubeadm-current.Corefile';
  const cases: [string, string[], number][] = [
    [`lint-corefile ${corefile.split('/').pop()}`, ['lint-corefile', corefile], 150],
    ['--version', ['--version'], 150],
    ['--help', ['--help'], 150],
  ];
  const base = await measure(NODE, ['-e', '0'], { runs, label: 'node -e 0', env: cliEnv });
  report({ section: 'coldstart', name: 'node -e 0 (Node itself: the floor)', ...base });
  for (const [name, argv, goal] of cases) {
    const m = await measure(...cli(...argv), { runs, label: name, env: cliEnv, okCodes: [0, 1] });
    report({ section: 'coldstart', name, ...m, goal: `< ${goal} ms`, met: m.ms < goal });
  }
  const sea = join(ROOT, 'out', `kubectl-dns-linux-${process.arch === 'x64' ? 'amd64' : process.arch}`);
  if (process.platform === 'linux' && existsSync(sea)) {
    for (const [name, argv, goal] of cases) {
      const m = await measure(sea, argv, { runs, label: `SEA ${name}`, env: cliEnv, okCodes: [0, 1] });
      report({ section: 'coldstart', name: `standalone binary ${name.replace("kubeadm-current.Corefile", "kubeadm")}`, ...m, goal: `< ${goal} ms`, met: m.ms < goal });
    }
  } else {
    say(`  (standalone binary ${sea.replace(ROOT + '/', '')} not built: run \`npm run package\` to time it too)`);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. A 1 MB Corefile.

/**
 * A big but realistic Corefile: the kubeadm default block with a large hosts table and rewrite
 * rules, plus hundreds of stub-domain server blocks forwarding to corporate resolvers.
 */
export function bigCorefile(targetBytes = 1_000_000): string {
  const stubs: string[] = [];
  const hosts: string[] = [];
  const rewrites: string[] = [];
  for (let i = 0; i < 400; i++) {
    rewrites.push(`    rewrite name exact legacy-${i}.corp.example. svc-${i}.ns-${i % 100}.svc.cluster.local.`);
  }
  for (let i = 0; i < 800; i++) {
    stubs.push(
      [
        `team-${i}.corp.example:53 {`,
        '    errors',
        `    cache 30`,
        `    forward . 10.${100 + (i % 100)}.${i % 250}.10 10.${100 + (i % 100)}.${i % 250}.11 {`,
        '        max_concurrent 1000',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  }
  const head = (hostLines: string[]): string =>
    [
      '.:53 {',
      '    errors',
      '    health {',
      '       lameduck 5s',
      '    }',
      '    ready',
      ...rewrites,
      '    hosts /etc/coredns/NodeHosts {',
      ...hostLines,
      '        ttl 60',
      '        reload 15s',
      '        fallthrough',
      '    }',
      '    kubernetes cluster.local in-addr.arpa ip6.arpa {',
      '       pods insecure',
      '       fallthrough in-addr.arpa ip6.arpa',
      '       ttl 30',
      '    }',
      '    prometheus :9153',
      '    forward . /etc/resolv.conf {',
      '       max_concurrent 1000',
      '    }',
      '    cache 30',
      '    loop',
      '    reload',
      '    loadbalance',
      '}',
      '',
    ].join('\n');
  const fixed = head([]).length + stubs.join('').length;
  let size = fixed;
  for (let i = 0; size < targetBytes; i++) {
    const line = `        10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} host-${i}.node.corp.example host-${i}`;
    hosts.push(line);
    size += line.length + 1;
  }
  return head(hosts) + stubs.join('');
}

async function lintBig(): Promise<void> {
  say('\nA 1 MB Corefile: in-process parse + lint, and the CLI');
  const text = bigCorefile();
  const file = join(WORK, 'big.Corefile');
  writeFileSync(file, text);
  const runs = RUNS ?? 5;
  const { parseCorefile } = await import('../src/corefile/parser.ts');
  const { lintCorefile } = await import('../src/lint/linter.ts');
  const times: number[] = [];
  let findings: { severity: string; rule: string }[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    const cf = parseCorefile(text, { source: file, baseDir: WORK });
    findings = lintCorefile(cf, {});
    if (i > 0) times.push(performance.now() - t0); // the first run compiles the code: not counted
  }
  const lines = text.split('\n').length;
  const count = (sev: string): number => findings.filter((f) => f.severity === sev).length;
  const byRule = [...new Set(findings.map((f) => f.rule))].slice(0, 4).join(', ');
  report({
    section: 'lint-big',
    name: `in process: parseCorefile + lintCorefile`,
    ms: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    runs,
    goal: '< 1000 ms',
    met: median(times) < 1000,
    detail: `${(text.length / 1e6).toFixed(2)} MB, ${lines} lines, 801 server blocks, ${findings.length} findings (${count('error')} errors, ${count('warning')} warnings${byRule ? `: ${byRule}` : ''})`,
  });
  const m = await measure(...cli('lint-corefile', file, '-o', 'json'), { runs, label: 'lint-corefile big', env: cliEnv, okCodes: [0, 1], rss: true });
  report({ section: 'lint-big', name: 'CLI: lint-corefile BIG.Corefile -o json', ...m, goal: '< 1000 ms', met: m.ms < 1000 });
}

// ---------------------------------------------------------------------------------------------
// 3. records -A on 10,000 Services / 10,000 EndpointSlices, next to kubectl.

async function records(): Promise<void> {
  const services = Number(args.services);
  say(`\nrecords -A: ${services} Services, ${services} EndpointSlices (${services * 5} endpoints), HTTPS fake API server in its own process`);
  const server = await startFakeServer(['--services', String(services)]);
  try {
    const runs = RUNS ?? 3;
    const home = join(WORK, 'kubectl-home');
    const kubectlEnv: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: home };
    const ours = cli('records', '-A', '-o', 'json', '--kubeconfig', server.kubeconfig);
    const theirs: [string, string[]] | undefined = KUBECTL
      ? [KUBECTL, ['get', 'services,endpointslices', '-A', '-o', 'json', '--kubeconfig', server.kubeconfig]]
      : undefined;
    // Warm-up: page cache for both, kubectl's discovery cache (as on any machine that used kubectl).
    await runCmd(...ours, { env: cliEnv });
    if (theirs) await runCmd(...theirs, { env: kubectlEnv });
    await server.takeLog();
    const o: RunResult[] = [];
    const k: RunResult[] = [];
    let ourRequests = 0;
    let theirRequests = 0;
    for (let i = 0; i < runs; i++) {
      // Alternate, so drift in the machine's load hits both alike.
      o.push(await runCmd(...ours, { env: cliEnv, rss: true }));
      ourRequests = (await server.takeLog()).length;
      if (theirs) {
        k.push(await runCmd(...theirs, { env: kubectlEnv, rss: true }));
        theirRequests = (await server.takeLog()).length;
      }
    }
    for (const r of [...o, ...k]) if (r.code !== 0) throw new Error(`records benchmark: exit ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
    const doc = JSON.parse(readFileSync(o.at(-1)!.stdoutFile, 'utf8')) as { records: unknown[] };
    const summary = (rs: RunResult[]): Pick<Figure, 'ms' | 'minMs' | 'maxMs' | 'runs' | 'peakRssMb'> => {
      const ms = rs.map((r) => r.ms);
      const rss = rs.map((r) => r.rssKb ?? 0);
      return { ms: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms), runs: rs.length, ...(rss.some(Boolean) ? { peakRssMb: Math.max(...rss) / 1024 } : {}) };
    };
    const os = summary(o);
    if (theirs) {
      const ks = summary(k);
      report({
        section: 'records',
        name: 'kubectl get services,endpointslices -A -o json',
        ...ks,
        detail: `${theirRequests} requests per run (discovery cached; 500 per page), ${(k.at(-1)!.stdoutBytes / 1e6).toFixed(1)} MB of JSON`,
      });
      const ratio = os.ms! / ks.ms!;
      report({
        section: 'records',
        name: 'kubectl-dns records -A -o json',
        ...os,
        goal: '<= 1.5x kubectl, < 300 MB',
        met: ratio <= 1.5 && (os.peakRssMb ?? 0) < 300,
        detail: `${ratio.toFixed(2)}x kubectl's wall time; ${ourRequests} requests per run; ${doc.records.length} records, ${(o.at(-1)!.stdoutBytes / 1e6).toFixed(1)} MB of JSON`,
      });
    } else {
      report({ section: 'records', name: 'kubectl-dns records -A -o json', ...os, goal: '< 300 MB', met: (os.peakRssMb ?? 0) < 300, detail: 'kubectl not installed: no comparison' });
    }
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// 4. records --verify: 10,000 records against a real DNS server.

async function verify(): Promise<void> {
  say('\nrecords --verify: 10,000 records as real queries to a local nsd');
  const { benchVerify } = await import('./dns.ts');
  for (const r of await benchVerify({ print: false })) {
    report({
      section: 'verify',
      name: `query pool: ${r.queries} queries over ${r.transport}`,
      ms: r.elapsedMs,
      goal: '< 5000 ms',
      met: r.elapsedMs < 5000,
      detail: `${r.qps} queries/s; ${Object.entries(r.byStatus).map(([s, n]) => `${s} ${n}`).join(', ')}`,
    });
  }

  // End to end: a generated cluster whose records number about 10,000, served by nsd from zone
  // files written from those records, verified by the CLI from a snapshot file.
  const { generateCluster } = await import('../test/harness/fixtures.ts');
  const { startDnsServer } = await import('../test/harness/dns-server.ts');
  const snapshot = join(WORK, 'verify-cluster.json');
  const services = 1100; // 9 records each (A, 2 SRV, PTR of the ClusterIP, 5 endpoint PTRs)
  writeFileSync(snapshot, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: generateCluster({ services, namespaces: 20 }).items }));
  const listed = await runCmd(...cli('records', '-A', '-o', 'json', '--snapshot', snapshot), { env: cliEnv });
  if (listed.code !== 0) throw new Error(`records --snapshot: exit ${listed.code}: ${listed.stderr}`);
  const recs = (JSON.parse(readFileSync(listed.stdoutFile, 'utf8')) as { records: { name: string; type: string; ttl: number; data: string }[] }).records;
  const zoneOf = (name: string): string | undefined => (name.endsWith('.cluster.local.') || name === 'cluster.local.' ? 'cluster.local' : name.endsWith('.10.in-addr.arpa.') ? '10.in-addr.arpa' : undefined);
  const zones = new Map<string, string[]>();
  for (const z of ['cluster.local', '10.in-addr.arpa']) {
    zones.set(z, [`$ORIGIN ${z}.`, '$TTL 30', `@ IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1 7200 1800 86400 30`, '@ IN NS ns.dns.cluster.local.']);
  }
  zones.get('cluster.local')!.push('ns.dns IN A 10.96.0.10');
  for (const r of recs) {
    const z = zoneOf(r.name);
    if (!z || r.type === 'NS' || r.type === 'SOA') continue;
    zones.get(z)!.push(`${r.name} ${r.ttl} IN ${r.type} ${r.data}`);
  }
  const dns = await startDnsServer({ zones: [...zones].map(([name, lines]) => ({ name, text: lines.join('\n') + '\n' })) });
  try {
    const m = await measure(...cli('records', '-A', '--verify', '--dns-server', `${dns.host}:${dns.port}`, '-o', 'json', '--snapshot', snapshot), {
      runs: RUNS ?? 3,
      label: 'records --verify',
      env: cliEnv,
      okCodes: [0, 1],
      rss: true,
    });
    const out = JSON.parse(readFileSync(m.last.stdoutFile, 'utf8')) as { records: { observed?: string }[] };
    const observed: Record<string, number> = {};
    for (const r of out.records) observed[r.observed ?? 'none'] = (observed[r.observed ?? 'none'] ?? 0) + 1;
    report({
      section: 'verify',
      name: `CLI: records -A --verify (${out.records.length} records)`,
      ...m,
      goal: '< 5000 ms',
      met: m.ms < 5000,
      detail: `observed: ${Object.entries(observed).map(([s, n]) => `${s} ${n}`).join(', ')} (zone files written from the records; ${services} Services from a snapshot)`,
    });
  } finally {
    await dns.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Live explain with 50 ms per API request.

type LogEntry = { method: string; path: string; upgrade: boolean; at: number; connectedAt?: number };

/** When the client sent a request: its connection's accept time if it opened one (TLS handshakes take a while), else its arrival. */
const sentAt = (e: LogEntry): number => e.connectedAt ?? e.at;

/**
 * Sequential rounds, inferred from timing alone: a request that needs an answer can only be sent
 * `latency` ms or more after the first request of the round it waits for, so a request sent
 * sooner than that after a round began belongs to it. Independent requests the client sends late
 * (CPU-bound under load) can only inflate the count, never hide a round.
 */
function rounds(log: LogEntry[], latencyMs: number): LogEntry[][] {
  const sorted = [...log].sort((a, b) => sentAt(a) - sentAt(b));
  const out: LogEntry[][] = [];
  let start = -Infinity;
  for (const e of sorted) {
    if (sentAt(e) >= start + latencyMs) {
      out.push([]);
      start = sentAt(e);
    }
    out.at(-1)!.push(e);
  }
  return out;
}

/** "pods ×6, services, exec cat /etc/hosts" — a round's requests, grouped. */
function describeRound(r: { path: string; upgrade: boolean }[]): string {
  const counts = new Map<string, number>();
  for (const e of r) {
    const d = describeRequest(e);
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  const parts = [...counts].map(([d, n]) => (n > 1 ? `${d} ×${n}` : d));
  return parts.length > 9 ? `${parts.slice(0, 9).join(', ')}, … (${parts.length - 9} more)` : parts.join(', ');
}

function describeRequest(e: { path: string; upgrade: boolean }): string {
  const [path, query = ''] = e.path.split('?');
  const parts = path!.replace(/^\/apis?\/(?:[^/]+\/)?v1\//, '').split('/');
  if (parts[0] === 'namespaces' && parts.length > 2) parts.splice(0, 2); // the namespace is noise here
  if (e.upgrade) {
    const cmd = new URLSearchParams(query).getAll('command');
    return cmd.length ? `exec ${cmd[0] === 'dig' ? 'dig' : cmd.join(' ')}` : 'port-forward';
  }
  // pods (list), pods/NAME (get), pods/NAME/log, nodes/NAME/proxy/configz
  if (parts.length >= 3) return `${parts[0]}/${parts.slice(2).join('/')}`;
  return parts.length === 2 ? `${parts[0]}/NAME` : parts[0]!;
}

async function explainLive(): Promise<void> {
  const latency = 50;
  const runs = RUNS ?? 3;
  say(`\nLive explain: the fake API server adds ${latency} ms to every request; dig in the pod, answered by nsd (median of ${runs})`);
  const argvFor = (kubeconfig: string, extra: string[]): string[] => ['explain', 'web.shop', '--from', 'default/client', ...extra, '-o', 'json', '--kubeconfig', kubeconfig];
  const timeRuns = async (argv: string[], server: FakeServerChild): Promise<{ rs: RunResult[]; log: LogEntry[] }> => {
    await runCmd(...cli(...argv), { env: cliEnv }); // warm-up
    await server.takeLog();
    const rs: RunResult[] = [];
    let log: LogEntry[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await runCmd(...cli(...argv), { env: cliEnv, rss: true });
      if (r.code !== 0 && r.code !== 1) throw new Error(`explain: exit ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
      rs.push(r);
      log = await server.takeLog();
    }
    return { rs, log };
  };
  const stats = (rs: RunResult[]): Pick<Figure, 'ms' | 'minMs' | 'maxMs' | 'runs' | 'peakRssMb'> => {
    const ms = rs.map((r) => r.ms);
    return { ms: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms), runs: rs.length, peakRssMb: Math.max(...rs.map((r) => r.rssKb ?? 0)) / 1024 };
  };

  // Rounds are counted over plain HTTP: with TLS every connection's handshake costs both ends CPU,
  // which on 2 cores spreads one round's requests over more than the 50 ms that tell rounds apart.
  const http = await startFakeServer(['--explain', '--http', '--latency', String(latency)]);
  try {
    for (const [name, extra] of [['explain web.shop --from default/client', []], ['… --no-query', ['--no-query']]] as const) {
      const { rs, log } = await timeRuns(argvFor(http.kubeconfig, [...extra]), http);
      const rr = rounds(log, latency);
      const isQuery = (e: LogEntry): boolean => e.upgrade && (/command=dig/.test(e.path) || /\/portforward/.test(e.path));
      const apiRounds = rr.filter((r) => !r.every(isQuery)).length;
      report({
        section: 'explain-live',
        name: `${name} (HTTP)`,
        ...stats(rs),
        goal: '<= 2 API rounds',
        met: apiRounds <= 2,
        detail:
          `${log.filter((e) => !e.upgrade).length} REST requests + ${log.filter((e) => e.upgrade).length} exec/port-forward; ` +
          `${apiRounds} sequential API round(s) + ${rr.length - apiRounds} query round(s):\n` +
          rr.map((r, i) => `        ${i + 1}. +${String(Math.round(sentAt(r[0]!) - sentAt(rr[0]![0]!))).padStart(4)} ms, ${String(r.length).padStart(2)} request(s): ${describeRound(r)}`).join('\n'),
      });
    }
  } finally {
    await http.stop();
  }
  const https = await startFakeServer(['--explain', '--latency', String(latency)]);
  try {
    const { rs, log } = await timeRuns(argvFor(https.kubeconfig, []), https);
    report({ section: 'explain-live', name: 'explain web.shop --from default/client (HTTPS)', ...stats(rs), detail: `the same ${log.length} requests over TLS, as a real API server is reached` });
  } finally {
    await https.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// 6. Offline explain on the example snapshot.

async function explainOffline(): Promise<void> {
  say('\nOffline explain: --snapshot examples/snapshot.yaml (median of 10)');
  const runs = RUNS ?? 10;
  for (const name of ['kubernetes.default', 'web']) {
    const m = await measure(...cli('explain', name, '--from', 'default/client', '--snapshot', 'examples/snapshot.yaml'), {
      runs,
      label: `explain ${name}`,
      env: cliEnv,
      okCodes: [0, 1],
      rss: true,
    });
    report({ section: 'explain-offline', name: `explain ${name} --from default/client`, ...m, goal: '< 300 ms', met: m.ms < 300 });
  }
}

// ---------------------------------------------------------------------------------------------
// 7. Against the real kube-apiserver (test/harness/real-cluster.ts; the components built by
//    scripts/build-oracle.mjs): records -A and snapshot -A next to the real kubectl 1.36 on the
//    same objects, and live explain's sequential API rounds read from the audit log.

/**
 * Sequential rounds from the audit log: the longest chain of requests each received after the
 * previous one's response was complete (a request that waits for an answer can only come after
 * it). Requests the client sends late without needing to can only lengthen it, never hide a round.
 */
function auditRounds(events: { requestReceivedTimestamp: string; stageTimestamp: string; requestURI: string }[]): number {
  const evs = events.map((e) => ({ at: Date.parse(e.requestReceivedTimestamp), done: Date.parse(e.stageTimestamp) })).sort((a, b) => a.at - b.at);
  const depth: number[] = [];
  evs.forEach((e, i) => {
    let d = 1;
    for (let j = 0; j < i; j++) if (evs[j]!.done <= e.at) d = Math.max(d, depth[j]! + 1);
    depth.push(d);
  });
  return depth.reduce((a, b) => Math.max(a, b), 0);
}

async function real(): Promise<void> {
  const { oraclePath } = await import('../test/harness/oracle.ts');
  const missing = (['etcd', 'kube-apiserver', 'kwok', 'coredns-1.15.0', 'kubectl'] as const).filter((c) => !existsSync(oraclePath(c)));
  if (missing.length) throw new Error(`real components not built (${missing.join(', ')}): run \`npm run build-oracle\``);
  const { startRealCluster } = await import('../test/harness/real-cluster.ts');
  const { generateCluster, fixtureCluster } = await import('../test/harness/fixtures.ts');
  const services = Number(args.services);
  const runs = RUNS ?? 3;
  const kubeadm = fixtureCluster('kubeadm').items;
  const key = (o: Record<string, unknown>): string => `${String(o['kind'])}/${(o['metadata'] as { namespace?: string }).namespace ?? ''}/${(o['metadata'] as { name: string }).name}`;
  const seen = new Set(kubeadm.map(key));
  // The generated Services' addresses would collide with the fixture's: the API server allocates them.
  const allocate = (o: Record<string, unknown>): Record<string, unknown> => {
    if (o['kind'] !== 'Service') return o;
    const spec = { ...(o['spec'] as Record<string, unknown>) };
    delete spec['clusterIP'];
    delete spec['clusterIPs'];
    return { ...o, spec };
  };
  const items = [...kubeadm, ...generateCluster({ services }).items.filter((o) => !seen.has(key(o))).map(allocate)];
  say(`\nReal kube-apiserver ${'1.36.3'} + etcd: ${services} Services, ${services} EndpointSlices and the kubeadm fixture (loading ${items.length} objects ...)`);
  const t0 = performance.now();
  const cluster = await startRealCluster({ fixture: { items, files: fixtureCluster('kubeadm').files ?? {} } });
  say(`  loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  try {
    const kubectl = oraclePath('kubectl');
    const kubectlEnv: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: join(WORK, 'kubectl-home-real') };
    const pairs: [string, string[], string, string[]][] = [
      ['kubectl-dns records -A -o json', ['records', '-A', '-o', 'json'], 'kubectl get services,endpointslices -A -o json', ['get', 'services,endpointslices', '-A', '-o', 'json']],
      ['kubectl-dns snapshot -A -o json', ['snapshot', '-A', '-o', 'json'], 'kubectl get namespaces,nodes,pods,services,endpointslices,configmaps,deployments,daemonsets,statefulsets,networkpolicies -A -o json',
        ['get', 'namespaces,nodes,pods,services,endpointslices,configmaps,deployments,daemonsets,statefulsets,networkpolicies', '-A', '-o', 'json']],
    ];
    for (const [ourName, ourArgv, theirName, theirArgv] of pairs) {
      const o = await measure(...cli(...ourArgv, '--kubeconfig', cluster.kubeconfig), { runs, label: ourName, env: cliEnv, rss: true });
      const k = await measure(kubectl, [...theirArgv, '--kubeconfig', cluster.kubeconfig], { runs, label: theirName, env: kubectlEnv, rss: true });
      report({ section: 'real', name: theirName.length > 50 ? `${theirName.slice(0, 47)}...` : theirName, ...k, detail: `the real kubectl ${'1.36.3'}; ${(k.last.stdoutBytes / 1e6).toFixed(1)} MB of JSON` });
      const ratio = o.ms / k.ms;
      report({ section: 'real', name: ourName, ...o, goal: '<= 0.5x kubectl', met: ratio <= 0.5, detail: `${ratio.toFixed(2)}x kubectl's wall time, ${(o.last.stdoutBytes / 1e6).toFixed(1)} MB of JSON` });
    }
    const before = cluster.audit().length;
    const m = await measure(...cli('explain', 'web.shop', '--from', 'default/client', '-o', 'json', '--kubeconfig', cluster.kubeconfig), { runs: 1, warmup: 0, label: 'explain', env: cliEnv, okCodes: [0, 1], rss: true });
    const events = cluster.audit().slice(before).filter((e) => !['exec', 'portforward'].includes(e.objectRef?.subresource ?? ''));
    const r = auditRounds(events);
    report({ section: 'real', name: 'live explain web.shop --from default/client', ...m, goal: '<= 2 API rounds', met: r <= 2, detail: `${events.length} API requests in ${r} sequential round(s), from the audit log (exec and port-forward not counted)` });
  } finally {
    await cluster.stop();
  }
}

// ---------------------------------------------------------------------------------------------

const SECTION_RUNNERS: Record<Section, () => Promise<void>> = {
  coldstart: coldStart,
  'lint-big': lintBig,
  records,
  verify,
  'explain-live': explainLive,
  'explain-offline': explainOffline,
  real,
};

if (!existsSync(DIST)) {
  process.stderr.write(`error: ${DIST} is missing: run \`npm run build\` (npm run bench does)\n`);
  process.exit(2);
}
say(
  `kubectl-dns benchmark — Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ` +
    `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; peak RSS via ${TIME ? '/usr/bin/time -f %M' : '/proc/PID/status VmHWM'}` +
    (args.entry ? `\nentry: ${DIST}` : ''),
);
const failures: string[] = [];
try {
  for (const s of SECTIONS) {
    if (!only.has(s)) continue;
    try {
      await SECTION_RUNNERS[s]();
    } catch (e) {
      // A benchmark that cannot run is reported, and the others still run.
      const msg = e instanceof Error ? e.message : String(e);
      failures.push(`${s}: ${msg}`);
      say(`  ${s}: could not run: ${msg}`);
    }
  }
} finally {
  rmSync(WORK, { recursive: true, force: true });
}
const missed = figures.filter((f) => f.met === false);
say(`\n${figures.filter((f) => f.met).length} goal(s) met, ${missed.length} missed${missed.length ? `: ${missed.map((f) => f.name).join('; ')}` : ''}.`);
if (args.json) process.stdout.write(JSON.stringify({ node: process.version, cores: cpus().length, loadavg: loadavg(), figures, failures }, null, 2) + '\n');
process.exitCode = failures.length ? 2 : 0;
