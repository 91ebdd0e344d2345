/**
 * Scenario builders for explain tests: the committed kubeadm fixture cluster (as `kubectl get
 * -o yaml` prints it) plus small, named edits. Every edit takes a ClusterView and returns a
 * modified copy, so cases compose (`withKubelet(scaleCoreDns(base()), ...)`) and never leak.
 */
import { readFileSync } from 'node:fs';
import { parseSnapshot } from '../../src/cluster/snapshot.ts';
import type { ClusterView, KubeletDnsConfig, PodView, ServiceView } from '../../src/model/view.ts';
import type { ExplainInputs, ObservedQuery, PodFiles } from '../../src/explain/inputs.ts';
import type { QueryStatus } from '../../src/explain/types.ts';

const CLUSTER = new URL('../fixtures/clusters/kubeadm.yaml', import.meta.url);
const EXPLAIN_FIXTURES = new URL('../fixtures/explain/', import.meta.url);

/** The client pod (busybox, default namespace, node-2) and a pod in shop (nginx, node-2). */
export const CLIENT = { namespace: 'default', pod: 'client' } as const;
export const SHOP_POD = { namespace: 'shop', pod: 'web-6d4b8c7f9d-2lq8x' } as const;

function load(text: string, name: string): ClusterView {
  const r = parseSnapshot(text, name);
  if (!r.ok) throw new Error(`fixture ${name}: ${r.error}`);
  return r.value.view;
}

let cached: ClusterView | undefined;

/** A fresh copy of the kubeadm fixture cluster (kubelet config and node resolv.conf unknown). */
export function base(): ClusterView {
  cached ??= load(readFileSync(CLUSTER, 'utf8'), 'test/fixtures/clusters/kubeadm.yaml');
  return structuredClone(cached);
}

/** The fixture cluster with what `kubectl dns snapshot` reads from the nodes (kubeadm defaults). */
export function withNodes(view: ClusterView = base()): ClusterView {
  let v = withKubelet(view, { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' });
  v = withNodeResolvConf(v, 'nameserver 192.168.56.1\nsearch lab.example.internal\n');
  return v;
}

/** Reads test/fixtures/explain/<file> (a `kind: List` of real-shaped objects). */
export function fixtureText(file: string): string {
  return readFileSync(new URL(file, EXPLAIN_FIXTURES), 'utf8');
}

/** Adds the objects of a fixture file (kind: List) to the view. */
export function withObjects(view: ClusterView, file: string): ClusterView {
  const add = load(fixtureText(file), `test/fixtures/explain/${file}`);
  const v = structuredClone(view);
  v.namespaces.push(...add.namespaces.filter((n) => !v.namespaces.some((x) => x.name === n.name)));
  v.nodes.push(...add.nodes);
  v.pods.push(...add.pods);
  v.services.push(...add.services);
  v.endpointSlices.push(...add.endpointSlices);
  v.configMaps.push(...add.configMaps);
  v.deployments.push(...add.deployments);
  v.daemonSets.push(...add.daemonSets);
  v.statefulSets.push(...add.statefulSets);
  v.networkPolicies.push(...add.networkPolicies);
  return v;
}

/** Sets every node's KubeletConfiguration DNS fields (what `/configz` reports). */
export function withKubelet(view: ClusterView, cfg: KubeletDnsConfig): ClusterView {
  const v = structuredClone(view);
  for (const n of v.nodes) v.kubelet[n.name] = { ...cfg };
  return v;
}

export function withNodeResolvConf(view: ClusterView, text: string): ClusterView {
  const v = structuredClone(view);
  for (const n of v.nodes) v.nodeResolvConf[n.name] = text;
  return v;
}

function isDnsPod(p: PodView): boolean {
  return p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns';
}

/** `kubectl -n kube-system scale deployment coredns --replicas=0`: pods gone, endpoints empty. */
export function scaleCoreDns(view: ClusterView, replicas = 0): ClusterView {
  const v = structuredClone(view);
  const d = v.deployments.find((x) => x.namespace === 'kube-system' && x.name === 'coredns');
  if (!d) throw new Error('no coredns Deployment in the fixture');
  d.replicas = replicas;
  d.readyReplicas = Math.min(d.readyReplicas, replicas);
  d.availableReplicas = Math.min(d.availableReplicas, replicas);
  if (replicas === 0) {
    v.pods = v.pods.filter((p) => !isDnsPod(p));
    for (const s of v.endpointSlices) if (s.serviceName === 'kube-dns') s.endpoints = [];
  }
  return v;
}

/** The CoreDNS pods crash-loop: not ready, waiting in CrashLoopBackOff, endpoints not ready. */
export function crashLoopCoreDns(view: ClusterView, reason = 'CrashLoopBackOff', which: 'all' | 'one' = 'all'): ClusterView {
  const v = structuredClone(view);
  const pods = v.pods.filter(isDnsPod);
  const broken = which === 'all' ? pods : pods.slice(0, 1);
  for (const p of broken) {
    p.ready = false;
    p.containerStatuses = p.containerStatuses.map((s) => ({ ...s, ready: false, running: false, restartCount: 7, waitingReason: reason, lastTerminationReason: 'Error' }));
  }
  const ips = new Set(broken.flatMap((p) => p.podIPs));
  for (const s of v.endpointSlices) {
    if (s.serviceName !== 'kube-dns') continue;
    for (const e of s.endpoints) if (e.addresses.some((a) => ips.has(a))) Object.assign(e, { ready: false, serving: false });
  }
  const d = v.deployments.find((x) => x.name === 'coredns');
  if (d) d.readyReplicas = d.availableReplicas = pods.length - broken.length;
  return v;
}

/** The kube-dns EndpointSlice lists no endpoint (e.g. the Service selector matches nothing). */
export function emptyDnsEndpoints(view: ClusterView): ClusterView {
  const v = structuredClone(view);
  for (const s of v.endpointSlices) if (s.namespace === 'kube-system' && s.serviceName === 'kube-dns') s.endpoints = [];
  return v;
}

export function editPod(view: ClusterView, ref: { namespace: string; pod: string }, patch: (p: PodView) => void): ClusterView {
  const v = structuredClone(view);
  const p = v.pods.find((x) => x.namespace === ref.namespace && x.name === ref.pod);
  if (!p) throw new Error(`no pod ${ref.namespace}/${ref.pod} in the fixture`);
  patch(p);
  return v;
}

export function editService(view: ClusterView, namespace: string, name: string, patch: (s: ServiceView) => void): ClusterView {
  const v = structuredClone(view);
  const s = v.services.find((x) => x.namespace === namespace && x.name === name);
  if (!s) throw new Error(`no Service ${namespace}/${name} in the fixture`);
  patch(s);
  return v;
}

export function removeService(view: ClusterView, namespace: string, name: string): ClusterView {
  const v = structuredClone(view);
  v.services = v.services.filter((s) => !(s.namespace === namespace && s.name === name));
  v.endpointSlices = v.endpointSlices.filter((s) => !(s.namespace === namespace && s.serviceName === name));
  return v;
}

/** Marks every endpoint of a Service not ready (readiness probes failing). */
export function unreadyEndpoints(view: ClusterView, namespace: string, service: string): ClusterView {
  const v = structuredClone(view);
  for (const s of v.endpointSlices) {
    if (s.namespace !== namespace || s.serviceName !== service) continue;
    for (const e of s.endpoints) Object.assign(e, { ready: false, serving: false });
  }
  for (const p of v.pods) {
    if (p.namespace === namespace && serviceSelects(v, namespace, service, p)) p.ready = false;
  }
  return v;
}

function serviceSelects(v: ClusterView, namespace: string, service: string, p: PodView): boolean {
  const sel = v.services.find((s) => s.namespace === namespace && s.name === service)?.selector;
  return !!sel && Object.entries(sel).every(([k, val]) => p.labels[k] === val);
}

/** Replaces the Corefile key of ConfigMap kube-system/coredns. */
export function withCorefile(view: ClusterView, corefile: string): ClusterView {
  const v = structuredClone(view);
  const cm = v.configMaps.find((c) => c.namespace === 'kube-system' && c.name === 'coredns');
  if (!cm) throw new Error('no coredns ConfigMap in the fixture');
  cm.data['Corefile'] = corefile;
  return v;
}

/** Replaces text in the Corefile; throws when the text is not there (so a case cannot silently test nothing). */
export function editCorefile(view: ClusterView, from: string, to: string): ClusterView {
  const text = corefileOf(view);
  if (!text.includes(from)) throw new Error(`the Corefile has no ${JSON.stringify(from)}`);
  return withCorefile(view, text.replace(from, to));
}

/** The fixture's Corefile (kubeadm's, CoreDNS 1.11.3). */
export function corefileOf(view: ClusterView): string {
  return view.configMaps.find((c) => c.namespace === 'kube-system' && c.name === 'coredns')?.data['Corefile'] ?? '';
}

/** Files read inside the pod, as `exec cat` returns them. */
export function execFiles(resolvConf: string, hosts?: string): PodFiles {
  return { resolvConf, ...(hosts !== undefined ? { hosts } : {}), origin: 'exec', detail: 'exec cat /etc/resolv.conf in container client' };
}

/** resolv.conf as the kubelet writes it for a ClusterFirst pod in `namespace`. */
export function clusterResolvConf(namespace: string, extra = '', nameserver = '10.96.0.10'): string {
  return `search ${namespace}.svc.cluster.local svc.cluster.local cluster.local${extra ? ' ' + extra : ''}\nnameserver ${nameserver}\noptions ndots:5\n`;
}

/** An observed answer, as dig in the pod reports it. */
export function obs(fqdn: string, status: QueryStatus, answers: string[] = [], type = 'A'): ObservedQuery {
  return { fqdn, type, status, answers };
}

/**
 * ExplainInputs from the client pod (default/client) unless `from` says otherwise. The scenarios
 * explain the A walk (`--type A`) unless they say `getaddrinfo: true` (A and AAAA per name, the
 * default of the command) or give another type.
 */
export function inputs(name: string, view: ClusterView, rest: Partial<Omit<ExplainInputs, 'name' | 'view'>> & { getaddrinfo?: boolean } = {}): ExplainInputs {
  const { getaddrinfo, ...others } = rest;
  return { name, view, from: { ...CLIENT }, ...(getaddrinfo ? {} : { type: 'A' }), ...others };
}

/** getaddrinfo's pair as dig reports it: A then AAAA for the same name (a NOERROR without AAAA records is NODATA's NOERROR). */
export function obsPair(fqdn: string, status: QueryStatus, a: string[] = [], aaaa: string[] = []): ObservedQuery[] {
  return [obs(fqdn, status, a, 'A'), obs(fqdn, status, aaaa, 'AAAA')];
}
