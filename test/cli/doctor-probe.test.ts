/**
 * `doctor --probe-from POD --count N` end to end: the fake API server execs the probe's shell
 * loop for real (sh + the real dig), with the pod's nameserver pointed at a UDP relay on loopback
 * that drops every fourth query on its way to a real nsd. The resolv.conf says timeout:1 so a
 * lost query costs one second, not five.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { captureEnv } from '../harness/cli-env.ts';
import { startFakeApiServer, type ExecScript, type FakeApiServer } from '../harness/fake-apiserver.ts';
import { startDnsServer, FIXTURE_ZONES, type DnsServerHandle } from '../harness/dns-server.ts';
import { startLossyRelay, type LossyRelay } from '../harness/lossy-relay.ts';
import { fixtureCluster } from '../harness/fixtures.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';

const RESOLV = 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5 timeout:1 attempts:2\n';

let api: FakeApiServer;
let dns: DnsServerHandle;
let relay: LossyRelay;
let kubeconfig: string;
const commands: string[][] = [];

/** The pod: `cat` from its files, `sh -c` run for real with 10.96.0.10 swapped for the relay. */
function pod(_key: string, argv: string[]): Promise<ExecScript> | undefined {
  commands.push(argv);
  if (argv[0] !== 'sh') return undefined;
  const script = argv[2]!.replaceAll('@10.96.0.10', `-p ${relay.port} @${relay.host}`);
  return new Promise((resolve) => {
    execFile('sh', ['-c', script], { timeout: 60_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 0;
      resolve({ stdout, stderr, exitCode: code });
    });
  });
}

before(async () => {
  dns = await startDnsServer({ zones: FIXTURE_ZONES });
  relay = await startLossyRelay(dns, (n) => n % 4 === 0);
  const cluster = fixtureCluster('kubeadm');
  cluster.files = { 'default/client': { '/etc/resolv.conf': RESOLV } };
  cluster.kubelet = {
    'node-1': { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local' },
    'node-2': { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local' },
  };
  api = await startFakeApiServer(cluster);
  api.switches.exec.handler = pod;
  kubeconfig = writeKubeconfig(api, { namespace: 'default' });
});

after(async () => {
  await api?.close();
  await relay?.close();
  await dns?.stop();
  if (kubeconfig) rmSync(dirname(kubeconfig), { recursive: true, force: true });
});

test('--probe-from times N A+AAAA lookups through a lossy path and reports the lost queries and the retries they cost', async () => {
  const env = captureEnv(['doctor', '--probe-from', 'client', '--count', '8', '-o', 'json'], { KUBECONFIG: kubeconfig, NO_COLOR: '1' });
  const code = await main(env);
  const j = JSON.parse(env.out.join('')) as { checks: { id: string; status: string; evidence: string[]; hint: string }[] };
  const probe = j.checks.find((c) => c.id === 'pod-dns-probe')!;
  const text = probe.evidence.join('\n');
  // 16 queries, every 4th dropped by the relay: 4 lost, each in a different lookup.
  assert.equal(relay.stats.seen, 16, text);
  assert.equal(relay.stats.dropped, 4);
  assert.match(text, /^default\/client: 8 lookups of kubernetes\.default\.svc\.cluster\.local\. \(A\+AAAA\) with dig, 16 queries; resolv\.conf timeout:1 attempts:2 options ndots:5 timeout:1 attempts:2$/m);
  assert.match(text, /^lost queries: 4 of 16; 4 lookups lost exactly one of the A\/AAAA pair$/m);
  assert.match(text, /^4 of 8 lookups would wait 1 s for the resolver's retry$/m);
  assert.match(text, /the 1-second pattern/);
  assert.equal(probe.status, 'fail');
  assert.match(probe.hint, /single-request-reopen/);
  assert.equal(code, 1);
  assert.match(env.err.join(''), /^probing: 8 lookups from default\/client/m);
  // Only the named pod was exec'd into: resolv.conf, the tool check, the loop.
  assert.equal(commands.length, 3);
  assert.deepEqual(commands[0], ['cat', '/etc/resolv.conf']);
});

test('without --probe-from no pod is exec\'d into and the check says how to ask', async () => {
  const before = commands.length;
  const env = captureEnv(['doctor', '-o', 'json'], { KUBECONFIG: kubeconfig, NO_COLOR: '1' });
  await main(env);
  const probe = (JSON.parse(env.out.join('')) as { checks: { id: string; status: string; evidence: string[] }[] }).checks.find((c) => c.id === 'pod-dns-probe')!;
  assert.equal(probe.status, 'skip');
  assert.equal(commands.length, before);
});

test('no dig in the image: getent, the C library itself, A and AAAA in parallel on one socket; a dropped one of the pair costs the resolv.conf timeout (the 5-second pattern, with glibc defaults)', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'kdns-probe-'));
  const resolvFile = join(dir, 'resolv.conf');
  writeFileSync(resolvFile, 'nameserver 127.0.0.1\n');
  let relayStats = { seen: 0, dropped: 0 };
  const saved = api.switches.exec.handler;
  api.switches.exec.handler = (_key, argv) => {
    if (argv[0] === 'cat') return { stdout: 'nameserver 10.96.0.10\n' };
    if (argv[0] !== 'sh') return undefined;
    if (argv[2]!.startsWith('command -v')) return { stdout: '/usr/bin/getent\n' };
    // The loop runs in a network namespace of its own, where getent's resolver asks the relay on 127.0.0.1:53.
    return new Promise((resolve) => {
      execFile(
        'unshare',
        ['--net', '--mount', process.execPath, new URL('../harness/netns-probe-runner.ts', import.meta.url).pathname, resolvFile, '7', argv[2]!],
        { timeout: 120_000, maxBuffer: 16 << 20 },
        (error, stdout, stderr) => {
          const last = stderr.trim().split('\n').pop() ?? '';
          if (last.startsWith('{')) relayStats = JSON.parse(last) as typeof relayStats;
          resolve({ stdout, stderr: error ? stderr : '', exitCode: 0 });
        },
      );
    });
  };
  try {
    const env = captureEnv(['doctor', '--probe-from', 'default/client', '--count', '10', '--no-upstream', '-o', 'json'], { KUBECONFIG: kubeconfig, NO_COLOR: '1' });
    await main(env);
    const probe = (JSON.parse(env.out.join('')) as { checks: { id: string; status: string; evidence: string[] }[] }).checks.find((c) => c.id === 'pod-dns-probe')!;
    const text = probe.evidence.join('\n');
    // glibc sends A and AAAA for each lookup: 20 queries plus the retries of the dropped ones.
    assert.ok(relayStats.seen >= 20 && relayStats.dropped >= 2, JSON.stringify(relayStats) + '\n' + text);
    assert.match(text, /^default\/client: 10 lookups of kubernetes\.default\.svc\.cluster\.local\. \(A\+AAAA\) with getent; resolv\.conf timeout:5 attempts:2$/m);
    // Every dropped query is retried by glibc after the timeout, so the lookups that lost one take 5 s and a bit.
    const waited = /^(\d+) of 10 lookups waited 5 s for the resolver's retry$/m.exec(text);
    assert.ok(waited && Number(waited[1]) >= 2 && Number(waited[1]) <= relayStats.dropped, text);
    assert.match(text, /the 5-second pattern: most lookups take milliseconds/);
    assert.equal(probe.status, 'fail');
  } finally {
    api.switches.exec.handler = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
