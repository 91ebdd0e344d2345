import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { toClusterView, toDeploymentView, toEndpointSliceView, toKubeletDnsConfig, toPodView, toServiceView } from '../../src/cluster/trim.ts';
import { fixturePath } from '../harness/fixtures.ts';

type Obj = Record<string, unknown>;
const items = (yaml.load(readFileSync(fixturePath('kubeadm'), 'utf8')) as { items: Obj[] }).items;
const find = (kind: string, ns: string, name: string): Obj =>
  items.find((o) => o['kind'] === kind && (o['metadata'] as Obj)['name'] === name && ((o['metadata'] as Obj)['namespace'] ?? '') === ns)!;

describe('trim real-shaped objects', () => {
  test('dual-stack ClusterIP Service with named ports', () => {
    const s = toServiceView(find('Service', 'shop', 'api'));
    assert.deepEqual(s.clusterIPs, ['10.96.20.5', 'fd00:10:96::1f4']);
    assert.deepEqual(s.ipFamilies, ['IPv4', 'IPv6']);
    assert.equal(s.headless, false);
    assert.deepEqual(s.ports, [
      { name: 'grpc', port: 9090, protocol: 'TCP', targetPort: 'grpc' },
      { name: 'dns-probe', port: 5353, protocol: 'UDP', targetPort: 5353 },
    ]);
  });

  test('headless Service and ExternalName', () => {
    const db = toServiceView(find('Service', 'shop', 'db'));
    assert.equal(db.headless, true);
    assert.deepEqual(db.clusterIPs, ['None']);
    const ext = toServiceView(find('Service', 'shop', 'payments'));
    assert.equal(ext.type, 'ExternalName');
    assert.equal(ext.externalName, 'payments.example.com');
    assert.deepEqual(ext.clusterIPs, []);
    assert.equal(ext.selector, undefined);
  });

  test('EndpointSlice keeps hostname, readiness and the owning Service', () => {
    const e = toEndpointSliceView(find('EndpointSlice', 'shop', 'db-t5h2n'));
    assert.equal(e.serviceName, 'db');
    assert.deepEqual(e.endpoints.map((x) => [x.hostname, x.addresses[0], x.ready]), [['db-0', '10.244.1.20', true], ['db-1', '10.244.1.21', false]]);
    assert.deepEqual(e.endpoints[0]!.targetRef, { kind: 'Pod', name: 'db-0', namespace: 'shop' });
  });

  test('Pod: hostname/subdomain, CrashLoopBackOff, owner', () => {
    const p = toPodView(find('Pod', 'shop', 'db-1'));
    assert.equal(p.hostname, 'db-1');
    assert.equal(p.subdomain, 'db');
    assert.equal(p.ready, false);
    assert.deepEqual(p.containerStatuses[0], { name: 'postgres', ready: false, restartCount: 7, running: false, waitingReason: 'CrashLoopBackOff', lastTerminationReason: 'Error' });
    assert.deepEqual(p.owner, { kind: 'StatefulSet', namespace: 'shop', name: 'db' });
  });

  test('CoreDNS Deployment: probes and ConfigMap volume mounts', () => {
    const d = toDeploymentView(find('Deployment', 'kube-system', 'coredns'));
    assert.equal(d.replicas, 2);
    assert.equal(d.readyReplicas, 2);
    assert.deepEqual(d.containers[0]!.readinessProbe, { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } });
    assert.deepEqual(d.configMapVolumes, [{ volume: 'config-volume', configMap: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }], mountPaths: ['/etc/coredns'] }]);
  });

  test('configz answer -> the DNS fields only', () => {
    assert.deepEqual(
      toKubeletDnsConfig({ kubeletconfig: { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf', maxPods: 110 } }),
      { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' },
    );
  });
});

describe('bad shapes never throw; API defaults apply', () => {
  const junk: unknown[] = [null, 3, 'x', [], {}, { kind: 'Service' }, { kind: 'Pod', spec: 'nope', status: [] }, { kind: 'EndpointSlice', endpoints: [null, { addresses: 'x' }] }, { kind: 'Deployment', spec: { template: { spec: { volumes: [{ name: 'v' }] } } } }];
  test('junk items', () => {
    const { view, ignoredKinds } = toClusterView(junk, 't');
    assert.equal(view.services.length, 1);
    assert.equal(view.services[0]!.type, 'ClusterIP');
    assert.equal(view.pods[0]!.dnsPolicy, 'ClusterFirst');
    assert.equal(view.deployments[0]!.replicas, 1);
    assert.deepEqual(view.endpointSlices[0]!.endpoints.map((e) => e.addresses), [[], []]);
    assert.deepEqual(ignoredKinds, ['(no kind)']);
  });
});
