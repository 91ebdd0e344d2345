/**
 * Starts a real authoritative DNS server (NSD, installed by scripts/ensure-test-deps.sh) on a
 * free loopback port, UDP and TCP, serving hand-written zone files. Waits until it answers.
 * stop() kills the whole process group and removes the temp dir; a process 'exit' hook does
 * the same for servers a test forgot, so no nsd outlives the test process.
 *
 *   const dns = await startDnsServer({ zones: FIXTURE_ZONES });
 *   ... sendQuery({ server: dns, ... }) ...
 *   await dns.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as dnsPacket from 'dns-packet';
import { tempDir } from './temp.ts';

export const ZONES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'zones');

export interface ZoneSpec {
  /** Zone origin, e.g. 'cluster.local'. */
  name: string;
  /** Path of a zone file … */
  file?: string;
  /** … or its text. */
  text?: string;
}

/** The fixture cluster's zones (test/harness/zones/README.md) plus big.test for truncation. */
export const FIXTURE_ZONES: ZoneSpec[] = [
  { name: 'cluster.local', file: join(ZONES_DIR, 'cluster.local.zone') },
  { name: '10.in-addr.arpa', file: join(ZONES_DIR, '10.in-addr.arpa.zone') },
  { name: 'd.f.ip6.arpa', file: join(ZONES_DIR, 'd.f.ip6.arpa.zone') },
  { name: '56.168.192.in-addr.arpa', file: join(ZONES_DIR, '56.168.192.in-addr.arpa.zone') },
  { name: 'big.test', file: join(ZONES_DIR, 'big.test.zone') },
];

export interface DnsServerHandle {
  host: '127.0.0.1';
  port: number;
  /** The server's log so far (for assertion messages). */
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  zones?: ZoneSpec[];
  /** How long to wait for the server to answer; default 10 s. */
  startTimeoutMs?: number;
}

const NSD = ['/usr/sbin/nsd', '/usr/local/sbin/nsd'].find((p) => existsSync(p)) ?? 'nsd';
const running = new Set<ChildProcess>();
let hooked = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // the group we created with detached: true
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const c of running) killGroup(c, 'SIGKILL');
  });
}

/** A port free for both UDP and TCP on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const u = createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free loopback port for UDP and TCP');
}

function nsdConf(dir: string, port: number, zones: { name: string; file: string }[]): string {
  return [
    'server:',
    `  ip-address: 127.0.0.1@${port}`,
    '  username: ""',
    '  chroot: ""',
    `  zonesdir: "${dir}"`,
    '  database: ""',
    `  pidfile: "${dir}/nsd.pid"`,
    `  xfrdfile: "${dir}/xfrd.state"`,
    `  zonelistfile: "${dir}/zone.list"`,
    `  xfrdir: "${dir}"`,
    `  logfile: "${dir}/nsd.log"`,
    '  server-count: 1',
    '  tcp-count: 256',
    '  verbosity: 1',
    '  hide-version: yes',
    '  hide-identity: yes',
    '  refuse-any: yes',
    '  round-robin: no',
    // Response rate limiting would drop most of a 10,000-query burst from one address.
    '  rrl-ratelimit: 0',
    '  rrl-whitelist-ratelimit: 0',
    'remote-control:',
    '  control-enable: no',
    ...zones.flatMap((z) => ['zone:', `  name: "${z.name}"`, `  zonefile: "${z.file}"`]),
    '',
  ].join('\n');
}

/** Sends an SOA query over UDP until the server answers (any rcode) or the deadline passes. */
async function waitUntilAnswering(port: number, zone: string, deadline: number, exited: () => string | undefined): Promise<void> {
  const q = dnsPacket.encode({ type: 'query', id: 4242, questions: [{ type: 'SOA', name: zone }] });
  while (Date.now() < deadline) {
    const why = exited();
    if (why) throw new Error(why);
    const answered = await new Promise<boolean>((resolve) => {
      const s = createSocket('udp4');
      const t = setTimeout(() => {
        s.close();
        resolve(false);
      }, 100);
      s.once('error', () => {
        clearTimeout(t);
        s.close();
        resolve(false);
      });
      s.once('message', () => {
        clearTimeout(t);
        s.close();
        resolve(true);
      });
      s.send(q, port, '127.0.0.1');
    });
    if (answered) return;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error('DNS server did not answer in time');
}

export async function startDnsServer(opts: StartOptions = {}): Promise<DnsServerHandle> {
  const zones = opts.zones ?? FIXTURE_ZONES;
  if (zones.length === 0) throw new Error('startDnsServer: no zones');
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(zones, opts.startTimeoutMs ?? 10_000);
    } catch (e) {
      lastError = e as Error;
    }
  }
  throw lastError ?? new Error('startDnsServer failed');
}

async function startOnce(zones: ZoneSpec[], startTimeoutMs: number): Promise<DnsServerHandle> {
  const dir = tempDir('kubectl-dns-nsd-');
  const files = zones.map((z, i) => {
    const file = join(dir, `zone${i}.zone`);
    writeFileSync(file, z.text ?? readFileSync(z.file ?? '', 'utf8'));
    return { name: z.name, file };
  });
  const port = await freePort();
  const conf = join(dir, 'nsd.conf');
  writeFileSync(conf, nsdConf(dir, port, files));
  const readLog = (): string => {
    try {
      return readFileSync(join(dir, 'nsd.log'), 'utf8');
    } catch {
      return '';
    }
  };

  hookExit();
  const child = spawn(NSD, ['-d', '-c', conf], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let exitInfo: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exitInfo = `nsd exited (${code ?? signal}): ${stderr.trim()} ${readLog().trim()}`.trim();
      running.delete(child);
      resolve();
    });
    child.on('error', (e) => {
      exitInfo = `cannot start nsd (${e.message}); run scripts/ensure-test-deps.sh`;
      running.delete(child);
      resolve();
    });
  });
  child.unref();
  (child.stderr as { unref?: () => void } | null)?.unref?.();

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (!stopped) {
      stopped = true;
      if (exitInfo === undefined) {
        killGroup(child, 'SIGTERM');
        const t = setTimeout(() => killGroup(child, 'SIGKILL'), 2000);
        await exited;
        clearTimeout(t);
      }
      killGroup(child, 'SIGKILL'); // nsd's server child, should it have outlived the parent
      rmSync(dir, { recursive: true, force: true });
    }
  };

  try {
    await waitUntilAnswering(port, zones[0]!.name, Date.now() + startTimeoutMs, () => exitInfo);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message} ${readLog()}`.trim());
  }
  return { host: '127.0.0.1', port, log: readLog, stop };
}
