import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../src/cluster/client.ts';
import { loadClusterView } from '../../src/cluster/load.ts';
import { ALL_KINDS } from '../../src/model/kinds.ts';
import { ClusterFailure } from '../../src/cluster/errors.ts';
import { startFakeApiServer, type FakeApiServer } from '../harness/fake-apiserver.ts';
import { EXAMPLE_SNAPSHOT, fixtureCluster } from '../harness/fixtures.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';

let server: FakeApiServer;
let kubeconfig: string;
before(async () => {
  const c = fixtureCluster('kubeadm');
  c.kubelet = { 'node-1': { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local' }, 'node-2': { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local' } };
  server = await startFakeApiServer(c);
  kubeconfig = writeKubeconfig(server);
});
after(() => server.close());

describe('loadClusterView live', () => {
  test('reads in at most two parallel rounds (measured with 150 ms latency per request)', async () => {
    server.switches.faults = [];
    server.switches.latencyMs = 150;
    server.log.length = 0;
    try {
      const client = await connect({ kubeconfig }, { env: {} });
      const t0 = Date.now();
      const view = await loadClusterView({ client }, { namespaces: ['shop'], kinds: ALL_KINDS, kubelet: true });
      const took = Date.now() - t0;
      assert.ok(server.log.length > 10, `${server.log.length} requests`);
      // Sequential requests would take log.length * 150 ms; two rounds take ~300 ms.
      // Bound loosely (a loaded CI machine): far under half of the sequential time, and the
      // configz round is after the lists (its requests come last in the log).
      assert.ok(took < (server.log.length * 150) / 2, `took ${took} ms for ${server.log.length} requests`);
      const firstConfigz = server.log.findIndex((l) => l.path.includes('/proxy/configz'));
      assert.equal(firstConfigz, server.log.length - 2);
      assert.deepEqual(Object.keys(view.kubelet).sort(), ['node-1', 'node-2']);
      assert.ok(view.services.some((s) => s.name === 'web' && s.namespace === 'shop'));
      assert.ok(view.services.some((s) => s.name === 'kube-dns'));
      assert.ok(!view.pods.some((p) => p.namespace === 'default'));
      assert.deepEqual(view.configMaps.map((c) => `${c.namespace}/${c.name}`), ['kube-system/coredns']);
    } finally {
      server.switches.latencyMs = 0;
    }
  });

  test('an unknown namespace fails with notFound', async () => {
    server.switches.faults = [];
    const client = await connect({ kubeconfig }, { env: {} });
    await assert.rejects(loadClusterView({ client }, { namespaces: ['nope'], kinds: ['Service'] }), (e: unknown) => {
      assert.ok(e instanceof ClusterFailure);
      assert.equal(e.message, 'namespace "nope" not found');
      return true;
    });
  });

  test('a forbidden optional read becomes a warning; the rest loads', async () => {
    server.switches.faults = [{ resource: 'networkpolicies', status: 403 }];
    const client = await connect({ kubeconfig }, { env: {} });
    const view = await loadClusterView({ client }, { namespaces: ['shop'], kinds: ['Service', 'NetworkPolicy'] });
    assert.equal(view.networkPolicies.length, 0);
    assert.ok(view.services.length > 0);
    assert.equal(view.warnings?.length, 1);
    assert.match(view.warnings![0]!, /not read: networkpolicies\.networking\.k8s\.io -n shop: forbidden: .*kubectl auth can-i list networkpolicies\.networking\.k8s\.io -n shop$/);
    server.switches.faults = [];
  });

  test('a 500 stops the load with one line', async () => {
    server.switches.faults = [{ resource: 'services', status: 500 }];
    const client = await connect({ kubeconfig }, { env: {} });
    await assert.rejects(loadClusterView({ client }, { namespaces: ['shop'], kinds: ['Service'] }), /the API server failed on \/api\/v1\/namespaces\/(shop|kube-system|openshift-dns)\/services\?limit=500 \(HTTP 500\)/);
    server.switches.faults = [];
  });

  test('all namespaces: cluster-wide lists', async () => {
    server.log.length = 0;
    const client = await connect({ kubeconfig }, { env: {} });
    const view = await loadClusterView({ client }, { namespaces: 'all', kinds: ['Service', 'EndpointSlice'] });
    assert.equal(view.services.length, 6);
    assert.ok(server.log.some((l) => l.path === '/api/v1/services?limit=500'));
  });
});

describe('loadClusterView from a snapshot', () => {
  test('the example snapshot', async () => {
    const view = await loadClusterView({ snapshotFile: EXAMPLE_SNAPSHOT }, { namespaces: ['shop'], kinds: ALL_KINDS });
    assert.equal(view.source, EXAMPLE_SNAPSHOT);
    assert.ok(view.services.length > 0);
  });
  test('a namespace the snapshot does not have', async () => {
    await assert.rejects(loadClusterView({ snapshotFile: EXAMPLE_SNAPSHOT }, { namespaces: ['nope'], kinds: ALL_KINDS }), /namespace "nope" not found/);
  });
});
