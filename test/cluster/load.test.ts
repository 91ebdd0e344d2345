import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../src/cluster/client.ts';
import { loadClusterView } from '../../src/cluster/load.ts';
import { findCoreDnsConfig, findDnsPods, findDnsService, versionFromImage } from '../../src/cluster/coredns-config.ts';
import { ALL_KINDS } from '../../src/cluster/kinds.ts';
import { ClusterFailure } from '../../src/cluster/errors.ts';
import { emptyClusterView } from '../../src/cluster/view.ts';
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

describe('coredns-config', () => {
  test('kubeadm: Corefile, Deployment, Service, version from the image tag', async () => {
    const view = await loadClusterView({ snapshotFile: EXAMPLE_SNAPSHOT }, { namespaces: 'all', kinds: ALL_KINDS });
    const r = findCoreDnsConfig(view);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.value.source, 'configmap kube-system/coredns');
    assert.match(r.value.corefile, /kubernetes cluster\.local in-addr\.arpa ip6\.arpa/);
    assert.equal(r.value.deployment?.name, 'coredns');
    assert.equal(r.value.service?.clusterIPs[0], '10.96.0.10');
    assert.equal(r.value.version, '1.11.3');
    assert.equal(r.value.clusterDomain, 'cluster.local');
    assert.deepEqual(r.value.importFiles, {});
    assert.deepEqual(findDnsPods(view, r.value).map((p) => p.name), ['coredns-7c65d6cfc9-4xkqz', 'coredns-7c65d6cfc9-b8m2p']);
  });

  test('lint-corefile -n NS: only the layouts of that namespace; an unknown one says where CoreDNS is looked for', async () => {
    const view = await loadClusterView({ snapshotFile: EXAMPLE_SNAPSHOT }, { namespaces: 'all', kinds: ALL_KINDS });
    const ks = findCoreDnsConfig(view, { namespace: 'kube-system' });
    assert.ok(ks.ok && ks.value.source === 'configmap kube-system/coredns');
    const os = findCoreDnsConfig(view, { namespace: 'openshift-dns' });
    assert.ok(!os.ok);
    assert.equal(os.error, 'no CoreDNS Corefile found (looked for ConfigMap openshift-dns/dns-default with a Corefile key)');
    const other = findCoreDnsConfig(view, { namespace: 'dns-system' });
    assert.ok(!other.ok);
    assert.match(other.error, /^no known CoreDNS ConfigMap lives in namespace dns-system \(CoreDNS is looked for in kube-system, openshift-dns\); lint it from standard input: /);
  });

  test('AKS/k3s coredns-custom keys appear under /etc/coredns/custom', () => {
    const view = emptyClusterView('t');
    view.configMaps.push(
      { namespace: 'kube-system', name: 'coredns', data: { Corefile: '.:53 {\n  import /etc/coredns/custom/*.override\n}\nimport /etc/coredns/custom/*.server\n' } },
      { namespace: 'kube-system', name: 'coredns-custom', data: { 'corp.server': 'corp.example:53 {\n  forward . 10.0.0.53\n}\n', 'log.override': 'log\n' } },
    );
    view.deployments.push({
      namespace: 'kube-system', name: 'coredns', labels: { 'k8s-app': 'kube-dns' }, replicas: 2, readyReplicas: 2, availableReplicas: 2,
      selector: { 'k8s-app': 'kube-dns' },
      containers: [{ name: 'coredns', image: 'mcr.microsoft.com/oss/v2/kubernetes/coredns:v1.12.1-1' }],
      configMapVolumes: [
        { volume: 'config-volume', configMap: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }], mountPaths: ['/etc/coredns'] },
        { volume: 'custom-config-volume', configMap: 'coredns-custom', mountPaths: ['/etc/coredns/custom'] },
      ],
    });
    const r = findCoreDnsConfig(view);
    assert.ok(r.ok);
    assert.deepEqual(Object.keys(r.value.importFiles).sort(), ['/etc/coredns/custom/corp.server', '/etc/coredns/custom/log.override']);
    assert.equal(r.value.version, '1.12.1');
  });

  test('OpenShift: openshift-dns/dns-default with a DaemonSet', () => {
    const view = emptyClusterView('t');
    view.configMaps.push({ namespace: 'openshift-dns', name: 'dns-default', data: { Corefile: '.:5353 {\n  kubernetes cluster.local\n}\n' } });
    view.daemonSets.push({ namespace: 'openshift-dns', name: 'dns-default', labels: {}, desired: 3, ready: 3, hostNetwork: false, containers: [{ name: 'dns', image: 'quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:abc' }] });
    view.services.push({ namespace: 'openshift-dns', name: 'dns-default', type: 'ClusterIP', clusterIPs: ['172.30.0.10'], headless: false, ports: [], publishNotReadyAddresses: false, labels: {} });
    const r = findCoreDnsConfig(view);
    assert.ok(r.ok);
    assert.equal(r.value.source, 'configmap openshift-dns/dns-default');
    assert.equal(r.value.daemonSet?.name, 'dns-default');
    assert.equal(r.value.version, undefined);
    assert.equal(findDnsService(view)?.clusterIPs[0], '172.30.0.10');
  });

  test('no Corefile anywhere: one line naming what was looked for', () => {
    const r = findCoreDnsConfig(emptyClusterView('t'));
    assert.ok(!r.ok);
    assert.match(r.error, /^no CoreDNS Corefile found \(looked for ConfigMap kube-system\/coredns, kube-system\/rke2-coredns-rke2-coredns, openshift-dns\/dns-default/);
  });

  const images: [string, string | undefined][] = [
    ['registry.k8s.io/coredns/coredns:v1.11.3', '1.11.3'],
    ['602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.11.1-eksbuild.4', '1.11.1'],
    ['rancher/mirrored-coredns-coredns:1.12.0', '1.12.0'],
    ['localhost:5000/coredns', undefined],
    ['coredns/coredns@sha256:abcd', undefined],
    ['coredns/coredns:latest', undefined],
  ];
  for (const [image, want] of images) test(`versionFromImage ${image}`, () => assert.equal(versionFromImage(image), want));
});
