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
