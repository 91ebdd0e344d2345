/**
 * `kubectl dns doctor` end to end, in-process through main(): offline on the example snapshot
 * (CONTRACT.md's JSON shape, exit codes, --strict, bad input), and live against the fake API
 * server through the real client-node path (lists, nodes/proxy/configz, pods/log; RBAC gaps
 * become SKIP lines with the reason; an unreachable cluster is exit 2).
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yaml from 'js-yaml';
import { runCli, type CliRun } from '../harness/cli-env.ts';
import { startFakeApiServer, type FakeApiServer } from '../harness/fake-apiserver.ts';
import { EXAMPLE_SNAPSHOT, fixtureCluster } from '../harness/fixtures.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';
import { startDnsServer, type DnsServerHandle } from '../harness/dns-server.ts';
import { CHECKS } from '../../src/doctor/checks/index.ts';

function run(argv: string[], env: Record<string, string | undefined> = { NO_COLOR: '1' }): Promise<CliRun> {
  return runCli(['doctor', ...argv], env);
}

interface Json {
  checks: { id: string; title: string; status: string; evidence: string[]; hint: string; docs: string }[];
  summary: Record<string, number>;
}

describe('doctor offline (--snapshot)', () => {
  test('-o json has exactly CONTRACT.md\'s shape, one entry per check in registry order', async () => {
    const r = await run(['--snapshot', EXAMPLE_SNAPSHOT, '-o', 'json']);
    const j = JSON.parse(r.out) as Json;
    assert.deepEqual(Object.keys(j), ['checks', 'summary']);
    assert.deepEqual(j.checks.map((c) => c.id), CHECKS.map((c) => c.meta.id));
    for (const c of j.checks) {
      assert.deepEqual(Object.keys(c), ['id', 'title', 'status', 'evidence', 'hint', 'docs']);
      assert.ok(['ok', 'warn', 'fail', 'skip'].includes(c.status));
      assert.ok(c.evidence.length > 0 && c.hint.length > 0 && c.docs.endsWith(`${c.id}.md`));
    }
    assert.deepEqual(Object.keys(j.summary), ['ok', 'warn', 'fail', 'skip']);
    assert.equal(Object.values(j.summary).reduce((a, b) => a + b, 0), CHECKS.length);
    // The example cluster: both CoreDNS replicas on node-1 (a FAIL), so exit 1.
    assert.equal(j.checks.find((c) => c.id === 'coredns-spread')!.status, 'fail');
    assert.match(j.checks.find((c) => c.id === 'coredns-logs')!.evidence[0]!, /offline/);
    assert.equal(r.code, 1);
  });

  test('-o yaml says the same as -o json', async () => {
    const a = JSON.parse((await run(['--snapshot', EXAMPLE_SNAPSHOT, '-o', 'json'])).out);
    const b = yaml.load((await run(['--snapshot', EXAMPLE_SNAPSHOT, '-o', 'yaml'])).out);
    assert.deepEqual(b, a);
  });

  test('text: a numbered line per check with OK/WARN/FAIL/SKIP, the evidence, fix and docs for problems, the summary', async () => {
    const r = await run(['--snapshot', EXAMPLE_SNAPSHOT]);
    assert.match(r.out, /^ 1\. OK {3}CoreDNS replicas are ready \[coredns-replicas\]$/m);
    assert.match(r.out, /^ 4\. FAIL CoreDNS replicas are spread across nodes and zones \[coredns-spread\]\n {9}2 ready pods on 1 node: node-1 \(2\)/m);
    assert.match(r.out, /^ {9}fix: Keep replicas apart/m);
    assert.match(r.out, /^ {9}docs: https:\/\/\S+\/docs\/doctor\/coredns-spread\.md$/m);
    assert.match(r.out, /^13\. SKIP .*\[coredns-logs\]\n {9}offline: a snapshot holds no logs/m);
    assert.match(r.out, /^Summary: \d+ ok, \d+ warn, 1 fail, \d+ skip$/m);
    assert.equal(r.err, '');
  });

  test('exit codes: 0 when nothing fails, --strict makes warnings fail', async () => {
    // The kubeadm fixture with the replicas on two nodes: warnings (restart, PDB, no anti-affinity) but no failure.
    const dir = mkdtempSync(join(tmpdir(), 'kdns-doctor-'));
    try {
      const doc = yaml.load(readFileSync(EXAMPLE_SNAPSHOT, 'utf8')) as { items: Record<string, any>[] };
      const pod = doc.items.find((o) => o['kind'] === 'Pod' && o['metadata'].name === 'coredns-7c65d6cfc9-b8m2p')!;
      pod['spec'].nodeName = 'node-2';
      const file = join(dir, 'snap.yaml');
      writeFileSync(file, yaml.dump(doc));
      const plain = await run(['--snapshot', file, '-o', 'json']);
      const j = JSON.parse(plain.out) as Json;
      assert.equal(j.summary['fail'], 0, JSON.stringify(j.checks.filter((c) => c.status === 'fail')));
      assert.ok(j.summary['warn']! > 0);
      assert.equal(plain.code, 0);
      assert.equal((await run(['--snapshot', file, '--strict', '-o', 'json'])).code, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad input: one line on stderr, exit 2', async () => {
    for (const argv of [['--bogus'], ['--snapshot', '/nonexistent/snap.yaml'], ['--snapshot', EXAMPLE_SNAPSHOT, '-o', 'xml']]) {
      const r = await run(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, /^error: .+\n$/, argv.join(' '));
      assert.equal(r.out, '');
    }
  });
});

describe('doctor live (fake API server)', () => {
  let api: FakeApiServer;
  let dns: DnsServerHandle;
  let kubeconfig: string;
  const A = 'kube-system/coredns-7c65d6cfc9-4xkqz';
  const B = 'kube-system/coredns-7c65d6cfc9-b8m2p';
  const START = '.:53\n[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908\nCoreDNS-1.11.3\nlinux/amd64, go1.21.11, a6338e9\n';
  const TIMEOUT = '[ERROR] plugin/errors: 2 api.stripe.com. A: read udp 10.244.0.2:48322->192.168.56.1:53: i/o timeout\n';

  before(async () => {
    const cluster = fixtureCluster('kubeadm');
    cluster.kubelet = {
      'node-1': { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local' },
      'node-2': { clusterDNS: ['10.100.0.10'], clusterDomain: 'cluster.local' },
    };
    cluster.logs = { [A]: START + TIMEOUT.repeat(3), [B]: START };
    // The port-forward reaches this nsd as if it were CoreDNS, answering for an "external" zone.
    dns = await startDnsServer({ zones: [{ name: 'example.test', text: '$ORIGIN example.test.\n$TTL 30\n@ IN SOA ns hostmaster 1 7200 1800 86400 30\n@ IN NS ns\nns IN A 192.0.2.53\nwww IN A 192.0.2.80\n' }] });
    api = await startFakeApiServer(cluster);
    api.switches.portForward.target = { host: dns.host, port: dns.port };
    kubeconfig = writeKubeconfig(api);
  });
  after(async () => {
    await api?.close();
    await dns?.stop();
    if (kubeconfig) rmSync(dirname(kubeconfig), { recursive: true, force: true });
  });
  beforeEach(() => {
    api.switches.faults = [];
  });

  const live = (argv: string[] = ['--upstream-name', 'www.example.test']) => run([...argv, '-o', 'json'], { KUBECONFIG: kubeconfig, NO_COLOR: '1' });

  test('reads kubelets through /configz and CoreDNS logs through pods/log, and reports them', async () => {
    const before = api.log.length;
    const r = await live();
    const j = JSON.parse(r.out) as Json;
    const by = Object.fromEntries(j.checks.map((c) => [c.id, c]));
    assert.equal(by['kubelet-cluster-dns']!.status, 'fail');
    assert.ok(by['kubelet-cluster-dns']!.evidence.some((e) => e.includes('clusterDNS 10.100.0.10') && e.includes('node-2')));
    assert.equal(by['coredns-logs']!.status, 'warn');
    assert.ok(by['coredns-logs']!.evidence.includes('upstream i/o timeouts: 3 (coredns-7c65d6cfc9-4xkqz 3)'));
    assert.equal(by['coredns-reload']!.status, 'ok');
    assert.equal(by['upstream-probe']!.status, 'ok', by['upstream-probe']!.evidence.join('\n'));
    assert.match(by['upstream-probe']!.evidence.join('\n'), /^3 A queries for www\.example\.test\. via port-forward to kube-system\/coredns-7c65d6cfc9-4xkqz:53 \(TCP\)\nfirst \(through the upstream\): NOERROR in \d+ ms, 192\.0\.2\.80/);
    assert.equal(r.code, 1);
    const paths = api.log.slice(before).map((e) => e.path);
    assert.equal(paths.filter((p) => p.endsWith('/proxy/configz')).length, 2);
    const logs = paths.filter((p) => p.includes('/log?'));
    assert.equal(logs.length, 2);
    assert.ok(logs.every((p) => p.includes('tailLines=1000') && p.includes('container=coredns')), logs.join('\n'));
    assert.ok(!api.log.slice(before).some((e) => e.method !== 'GET'), 'doctor only reads');
    assert.equal(api.log.slice(before).filter((e) => e.upgrade).length, 1, 'one port-forward for the upstream probe');
  });

  test('--no-upstream sends no query and opens no port-forward', async () => {
    const before = api.log.length;
    const r = await live(['--no-upstream']);
    const by = Object.fromEntries((JSON.parse(r.out) as Json).checks.map((c) => [c.id, c]));
    assert.equal(by['upstream-probe']!.status, 'skip');
    assert.equal(api.log.slice(before).filter((e) => e.upgrade).length, 0);
  });

  test('port-forward forbidden: the upstream probe SKIPs and names the role', async () => {
    api.switches.faults = [{ subresource: 'portforward', status: 403 }];
    const r = await live();
    const u = (JSON.parse(r.out) as Json).checks.find((c) => c.id === 'upstream-probe')!;
    assert.equal(u.status, 'skip');
    assert.match(u.evidence[0]!, /RBAC/);
    assert.match(u.hint, /pods\/portforward/);
  });

  test('RBAC without pods/log and nodes/proxy: those checks SKIP and say why; the rest still run', async () => {
    api.switches.faults = [
      { subresource: 'log', status: 403 },
      { resource: 'nodes', subresource: 'proxy', status: 403 },
    ];
    const r = await live();
    const j = JSON.parse(r.out) as Json;
    const by = Object.fromEntries(j.checks.map((c) => [c.id, c]));
    for (const id of ['coredns-logs', 'kubelet-cluster-dns']) {
      assert.equal(by[id]!.status, 'skip', id);
      assert.match(by[id]!.evidence.join(' '), /RBAC: forbidden/, id);
    }
    assert.match(by['coredns-logs']!.hint, /pods\/log/);
    assert.match(by['kubelet-cluster-dns']!.hint, /nodes\/proxy/);
    assert.equal(by['coredns-replicas']!.status, 'ok');
  });

  test('a forbidden list (PodDisruptionBudgets) is a warning on stderr, not a failure', async () => {
    api.switches.faults = [{ resource: 'poddisruptionbudgets', status: 403 }];
    const r = await live();
    assert.match(r.err, /^warning: not read: poddisruptionbudgets\.policy: forbidden/m);
    assert.ok(JSON.parse(r.out).checks.length > 0);
  });

  test('the cluster cannot be read at all: exit 2, one line', async () => {
    api.switches.faults = [{ status: 401 }];
    const r = await live();
    assert.equal(r.code, 2);
    assert.match(r.err, /^error: .*401 Unauthorized.*\n$/);
    assert.equal(r.out, '');
  });
});
