/**
 * End to end: `kubectl dns records --verify` choosing where its queries go, against the fake API
 * server through the real client-node code path, with a real DNS server (nsd on loopback)
 * answering from the hand-written zones (test/harness/zones/README.md lists their deliberate
 * differences from the fixture cluster).
 *
 * The fake server relays port-forward streams to nsd's TCP port. The kube-dns Service is moved to
 * 127.0.0.1 (nsd's port, or a closed one) so that the Service fallback is tested without a single
 * packet leaving loopback.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { main } from '../../src/cli/main.ts';
import { captureEnv, type CapturedEnv } from '../harness/cli-env.ts';
import { startFakeApiServer, type FakeApiServer, type FakeCluster } from '../harness/fake-apiserver.ts';
import { startDnsServer, FIXTURE_ZONES, type DnsServerHandle } from '../harness/dns-server.ts';
import { fixtureCluster, generateCluster } from '../harness/fixtures.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';

let api: FakeApiServer;
let dns: DnsServerHandle;
let kubeconfig: string;
/** A loopback UDP port nothing listens on (bound, then released). */
let closedPort: number;

const POD0 = 'coredns-7c65d6cfc9-4xkqz';
const POD1 = 'coredns-7c65d6cfc9-b8m2p';

function cliEnv(argv: string[]): CapturedEnv {
  return captureEnv(argv, { KUBECONFIG: kubeconfig, NO_COLOR: '1' });
}

interface JsonRecord {
  name: string;
  type: string;
  data: string;
  observed?: string;
}
interface RecordsJson {
  records: JsonRecord[];
  summary: { total: number; match: number; mismatch: number; missing: number; path: string; via?: string; fallbackReason?: string };
}

async function records(...args: string[]): Promise<{ code: number; out: string; err: string; json?: RecordsJson; ms: number }> {
  const env = cliEnv(['records', ...args]);
  const t0 = Date.now();
  const code = await main(env);
  const out = env.out.join('');
  const r: { code: number; out: string; err: string; json?: RecordsJson; ms: number } = { code, out, err: env.err.join(''), ms: Date.now() - t0 };
  if (args.includes('json') && out) r.json = JSON.parse(out) as RecordsJson;
  return r;
}

/** kube-system/kube-dns moved to 127.0.0.1:port (UDP dns port), so the fallback stays on loopback. */
function withDnsServiceAt(c: FakeCluster, port: number): FakeCluster {
  for (const o of c.items) {
    const m = o['metadata'] as { name?: string; namespace?: string };
    if (o['kind'] !== 'Service' || m.namespace !== 'kube-system' || m.name !== 'kube-dns') continue;
    const spec = o['spec'] as { clusterIP: string; clusterIPs: string[]; ports: { name: string; port: number }[] };
    spec.clusterIP = '127.0.0.1';
    spec.clusterIPs = ['127.0.0.1'];
    for (const p of spec.ports) if (p.name === 'dns' || p.name === 'dns-tcp') p.port = port;
  }
  return c;
}

/** Every CoreDNS pod not ready (readiness probe failing), as the API reports it. */
function withCoreDnsNotReady(c: FakeCluster): FakeCluster {
  for (const o of c.items) {
    const m = o['metadata'] as { namespace?: string; labels?: Record<string, string> };
    if (o['kind'] !== 'Pod' || m.namespace !== 'kube-system' || m.labels?.['k8s-app'] !== 'kube-dns') continue;
    const status = o['status'] as { conditions: { type: string; status: string }[]; containerStatuses: { ready: boolean }[] };
    for (const cond of status.conditions) if (cond.type === 'Ready') cond.status = 'False';
    for (const cs of status.containerStatuses) cs.ready = false;
  }
  return c;
}

function cluster(servicePort: number, opts: { notReady?: boolean } = {}): FakeCluster {
  const c = withDnsServiceAt(fixtureCluster('kubeadm'), servicePort);
  return opts.notReady ? withCoreDnsNotReady(c) : c;
}

function verdicts(doc: RecordsJson): Map<string, string | undefined> {
  return new Map(doc.records.map((r) => [`${r.name} ${r.type} ${r.data}`, r.observed]));
}

const portForwards = (from: number) => api.log.slice(from).filter((e) => e.upgrade && e.path.includes('/portforward'));

before(async () => {
  dns = await startDnsServer({ zones: FIXTURE_ZONES });
  closedPort = await new Promise<number>((resolve) => {
    const s = createSocket('udp4');
    s.bind(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  api = await startFakeApiServer(cluster(closedPort));
  kubeconfig = writeKubeconfig(api, { namespace: 'default' });
});

after(async () => {
  await api?.close();
  await dns?.stop();
});

beforeEach(() => {
  api.setCluster(cluster(closedPort));
  api.switches.portForward.mode = 'normal';
  api.switches.portForward.target = { host: dns.host, port: dns.port };
  api.switches.faults.length = 0;
  api.switches.latencyMs = 0;
});

describe('records --verify: through a port-forward to a ready CoreDNS pod', () => {
  test('catches the zone\'s stale and missing records and says which path it used', async () => {
    const start = api.log.length;
    const r = await records('-n', 'shop', '--verify', '-o', 'json', '--query-timeout', '2s');
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, new RegExp(`^verifying 31 records against port-forward to kube-system/${POD0}:53 \\(TCP\\)\\n`, 'm'));
    assert.doesNotMatch(r.err, /not used/, 'the first choice worked: no fallback reason');
    const doc = r.json!;
    assert.equal(doc.summary.via, 'port-forward');
    assert.equal(doc.summary.path, `port-forward to kube-system/${POD0}:53 (TCP)`);
    assert.equal(doc.summary.fallbackReason, undefined);
    const v = verdicts(doc);
    // The deliberate differences of test/harness/zones/README.md.
    assert.equal(v.get('db.shop.svc.cluster.local. A 10.244.1.20'), 'mismatch', 'stale: the zone still has db-0\'s old IP');
    assert.equal(v.get('20.1.244.10.in-addr.arpa. PTR db-0.db.shop.svc.cluster.local.'), 'missing');
    assert.equal(v.get('api.shop.svc.cluster.local. AAAA fd00:10:96::1f4'), 'missing');
    assert.equal(v.get('_dns-probe._udp.api.shop.svc.cluster.local. SRV 0 50 5353 api.shop.svc.cluster.local.'), 'missing');
    assert.equal(v.get('api.shop.svc.cluster.local. SRV 0 25 5353 api.shop.svc.cluster.local.'), 'mismatch', 'the bare-name SRV set lacks the dns-probe port');
    // And records the zone has as the cluster implies them.
    for (const k of [
      'web.shop.svc.cluster.local. A 10.96.12.7',
      '_http._tcp.web.shop.svc.cluster.local. SRV 0 100 80 web.shop.svc.cluster.local.',
      '_postgres._tcp.db.shop.svc.cluster.local. SRV 0 100 5432 db-0.db.shop.svc.cluster.local.',
      'db-0.db.shop.svc.cluster.local. A 10.244.1.20',
      'api.shop.svc.cluster.local. A 10.96.20.5',
      '_grpc._tcp.api.shop.svc.cluster.local. SRV 0 50 9090 api.shop.svc.cluster.local.',
      'payments.shop.svc.cluster.local. CNAME payments.example.com.',
      '7.12.96.10.in-addr.arpa. PTR web.shop.svc.cluster.local.',
      'web.shop.svc.cluster.local. SRV 0 50 443 web.shop.svc.cluster.local.',
      '10.1.244.10.in-addr.arpa. PTR 10-244-1-10.web.shop.svc.cluster.local.',
      '10-244-1-20.shop.pod.cluster.local. A 10.244.1.20',
    ]) {
      assert.equal(v.get(k), 'match', k);
    }
    assert.deepEqual([doc.summary.total, doc.summary.match, doc.summary.mismatch, doc.summary.missing], [31, 26, 2, 3]);

    // The queries really went through the API server: a probe stream and one query stream, to
    // the first ready CoreDNS pod's dns-tcp port, and nothing but reads.
    const pf = portForwards(start);
    assert.equal(pf.length, 2, pf.map((e) => e.path).join('\n'));
    for (const e of pf) assert.equal(e.path, `/api/v1/namespaces/kube-system/pods/${POD0}/portforward?ports=53`);
    const entries = api.log.slice(start);
    assert.deepEqual([...new Set(entries.map((e) => e.method))], ['GET'], 'read-only: no write verb reached the API server');
    for (const e of entries) assert.equal(e.headers['authorization'], `Bearer ${api.token}`);
  });

  test('gives the same verdicts as asking nsd directly with --dns-server', async () => {
    const viaForward = await records('-n', 'shop', '--verify', '-o', 'json');
    const direct = await records('-n', 'shop', '--verify', '--dns-server', `${dns.host}:${dns.port}`, '-o', 'json');
    assert.equal(direct.json!.summary.via, 'dns-server');
    assert.match(direct.err, new RegExp(`verifying 31 records against --dns-server 127\\.0\\.0\\.1:${dns.port}\\n`));
    assert.deepEqual([...verdicts(viaForward.json!)], [...verdicts(direct.json!)]);
    assert.ok(viaForward.json!.summary.match > 0 && viaForward.json!.summary.missing > 0);
  });

  test('--dns-server wins: no port-forward is opened', async () => {
    const start = api.log.length;
    const r = await records('-n', 'shop', '--service', 'web', '--type', 'A', '--verify', '--dns-server', `${dns.host}:${dns.port}`);
    assert.equal(r.code, 0, r.err + r.out);
    assert.equal(portForwards(start).length, 0);
    assert.match(r.out, /3 records verified via --dns-server 127\.0\.0\.1:\d+: 3 match, 0 mismatch, 0 missing/);
  });

  test('text output names the path in its summary line', async () => {
    const r = await records('-n', 'shop', '--service', 'web', '--type', 'A,SRV', '--verify');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`^7 records verified via port-forward to kube-system/${POD0}:53 \\(TCP\\): 7 match, 0 mismatch, 0 missing$`, 'm'));
  });
});

describe('records --verify: falling back to the kube-dns Service address', () => {
  for (const how of ['pods/portforward forbidden (RBAC)', 'kubelet-level refusal (portForward switch)'] as const) {
    test(`port-forward refused by ${how}: UDP to the Service, and why`, async () => {
      api.setCluster(cluster(dns.port));
      if (how.startsWith('pods/')) api.switches.faults.push({ resource: 'pods', subresource: 'portforward', status: 403 });
      else api.switches.portForward.mode = 'forbidden';
      const start = api.log.length;
      const r = await records('-n', 'shop', '--service', 'db', '--type', 'A', '--verify', '--query-service-ip', '-o', 'json');
      assert.equal(r.code, 1, r.err);
      const line = r.err.split('\n').find((l) => l.startsWith('verifying '));
      assert.ok(line, r.err);
      assert.match(line, new RegExp(`^verifying 2 records against DNS Service kube-system/kube-dns 127\\.0\\.0\\.1:${dns.port} \\(UDP\\) \\(not used: port-forward to kube-system/${POD0}:53 was refused \\(403 Forbidden\\)`));
      const doc = r.json!;
      assert.equal(doc.summary.via, 'service');
      assert.match(doc.summary.fallbackReason ?? '', /403 Forbidden/);
      assert.equal(verdicts(doc).get('db.shop.svc.cluster.local. A 10.244.1.20'), 'mismatch');
      assert.equal(verdicts(doc).get('db-0.db.shop.svc.cluster.local. A 10.244.1.20'), 'match');
      assert.equal(portForwards(start).length, 1, 'RBAC refuses every pod alike: the second is not tried');
    });
  }

  test('no ready CoreDNS pod: no port-forward is tried, the Service answers', async () => {
    api.setCluster(cluster(dns.port, { notReady: true }));
    const start = api.log.length;
    const r = await records('-n', 'shop', '--service', 'web', '--type', 'A', '--verify', '--query-service-ip');
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.err, /against DNS Service kube-system\/kube-dns 127\.0\.0\.1:\d+ \(UDP\) \(not used: no ready CoreDNS pod to port-forward to \(2 not ready: kube-system\/coredns-/);
    assert.equal(portForwards(start).length, 0);
  });

  test('a forward that opens but gets no DNS answer: the next ready pod, then the Service', async () => {
    api.setCluster(cluster(dns.port));
    api.switches.portForward.target = { host: '127.0.0.1', port: closedPort }; // connection refused inside the "pod"
    const start = api.log.length;
    const r = await records('-n', 'shop', '--service', 'web', '--type', 'A', '--verify', '--query-service-ip', '--query-timeout', '1s');
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.err, new RegExp(`not used: port-forward to kube-system/${POD0}:53: the probe query got no answer \\(.*\\); port-forward to kube-system/${POD1}:53: the probe`));
    assert.deepEqual(portForwards(start).map((e) => e.path.split('/')[6]), [POD0, POD1]);
  });

  test('neither path answers: one warning saying why, the predictions, exit 0, bounded time', async () => {
    api.setCluster(cluster(closedPort, { notReady: true }));
    const r = await records('-n', 'shop', '--verify', '--query-service-ip', '--query-timeout', '1s');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /^warning: --verify: no DNS server to verify against: no ready CoreDNS pod to port-forward to .*; DNS Service kube-system\/kube-dns 127\.0\.0\.1:\d+ \(UDP\): .*; pass --dns-server HOST\[:PORT\]; the records below are predictions, not verified\n$/);
    assert.match(r.out, /web\.shop\.svc\.cluster\.local\./);
    assert.doesNotMatch(r.out, /OBSERVED|verified via/);
    assert.ok(r.ms < 10_000, `${r.ms} ms`);
  });

  test('without --query-service-ip (and not in a pod) the Service address gets no packet: predictions, and why', async () => {
    const listener = createSocket('udp4');
    let packets = 0;
    listener.on('message', () => packets++);
    await new Promise<void>((resolve) => listener.bind(0, '127.0.0.1', resolve));
    try {
      api.setCluster(cluster(listener.address().port, { notReady: true }));
      const r = await records('-n', 'shop', '--verify', '-o', 'json', '--query-timeout', '500ms');
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /^warning: --verify: no DNS server to verify against: no ready CoreDNS pod .*; the DNS Service address 127\.0\.0\.1:\d+ is not queried from outside the cluster \(there it may belong to another network\); pass --query-service-ip to query it anyway; pass --dns-server HOST\[:PORT\]; the records below are predictions, not verified\n$/);
      assert.equal(r.json!.summary.via, 'none');
      assert.ok(r.json!.records.every((x) => x.observed === undefined));
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(packets, 0, 'no datagram to the Service address');
    } finally {
      listener.close();
    }
  });

  test('--query-service-ip needs --verify', async () => {
    const r = await records('-n', 'shop', '--query-service-ip');
    assert.equal(r.code, 2);
    assert.equal(r.err, 'error: --query-service-ip needs --verify\n');
  });

  test('a Service that stays silent: the probe gives up after --query-timeout', async () => {
    // A UDP socket that reads and never answers: TIMEOUT, not a refusal.
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      api.setCluster(cluster(silent.address().port, { notReady: true }));
      const r = await records('-n', 'shop', '--verify', '--query-service-ip', '--query-timeout', '500ms');
      assert.equal(r.code, 0);
      assert.match(r.err, /: no answer within 500 ms \(reachable only from inside the cluster\); pass --dns-server/);
      assert.ok(r.ms < 5_000, `${r.ms} ms`);
    } finally {
      silent.close();
    }
  });
});

describe('records --verify: usage', () => {
  test('--snapshot without --dns-server says only --dns-server works there', async () => {
    const r = await records('-n', 'shop', '--snapshot', 'test/fixtures/records/shop.yaml', '--verify');
    assert.equal(r.code, 2);
    assert.equal(r.err, 'error: --verify with --snapshot needs --dns-server HOST[:PORT]: a snapshot has no API server to port-forward through\n');
  });

  test('--help explains the order of the paths, with examples', async () => {
    const r = await records('--help');
    assert.equal(r.code, 0);
    assert.match(r.out, /^ {2}kubectl dns records -n shop --verify$/m);
    const flat = r.out.replace(/\s+/g, ' ');
    assert.match(flat, /--dns-server <host\[:port\]> with --verify: the DNS server to ask \(default: a port-forward to a ready CoreDNS pod, else, in a pod or with --query-service-ip, the kube-dns Service address; required with --snapshot\)/);
    assert.match(flat, /to --dns-server when given; else over TCP through a port-forward \(API server -> kubelet\) to a ready CoreDNS pod; else over UDP to the kube-dns Service address, if a probe query gets an answer there, but only when kubectl-dns runs inside the cluster \(in-cluster configuration\) or --query-service-ip is given/);
    assert.match(flat, /With --snapshot there is no API server: --verify needs --dns-server\./);
  });
});

describe('records --verify: many records over a port-forward', () => {
  test('10,000+ records: several pipelined streams, every query answered, bounded time', async () => {
    // 2,500 Services x (A, SRV x2, PTR) ≈ 10,000 records; nsd answers NXDOMAIN for all of them.
    const big = withDnsServiceAt(generateCluster({ services: 2500, endpointsPerSlice: 1, namespaces: 5 }), closedPort);
    api.setCluster(big);
    const start = api.log.length;
    const r = await records('-A', '--type', 'A,SRV,PTR', '--verify', '--query-timeout', '5s');
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, new RegExp(`^verifying \\d+ records against port-forward to kube-system/${POD0}:53 \\(TCP\\)\\n`));
    const pf = portForwards(start);
    assert.equal(pf.length, 1 + 4, 'a probe, then 4 streams opened at once');
    const summary = /^(\d+) records verified via port-forward .*: (\d+) match, (\d+) mismatch, (\d+) missing$/m.exec(r.out);
    assert.ok(summary, r.out.slice(-500));
    const total = Number(summary[1]);
    assert.ok(total >= 10_000, `${total} records`);
    // Every generated name is unknown to nsd: each one got its NXDOMAIN answer, none timed out.
    const nxdomain = r.out.split('\n').filter((l) => /\.svc-\d+\.|svc-\d+\.ns-\d/.test(l) && /missing \(the server says the name does not exist \(NXDOMAIN\)\)$/.test(l)).length;
    assert.ok(nxdomain >= 10_000 - 50, `${nxdomain} NXDOMAIN answers of ${total}`);
    assert.doesNotMatch(r.out, /no answer|time budget/);
    assert.ok(r.ms < 60_000, `${r.ms} ms`);
  });
});
