/**
 * The live reads of `kubectl dns explain`, in two rounds:
 *  1. in parallel: the pod, namespaces, nodes, Services (all namespaces: a name may live
 *     elsewhere), the EndpointSlices of the Services the name can mean, the pods, StatefulSets
 *     and NetworkPolicies of the namespaces involved, and the DNS objects (fetchRawCluster);
 *  2. in parallel, once the pod is known: its resolv.conf, /etc/hosts and os-release through
 *     exec, the kubelet settings of its node (configz), and recent CoreDNS logs.
 * Forbidden reads become plain statements of what could not be checked; a missing pod or an
 * unreachable server is a one-line error (exit 2).
 */
import type { ClusterClient, ApiObject } from './client.ts';
import type { Kind } from '../model/kinds.ts';
import { describeClusterError, type ClusterError } from './errors.ts';
import { fetchRawCluster } from './load.ts';
import { toClusterView, toKubeletDnsConfig } from './trim.ts';
import type { ClusterView, KubeletDnsConfig } from '../model/view.ts';
import type { PodFiles } from '../explain/inputs.ts';
import { UsageError } from '../shared/errors.ts';
import { closest } from '../lint/suggest.ts';
import type { Result } from '../shared/result.ts';
import { pushAll } from '../shared/array.ts';

export interface ExplainGather {
  view: ClusterView;
  podFiles?: PodFiles;
  filesProblem?: string;
  /** From /etc/os-release inside the pod: 'musl' for Alpine. */
  flavour?: 'glibc' | 'musl';
  corednsLogs: Record<string, string>;
  unchecked: string[];
  /** The container exec used (first container unless -c). */
  container?: string;
  /** API requests sent, and rounds. */
  requests: number;
}

export interface GatherOptions {
  namespace: string;
  pod: string;
  name: string;
  container?: string;
  exec: boolean;
  logs: boolean;
  execTimeoutMs: number;
}

/** Labels of the name that can be Service names or namespaces (web.shop → web, shop). */
export function nameLabels(name: string): string[] {
  const labels = name.replace(/\.$/, '').toLowerCase().split('.').filter((l) => /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(l));
  return [...new Set(labels)].slice(0, 8);
}

function problem(e: ClusterError, what: string): string {
  return `${what}: ${describeClusterError(e)}`;
}

export async function gatherExplain(client: ClusterClient, o: GatherOptions): Promise<ExplainGather> {
  const unchecked: string[] = [];
  const labels = nameLabels(o.name);
  const namespaces = [...new Set([o.namespace, ...labels])];
  const items: ApiObject[] = [];
  const keep = (r: Result<ApiObject[], ClusterError>, what: string, required = false): void => {
    if (r.ok) pushAll(items, r.value);
    else if (r.error.kind === 'forbidden' && !required) unchecked.push(problem(r.error, `not read: ${what}`));
    else throw new UsageError(describeClusterError(r.error));
  };
  const list = (kind: Kind, namespace?: string, labelSelector?: string) =>
    client.list(kind, { ...(namespace ? { namespace } : {}), ...(labelSelector ? { labelSelector } : {}) });

  // Round 1.
  const sliceSelector = labels.length ? `kubernetes.io/service-name in (${labels.join(',')})` : undefined;
  const [pod, nsList, nodes, services, slices, dns, ...perNs] = await Promise.all([
    client.get('Pod', o.pod, o.namespace),
    list('Namespace'),
    list('Node'),
    list('Service'),
    sliceSelector ? list('EndpointSlice', undefined, sliceSelector) : Promise.resolve({ ok: true as const, value: [] }),
    fetchRawCluster(client, { namespaces: [], kinds: [], dns: true }),
    ...namespaces.flatMap((ns) => [list('Pod', ns), list('StatefulSet', ns), list('NetworkPolicy', ns)]),
  ]);
  if (!pod.ok) {
    if (pod.error.kind === 'notFound') {
      const others = perNs[0];
      const names = others && others.ok ? others.value.map((p) => String((p['metadata'] as { name?: string })?.name ?? '')) : [];
      const near = closest(o.pod, names) ?? names.find((n) => n.startsWith(o.pod + '-'));
      throw new UsageError(`pod "${o.pod}" not found in namespace ${o.namespace}${near ? `; did you mean ${near}?` : ''} (kubectl get pods -n ${o.namespace})`);
    }
    throw new UsageError(describeClusterError(pod.error));
  }
  items.push(pod.value);
  keep(nsList, 'namespaces');
  keep(nodes, 'nodes');
  keep(services, 'services in all namespaces');
  keep(slices, 'endpointslices');
  if (!dns.ok) throw new UsageError(describeClusterError(dns.error));
  pushAll(items, dns.value.items);
  pushAll(unchecked, dns.value.warnings);
  perNs.forEach((r, i) => keep(r, `${['pods', 'statefulsets', 'networkpolicies'][i % 3]} -n ${namespaces[Math.floor(i / 3)]}`));
  // The DNS namespaces' policies too (ingress to CoreDNS).
  const { view } = toClusterView(dedupe(items), 'live');
  const thePod = view.pods.find((p) => p.namespace === o.namespace && p.name === o.pod)!;

  // Round 2.
  const container = o.container ?? thePod.containers[0]?.name;
  if (o.container && !thePod.containers.some((c) => c.name === o.container)) {
    throw new UsageError(`container "${o.container}" not found in pod ${o.namespace}/${o.pod}; it has ${thePod.containers.map((c) => c.name).join(', ')}`);
  }
  const running = thePod.phase === 'Running';
  const canExec = o.exec && running && container !== undefined;
  const { execRead } = await import('./exec.ts');
  const headers = client.impersonateGroups.length ? { 'Impersonate-Group': client.impersonateGroups } : undefined;
  const exec = (argv: string[]) =>
    execRead(client.kubeConfig as never, o.namespace, o.pod, container, argv, { timeoutMs: o.execTimeoutMs, ...(headers ? { headers } : {}) });
  const dnsPods = view.pods.filter((p) => p.labels['k8s-app'] === 'kube-dns' && p.phase === 'Running');
  const [resolv, hosts, osRelease, configz, ...logs] = await Promise.all([
    canExec ? exec(['cat', '/etc/resolv.conf']) : undefined,
    canExec ? exec(['cat', '/etc/hosts']) : undefined,
    canExec ? exec(['cat', '/etc/os-release']) : undefined,
    thePod.nodeName ? client.getJSON(`/api/v1/nodes/${encodeURIComponent(thePod.nodeName)}/proxy/configz`) : undefined,
    ...(o.logs ? dnsPods.map((p) => client.getText(`/api/v1/namespaces/${p.namespace}/pods/${p.name}/log?tailLines=200`)) : []),
  ]);

  const out: ExplainGather = { view, corednsLogs: {}, unchecked, requests: client.requestCount(), ...(container ? { container } : {}) };
  if (!o.exec) out.filesProblem = '--no-exec was given';
  else if (!running) out.filesProblem = `the pod is ${thePod.phase ?? 'not running'}`;
  else if (resolv && resolv.outcome !== 'ok') out.filesProblem = `exec into ${container} failed: ${resolv.detail}`;
  if (resolv?.outcome === 'ok') {
    out.podFiles = { origin: 'exec', detail: `read with exec (cat /etc/resolv.conf in container ${container})`, resolvConf: resolv.stdout };
    if (hosts?.outcome === 'ok') out.podFiles.hosts = hosts.stdout;
  }
  if (osRelease?.outcome === 'ok') out.flavour = /^ID=["']?alpine/m.test(osRelease.stdout) ? 'musl' : 'glibc';
  if (configz) {
    if (configz.ok) {
      const k: KubeletDnsConfig = toKubeletDnsConfig(configz.value);
      view.kubelet[thePod.nodeName!] = k;
    } else unchecked.push(problem(configz.error, `kubelet DNS settings of node ${thePod.nodeName} not read`));
  }
  logs.forEach((r, i) => {
    const p = dnsPods[i]!;
    if (!r) return;
    if (r.ok) out.corednsLogs[p.name] = r.value;
    else if (i === 0) unchecked.push(problem(r.error, 'CoreDNS logs not read'));
  });
  out.requests = client.requestCount();
  return out;
}

function dedupe(items: ApiObject[]): ApiObject[] {
  const seen = new Set<string>();
  return items.filter((o) => {
    const m = o['metadata'] as { namespace?: string; name?: string; uid?: string } | undefined;
    const key = `${String(o['kind'])}/${m?.namespace ?? ''}/${m?.name ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
