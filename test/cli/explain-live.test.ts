/**
 * End to end: `kubectl dns explain` against the fake API server through the real client-node
 * code path (REST, exec, port-forward), with a real DNS server (nsd on loopback) answering from
 * hand-written zones (test/harness/zones/README.md lists where they differ from the fixture).
 * "Inside the pod", dig is the real dig, pointed at nsd instead of 10.96.0.10.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { main } from '../../src/cli/main.ts';
import { captureEnv, type CapturedEnv } from '../harness/cli-env.ts';
import { startFakeApiServer, type FakeApiServer, type ExecScript } from '../harness/fake-apiserver.ts';
import { startDnsServer, FIXTURE_ZONES, type DnsServerHandle } from '../harness/dns-server.ts';
import { fixtureCluster } from '../harness/fixtures.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';
import type { ExplainResult } from '../../src/explain/types.ts';

const RESOLV = 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';
const HOSTS = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.244.2.9\tclient\n';

let api: FakeApiServer;
let dns: DnsServerHandle;
let kubeconfig: string;
let digRuns = 0;

/** A pod with dig: runs the real dig with the pod's nameserver swapped for the loopback nsd. */
function digInPod(_pod: string, argv: string[]): Promise<ExecScript> | undefined {
  if (argv[0] !== 'dig') return undefined;
  digRuns++;
  const args = argv.slice(1).map((a) => (a === '@10.96.0.10' ? `@${dns.host}` : a));
  args.unshift('-p', String(dns.port));
  return new Promise((resolve) => {
    execFile('dig', args, { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error && typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 0;
      resolve({ stdout, stderr, exitCode: code });
    });
  });
}

function cliEnv(argv: string[]): CapturedEnv {
  return captureEnv(argv, { KUBECONFIG: kubeconfig, NO_COLOR: '1' });
}

async function explain(...args: string[]): Promise<{ code: number; json: ExplainResult; err: string }> {
  const env = cliEnv(['explain', ...args, '-o', 'json', '--query-timeout', '1s']);
  const code = await main(env);
  const text = env.out.join('');
  return { code, json: text ? (JSON.parse(text) as ExplainResult) : (undefined as never), err: env.err.join('') };
}

before(async () => {
  dns = await startDnsServer({ zones: FIXTURE_ZONES });
  const cluster = fixtureCluster('kubeadm');
  cluster.files = { 'default/client': { '/etc/resolv.conf': RESOLV, '/etc/hosts': HOSTS, '/etc/os-release': 'ID=debian\n' } };
  cluster.kubelet = {
    'node-1': { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' },
    'node-2': { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' },
  };
  api = await startFakeApiServer(cluster);
  kubeconfig = writeKubeconfig(api, { namespace: 'default' });
});

after(async () => {
  await api?.close();
  await dns?.stop();
});

beforeEach(() => {
  api.switches.exec.mode = 'normal';
  api.switches.exec.handler = digInPod;
  api.switches.portForward.mode = 'normal';
  api.switches.portForward.target = { host: dns.host, port: dns.port };
  api.switches.faults.length = 0;
  digRuns = 0;
});

describe('explain, live', () => {
  test('web.shop from default/client: dig in the pod proves the second candidate', async () => {
    const { code, json } = await explain('web.shop', '--from', 'default/client');
    assert.equal(code, 0);
    assert.equal(json.resolved, true);
    assert.deepEqual(json.answer?.addresses, ['10.96.12.7']);
    // getaddrinfo's pair per name: A then AAAA; the Service is IPv4-only, so AAAA is NODATA.
    assert.deepEqual(json.queries.map((q) => `${q.fqdn} ${q.type}`), ['web.shop.default.svc.cluster.local. A', 'web.shop.default.svc.cluster.local. AAAA', 'web.shop.svc.cluster.local. A', 'web.shop.svc.cluster.local. AAAA']);
    assert.deepEqual(json.queries.map((q) => [q.predicted, q.observed]), [['NXDOMAIN', 'NXDOMAIN'], ['NXDOMAIN', 'NXDOMAIN'], ['NOERROR', 'NOERROR'], ['NODATA', 'NODATA']]);
    assert.deepEqual(json.verdict, { status: 'resolves', assumptions: [] });
    assert.equal(json.queriedVia?.kind, 'pod-exec');
    assert.equal(json.resolvConf.origin, 'exec');
    assert.equal(digRuns, 1, 'every candidate goes in one dig run');
  });

  test('web from default/client does not resolve, and the root cause is the namespace', async () => {
    const { code, json } = await explain('web', '--from', 'client');
    assert.equal(code, 1);
    assert.equal(json.resolved, false);
    assert.deepEqual(json.queries.map((q) => q.fqdn), ['web.default.svc.cluster.local.', 'web.svc.cluster.local.', 'web.cluster.local.', 'web.'].flatMap((n) => [n, n]));
    assert.equal(json.findings.find((f) => f.severity === 'error')?.id, 'name-in-other-namespace');
    // `web.` was asked for real: its NXDOMAIN is a fact, not an assumption.
    assert.equal(json.verdict.status, 'does-not-resolve');
    assert.deepEqual(json.verdict.assumptions, []);
  });

  test('--type A asks one type per name, as before getaddrinfo\'s pair', async () => {
    const { code, json } = await explain('web.shop', '--from', 'default/client', '--type', 'a');
    assert.equal(code, 0);
    assert.deepEqual(json.queries.map((q) => `${q.fqdn} ${q.type} ${q.observed}`), ['web.shop.default.svc.cluster.local. A NXDOMAIN', 'web.shop.svc.cluster.local. A NOERROR']);
  });

  test('a stale answer is reported where prediction and reality part', async () => {
    // The zone still has db-0's old address (test/harness/zones/README.md).
    const { json } = await explain('db.shop', '--from', 'default/client');
    const q = json.queries.find((x) => x.fqdn === 'db.shop.svc.cluster.local.')!;
    assert.equal(q.observed, 'NOERROR');
    assert.deepEqual(q.answers, ['10.244.1.19']);
    assert.deepEqual(q.predictedAnswers, ['10.244.1.20']);
    assert.ok(json.findings.some((f) => f.id === 'prediction-mismatch' && f.message.includes('10.244.1.19')));
  });

  test('no dig in the image: the queries go through a port-forward to a CoreDNS pod', async () => {
    api.switches.exec.handler = (_p, argv) => (argv[0] === 'dig' ? { stderr: 'exec: "dig": executable file not found in $PATH', exitCode: 127 } : undefined);
    const { code, json } = await explain('web.shop', '--from', 'default/client');
    assert.equal(code, 0);
    assert.equal(json.queriedVia?.kind, 'port-forward');
    assert.match(json.queriedVia!.detail, /not the pod's own network path/);
    assert.deepEqual(json.queries.map((q) => q.observed), ['NXDOMAIN', 'NXDOMAIN', 'NOERROR', 'NODATA']);
  });

  test('exec forbidden: files computed as the kubelet writes them, queries through the port-forward', async () => {
    api.switches.exec.mode = 'forbidden';
    const { code, json, err } = await explain('web.shop', '--from', 'default/client');
    assert.equal(code, 0);
    assert.equal(json.resolvConf.origin, 'computed');
    assert.ok(json.findings.some((f) => f.id === 'files-computed'));
    assert.equal(json.queriedVia?.kind, 'port-forward');
    assert.doesNotMatch(err, /at .*\.ts:\d+/, 'no stack trace');
  });

  test('a hostile exec stream (garbage channel, close frame) does not crash the process', async () => {
    api.switches.exec.mode = 'garbage-channel';
    const { code, json } = await explain('web.shop', '--from', 'default/client');
    assert.equal(code, 0);
    assert.equal(json.resolved, true);
  });

  test('neither exec nor port-forward: predictions only, said plainly', async () => {
    api.switches.exec.mode = 'forbidden';
    api.switches.portForward.mode = 'forbidden';
    const { code, json, err } = await explain('web.shop', '--from', 'default/client');
    assert.equal(code, 0, 'the prediction alone proves it resolves from the objects');
    assert.equal(json.queriedVia?.kind, 'none');
    assert.ok(json.queries.every((q) => q.observed === null));
    assert.match(err, /real queries not sent/);
  });

  test('CoreDNS logs showing a loop are named', async () => {
    const cluster = fixtureCluster('kubeadm');
    cluster.files = { 'default/client': { '/etc/resolv.conf': RESOLV, '/etc/hosts': HOSTS } };
    cluster.logs = { 'kube-system/coredns-7c65d6cfc9-4xkqz': '[INFO] plugin/reload: Running configuration SHA512 = 1b226\n[FATAL] plugin/loop: Loop (127.0.0.1:49443 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO 4547991504243258144.3688648895315093531."\n' };
    api.setCluster(cluster);
    try {
      const { json } = await explain('web.shop', '--from', 'default/client');
      assert.ok(json.findings.some((f) => f.id === 'coredns-loop-detected'));
    } finally {
      const c = fixtureCluster('kubeadm');
      c.files = { 'default/client': { '/etc/resolv.conf': RESOLV, '/etc/hosts': HOSTS, '/etc/os-release': 'ID=debian\n' } };
      api.setCluster(c);
    }
  });

  test('pod not found: one line, exit 2, a suggestion', async () => {
    const env = cliEnv(['explain', 'web', '--from', 'default/clien']);
    const code = await main(env);
    assert.equal(code, 2);
    const err = env.err.join('');
    assert.equal(err.trim().split('\n').length, 1, err);
    assert.match(err, /^error: pod "clien" not found in namespace default; did you mean client\?/);
  });

  test('an invalid name is refused before any request', async () => {
    const before = api.log.length;
    const env = cliEnv(['explain', 'web..shop', '--from', 'default/client']);
    assert.equal(await main(env), 2);
    assert.match(env.err.join(''), /^error: "web\.\.shop" is not a valid DNS name/);
    assert.equal(api.log.length, before);
  });

  test('an API server that hangs: --request-timeout bounds it, one line, exit 2', async () => {
    api.switches.faults.push({ resource: 'pods', status: 'hang' });
    const env = cliEnv(['explain', 'web', '--from', 'default/client', '--request-timeout', '1s']);
    const code = await main(env);
    assert.equal(code, 2);
    assert.match(env.err.join(''), /^error: .*(timed out|timeout)/i);
  });

  test('two sequential rounds of API reads at most before the queries', async () => {
    const start = api.log.length;
    await explain('web.shop', '--from', 'default/client', '--no-query');
    const entries = api.log.slice(start);
    assert.ok(entries.length > 0);
    // Round 2 is exec + configz + logs; nothing after depends on them but the queries.
    const upgrades = entries.filter((e) => e.upgrade).length;
    assert.equal(upgrades, 3, 'resolv.conf, hosts and os-release through exec');
  });
});
