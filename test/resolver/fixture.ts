// Test-only: reads resolver fixtures (text files, and Pods as `kubectl get pod -o yaml` prints them).
// The cluster layer's trim does the Pod → PodView step for the product; this keeps the resolver tests independent of it.
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import type { PodView } from '../../src/model/view.ts';

type Obj = Record<string, any>;

export function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/resolver/${name}`, import.meta.url), 'utf8');
}

export function loadPod(name: string): PodView {
  const o = yaml.load(fixtureText(name)) as Obj;
  const md = o['metadata'] ?? {};
  const spec = o['spec'] ?? {};
  const status = o['status'] ?? {};
  const pod: PodView = {
    namespace: md.namespace ?? 'default',
    name: md.name,
    labels: md.labels ?? {},
    podIPs: (status.podIPs ?? []).map((p: Obj) => p.ip),
    ready: true,
    hostNetwork: spec.hostNetwork === true,
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    containers: (spec.containers ?? []).map((c: Obj) => ({ name: c.name, image: c.image })),
    containerStatuses: [],
  };
  if (spec.nodeName) pod.nodeName = spec.nodeName;
  if (spec.dnsConfig) pod.dnsConfig = spec.dnsConfig;
  if (spec.hostname) pod.hostname = spec.hostname;
  if (spec.subdomain) pod.subdomain = spec.subdomain;
  if (spec.hostAliases) pod.hostAliases = spec.hostAliases;
  return pod;
}
