/**
 * The pure parts of src/cluster/dns-target.ts over the kubeadm fixture: which CoreDNS pod and
 * port a port-forward goes to, and the Service address of the fallback. The choice itself
 * (port-forward, probes, fallback) is tested end to end in test/cli/records-verify.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toClusterView } from '../../src/cluster/trim.ts';
import { chooseDnsPath, dnsTcpPort, findDnsServiceAddress, findForwardTargets } from '../../src/cluster/dns-target.ts';
import type { ClusterView, PodView } from '../../src/cluster/view.ts';
import { fixtureCluster } from '../harness/fixtures.ts';

function view(): ClusterView {
  return toClusterView(fixtureCluster('kubeadm').items, 'test').view;
}

function pod(ports: { name?: string; containerPort: number; protocol: string }[]): PodView {
  return {
    namespace: 'kube-system', name: 'p', labels: {}, podIPs: [], ready: true, hostNetwork: false, dnsPolicy: 'Default',
    containers: [{ name: 'coredns', image: 'coredns', ports }], containerStatuses: [],
  };
}

describe('findForwardTargets', () => {
  test('the ready CoreDNS pods of the fixture, on their dns-tcp port', () => {
    const r = findForwardTargets(view());
    assert.equal(r.problem, undefined);
    assert.deepEqual(r.targets, [
      { namespace: 'kube-system', pod: 'coredns-7c65d6cfc9-4xkqz', port: 53 },
      { namespace: 'kube-system', pod: 'coredns-7c65d6cfc9-b8m2p', port: 53 },
    ]);
  });

  test('not ready, not running or being deleted: skipped; none left: the problem names them', () => {
    const v = view();
    const [a, b] = v.pods.filter((p) => p.labels['k8s-app'] === 'kube-dns');
    a!.deletionTimestamp = '2026-11-23T10:00:00Z';
    assert.deepEqual(findForwardTargets(v).targets.map((t) => t.pod), ['coredns-7c65d6cfc9-b8m2p']);
    b!.ready = false;
    const r = findForwardTargets(v);
    assert.deepEqual(r.targets, []);
    assert.equal(r.problem, 'no ready CoreDNS pod to port-forward to (2 not ready: kube-system/coredns-7c65d6cfc9-4xkqz, kube-system/coredns-7c65d6cfc9-b8m2p)');
  });

  test('no CoreDNS pod at all', () => {
    const v = view();
    v.pods = v.pods.filter((p) => p.labels['k8s-app'] !== 'kube-dns');
    assert.match(findForwardTargets(v).problem ?? '', /^no CoreDNS pod found/);
  });
});

describe('dnsTcpPort', () => {
  test('dns-tcp, else TCP 53, else a TCP port named dns*, else 53; UDP ports never', () => {
    assert.equal(dnsTcpPort(pod([{ name: 'dns', containerPort: 1053, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 1053, protocol: 'TCP' }])), 1053);
    assert.equal(dnsTcpPort(pod([{ name: 'metrics', containerPort: 9153, protocol: 'TCP' }, { containerPort: 53, protocol: 'TCP' }])), 53);
    assert.equal(dnsTcpPort(pod([{ name: 'dns', containerPort: 5353, protocol: 'UDP' }, { name: 'dnstcp', containerPort: 5354, protocol: 'TCP' }])), 5354);
    assert.equal(dnsTcpPort(pod([{ name: 'dns', containerPort: 5353, protocol: 'UDP' }])), 53);
  });
});

describe('findDnsServiceAddress', () => {
  test('the kube-dns ClusterIP and its UDP dns port', () => {
    assert.deepEqual(findDnsServiceAddress(view()), { host: '10.96.0.10', port: 53, service: 'kube-system/kube-dns' });
  });

  test('a headless or missing DNS Service has no address', () => {
    const v = view();
    for (const s of v.services) if (s.name === 'kube-dns') s.clusterIPs = ['None'];
    assert.equal(findDnsServiceAddress(v), undefined);
    v.services = v.services.filter((s) => s.name !== 'kube-dns');
    assert.equal(findDnsServiceAddress(v), undefined);
  });
});

describe('chooseDnsPath without a network', () => {
  test('--dns-server is taken as given, unprobed', async () => {
    const r = await chooseDnsPath({ view: view(), dnsServer: { host: 'fd00::10', port: 53 }, probe: { name: 'cluster.local.', type: 'SOA' }, probeTimeoutMs: 1, openTimeoutMs: 1 });
    assert.ok(r.ok);
    assert.equal(r.value.kind, 'dns-server');
    assert.equal(r.value.label, '--dns-server [fd00::10]:53');
  });

  test('a snapshot (no client) without --dns-server: refused, nothing is sent', async () => {
    const r = await chooseDnsPath({ view: view(), probe: { name: 'cluster.local.', type: 'SOA' }, probeTimeoutMs: 1, openTimeoutMs: 1 });
    assert.deepEqual(r, { ok: false, error: 'a snapshot has no API server to port-forward through: pass --dns-server HOST[:PORT]' });
  });
});
