/**
 * src/model/coredns-config.ts: where a cluster keeps its DNS server (the Corefile ConfigMap and
 * what it imports, the workload, the kube-dns Service, per distribution) and how to reach it
 * (the ready CoreDNS pods and their DNS TCP port, the Service address).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadClusterView } from '../../src/cluster/load.ts';
import { toClusterView } from '../../src/cluster/trim.ts';
import {
  dnsTcpPort,
  findCoreDnsConfig,
  findDnsPods,
  findDnsService,
  findDnsServiceAddress,
  findForwardTargets,
  versionFromImage,
} from '../../src/model/coredns-config.ts';
import { ALL_KINDS } from '../../src/model/kinds.ts';
import { emptyClusterView, type ClusterView, type PodView } from '../../src/model/view.ts';
import { EXAMPLE_SNAPSHOT, fixtureCluster } from '../harness/fixtures.ts';

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
