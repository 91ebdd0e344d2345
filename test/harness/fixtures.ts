/**
 * Fixture clusters for tests and the benchmark: the hand-written real-shaped files in
 * test/fixtures/clusters/ and examples/, and a generator for big synthetic clusters.
 * Parsed with js-yaml directly (not with the code under test).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import type { ApiObject, FakeCluster } from './fake-apiserver.ts';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/clusters/', import.meta.url));
export const EXAMPLE_SNAPSHOT = fileURLToPath(new URL('../../examples/snapshot.yaml', import.meta.url));

export function fixturePath(name: string): string {
  return `${FIXTURES_DIR}${name}.yaml`;
}

/** Reads a List or ClusterSnapshot file into what the fake API server serves. */
export function readFakeCluster(path: string): FakeCluster {
  const doc = yaml.load(readFileSync(path, 'utf8')) as {
    items?: ApiObject[];
    kubelet?: Record<string, Record<string, unknown>>;
    files?: Record<string, Record<string, string>>;
  };
  const c: FakeCluster = { items: doc.items ?? [] };
  if (doc.kubelet) c.kubelet = doc.kubelet;
  if (doc.files) c.files = doc.files;
  return c;
}

/** A fixture by name: test/fixtures/clusters/NAME.yaml. */
export function fixtureCluster(name: string): FakeCluster {
  return readFakeCluster(fixturePath(name));
}

function ip4(base: number, i: number): string {
  const n = base + i;
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/**
 * A synthetic cluster for the benchmark: `services` Services (ClusterIP, one named port) each
 * with one EndpointSlice of `endpointsPerSlice` ready endpoints, spread over `namespaces`
 * namespaces, plus the kubeadm fixture's kube-system DNS objects.
 */
export function generateCluster(opts: { services: number; endpointsPerSlice?: number; namespaces?: number }): FakeCluster {
  const per = opts.endpointsPerSlice ?? 5;
  const nsCount = Math.max(1, opts.namespaces ?? 10);
  const base = fixtureCluster('kubeadm');
  const items: ApiObject[] = base.items.filter((o) => {
    const ns = (o['metadata'] as { namespace?: string }).namespace;
    return o['kind'] === 'Node' || ns === 'kube-system' || (o['kind'] === 'Namespace' && (o['metadata'] as { name: string }).name === 'kube-system');
  });
  for (let n = 0; n < nsCount; n++) {
    items.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}`, labels: { 'kubernetes.io/metadata.name': `ns-${n}` } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  }
  const svcBase = (10 << 24) | (96 << 16) | (1 << 8); // 10.96.1.0
  const podBase = (10 << 24) | (244 << 16); // 10.244.0.0
  for (let i = 0; i < opts.services; i++) {
    const ns = `ns-${i % nsCount}`;
    const name = `svc-${i}`;
    items.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns, labels: { app: name }, uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
      spec: {
        clusterIP: ip4(svcBase, i),
        clusterIPs: [ip4(svcBase, i)],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
        selector: { app: name },
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    });
    const endpoints = [];
    for (let e = 0; e < per; e++) {
      endpoints.push({
        addresses: [ip4(podBase, i * per + e)],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: 'node-2',
        targetRef: { kind: 'Pod', name: `${name}-${e}`, namespace: ns },
      });
    }
    items.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      addressType: 'IPv4',
      endpoints,
      metadata: { name: `${name}-abcde`, namespace: ns, labels: { 'kubernetes.io/service-name': name, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    });
  }
  return { items };
}
