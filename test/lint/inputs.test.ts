import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corefileFromManifest, corefileFromSnapshot, imageTagVersion, memoryReader } from '../../src/lint/inputs.ts';

const SNAPSHOT = `apiVersion: kubectl-dns/v1
kind: ClusterSnapshot
kubelet:
  node-1: {clusterDNS: ["10.96.0.10"], clusterDomain: k8s.example.com}
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: coredns, namespace: kube-system}
  data:
    Corefile: |
      .:53 {
          errors
          kubernetes cluster.local
          forward . /etc/resolv.conf
      }
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: coredns, namespace: kube-system}
  spec:
    replicas: 2
    template:
      spec:
        containers:
        - name: coredns
          image: registry.k8s.io/coredns/coredns:v1.8.6
          ports: [{containerPort: 8181, name: readiness-port, protocol: TCP}]
          readinessProbe: {httpGet: {path: /ready, port: readiness-port, scheme: HTTP}}
`;

test('snapshot: Corefile, Deployment probes, image version and kubelet cluster domain', () => {
  const r = corefileFromSnapshot(SNAPSHOT, 'snap.yaml');
  assert.ok(r.ok);
  assert.equal(r.value.source, 'configmap kube-system/coredns');
  assert.match(r.value.text, /kubernetes cluster.local/);
  assert.equal(r.value.imageVersion, '1.8.6');
  assert.equal(r.value.clusterDomain, 'k8s.example.com');
  assert.deepEqual(r.value.deployment?.containers[0]?.readinessProbe, { httpGet: { port: 'readiness-port', path: '/ready', scheme: 'HTTP' } });
});

test('snapshot without the coredns ConfigMap is an error value', () => {
  const r = corefileFromSnapshot('kind: List\nitems: []\n', 's.yaml');
  assert.deepEqual(r, { ok: false, error: 'snapshot s.yaml has no ConfigMap kube-system/coredns with a Corefile key' });
  assert.equal(corefileFromSnapshot('{{{', 's.yaml').ok, false);
});

test('manifest: other keys and coredns-custom become files where CoreDNS mounts them', () => {
  const text = `apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  Corefile: ".:53 {\\n    import custom/*.server\\n}\\n"
  NodeHosts: "10.0.0.1 n1\\n"
---
apiVersion: v1
kind: ConfigMap
metadata: {name: coredns-custom, namespace: kube-system}
data:
  a.server: "a.example:53 {\\n    forward . 10.0.0.2\\n}\\n"
`;
  const r = corefileFromManifest(text, 'cm.yaml');
  assert.ok(r.ok);
  assert.deepEqual(Object.keys(r.value.files).sort(), ['/etc/coredns/Corefile', '/etc/coredns/NodeHosts', '/etc/coredns/custom/a.server']);
  const reader = memoryReader(r.value.files);
  assert.deepEqual(reader.glob('custom/*.server', '/etc/coredns'), ['/etc/coredns/custom/a.server']);
  assert.deepEqual(reader.glob('custom/*.override', '/etc/coredns'), []);
  assert.equal(reader.readFile('/etc/coredns/NodeHosts'), '10.0.0.1 n1\n');
});

test('image tags to versions', () => {
  assert.equal(imageTagVersion('registry.k8s.io/coredns/coredns:v1.11.3'), '1.11.3');
  assert.equal(imageTagVersion('602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.11.1-eksbuild.4'), '1.11.1');
  assert.equal(imageTagVersion('localhost:5000/coredns'), undefined);
  assert.equal(imageTagVersion('coredns/coredns@sha256:abc'), undefined);
});
