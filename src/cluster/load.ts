/**
 * Loads the one ClusterView every command reads, from an API server or a snapshot file.
 * Live: round 1 = every list (and the namespace checks) in parallel; round 2 (only when the
 * kubelet settings are wanted) = /configz per node in parallel. Never more than two rounds.
 */
import { UsageError } from '../shared/errors.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { ApiObject, ClusterClient } from './client.ts';
import type { ClusterFlags } from './kubeconfig.ts';
import { DNS_NAMESPACES, findCoreDnsConfig, isDnsConfigMap, type CoreDnsConfig } from '../model/coredns-config.ts';
import { ClusterFailure, describeClusterError, type ClusterError } from './errors.ts';
import { KINDS, resourceName, type Kind } from '../model/kinds.ts';
import { readSnapshotFile, type RawSnapshot } from './snapshot.ts';
import { toClusterView, toKubeletDnsConfig } from './trim.ts';
import type { ClusterView, KubeletDnsConfig } from '../model/view.ts';

export interface LoadWant {
  /** Namespaces whose namespaced objects are read; 'all' = cluster-wide lists. */
  namespaces: string[] | 'all';
  kinds: Kind[];
  /** Also read the DNS objects of kube-system / openshift-dns (default true). */
  dns?: boolean;
  /** Also read each node's kubelet DNS settings through nodes/NODE/proxy/configz (default false). */
  kubelet?: boolean;
}

export type ViewSource = { client: ClusterClient } | { snapshotFile: string };

export interface RawCluster extends RawSnapshot {
  warnings: string[];
  /** Lists that answered (namespace existence checks not counted). */
  readCount: number;
  /** Reads RBAC refused (each also a warning). */
  denied: Extract<ClusterError, { kind: 'forbidden' }>[];
}

/**
 * "Nothing read" (CONTRACT exit 2): every read was refused. Commands that would otherwise print
 * an empty listing or write an empty snapshot fail with this instead.
 */
export function nothingReadError(raw: Pick<RawCluster, 'readCount' | 'denied'>): ClusterError | undefined {
  if (raw.readCount > 0 || raw.denied.length === 0) return undefined;
  return { kind: 'nothingRead', denied: raw.denied };
}

/** Kinds whose objects in the DNS namespaces matter to every command. */
const DNS_KINDS: readonly Kind[] = ['Pod', 'Service', 'EndpointSlice', 'ConfigMap', 'Deployment', 'DaemonSet'];

/** Reads the raw objects (as the API returns them, kind/apiVersion set). */
export async function fetchRawCluster(client: ClusterClient, want: LoadWant): Promise<Result<RawCluster, ClusterError>> {
  const dns = want.dns ?? true;
  const kinds = new Set<Kind>(want.kinds);
  if (want.kubelet) kinds.add('Node');
  const all = want.namespaces === 'all';
  const userNamespaces = all ? [] : [...new Set(want.namespaces as string[])];
  const warnings: string[] = [];
  const forbidden: Extract<ClusterError, { kind: 'forbidden' }>[] = [];
  /** Per list: the malformed items skipped (one warning per list names them). */
  const malformed = new Map<string, string[]>();
  const onMalformed = (what: string): ((m: string) => void) => (m: string) => {
    const list = malformed.get(what) ?? [];
    list.push(m);
    malformed.set(what, list);
  };

  /** check: a namespace existence check, which does not count as reading the cluster. */
  type Job = { what: string; run: () => Promise<Result<ApiObject[], ClusterError>>; keep?: (o: ApiObject) => boolean; check?: true; namespace?: string };
  const jobs: Job[] = [];
  /** A list job; malformed items are reported under the job's name. */
  const listJob = (what: string, kind: Kind, namespace?: string, keep?: (o: ApiObject) => boolean): Job => ({
    what,
    run: () => client.list(kind, { ...(namespace !== undefined ? { namespace } : {}), onMalformed: onMalformed(what) }),
    ...(keep ? { keep } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
  });
  const nsCheck = (ns: string): Job => ({
    what: `namespace ${ns}`,
    check: true,
    run: async () => {
      const r = await client.get('Namespace', ns);
      if (r.ok) return ok(kinds.has('Namespace') ? [r.value] : []);
      if (r.error.kind === 'notFound') return err({ ...r.error, resource: 'namespaces', name: ns, detail: r.error.detail });
      return r;
    },
  });
  for (const ns of userNamespaces) jobs.push(nsCheck(ns));
  for (const kind of kinds) {
    const info = KINDS[kind];
    const keep = kind === 'ConfigMap' ? (o: ApiObject) => isDnsConfigMap(nsOf(o), nameOf(o)) : undefined;
    if (!info.namespaced) {
      if (kind === 'Namespace' && !all && userNamespaces.length > 0) continue; // the checks above fetch them
      jobs.push(listJob(resourceName(kind), kind));
      continue;
    }
    if (all) {
      // ConfigMaps: only the DNS namespaces hold DNS ConfigMaps; never list the rest.
      if (kind === 'ConfigMap') {
        for (const ns of DNS_NAMESPACES) jobs.push(listJob(`configmaps -n ${ns}`, kind, ns, keep));
      } else jobs.push(listJob(resourceName(kind), kind));
      continue;
    }
    const namespaces = new Set(kind === 'ConfigMap' ? [] : userNamespaces);
    if (dns && DNS_KINDS.includes(kind)) for (const ns of DNS_NAMESPACES) namespaces.add(ns);
    if (kind === 'ConfigMap') for (const ns of userNamespaces) if (DNS_NAMESPACES.includes(ns)) namespaces.add(ns);
    for (const ns of namespaces) {
      jobs.push(listJob(`${resourceName(kind)} -n ${ns}`, kind, ns, keep));
    }
  }
  if (dns && !all) {
    // DNS objects are read even when the caller did not ask for their kinds.
    for (const kind of DNS_KINDS) {
      if (kinds.has(kind)) continue;
      for (const ns of DNS_NAMESPACES) {
        const keep = kind === 'ConfigMap' ? (o: ApiObject) => isDnsConfigMap(nsOf(o), nameOf(o)) : undefined;
        jobs.push(listJob(`${resourceName(kind)} -n ${ns}`, kind, ns, keep));
      }
    }
  } else if (dns && all && !kinds.has('ConfigMap')) {
    for (const ns of DNS_NAMESPACES) {
      jobs.push(listJob(`configmaps -n ${ns}`, 'ConfigMap', ns, (o) => isDnsConfigMap(nsOf(o), nameOf(o))));
    }
  }

  // Round 1.
  const results = await Promise.all(jobs.map((j) => j.run()));
  const items: ApiObject[] = [];
  const seen = new Set<string>();
  let readCount = 0;
  // Where the DNS ConfigMap was found: a refused read of another distribution's DNS namespace
  // (openshift-dns on a kubeadm cluster) then says nothing the user needs — deploy/rbac.yaml
  // grants ConfigMaps in kube-system only (found by test/oracle/cluster-vs-apiserver.test.ts).
  const dnsFoundIn = new Set<string>();
  for (const r of results) {
    if (r.ok) for (const o of r.value) if (o['kind'] === 'ConfigMap' && isDnsConfigMap(nsOf(o), nameOf(o))) dnsFoundIn.add(nsOf(o));
  }
  const otherDnsNamespace = (job: Job): boolean =>
    dnsFoundIn.size > 0 && job.namespace !== undefined && DNS_NAMESPACES.includes(job.namespace) && !dnsFoundIn.has(job.namespace)
    && !userNamespaces.includes(job.namespace);
  for (const [i, r] of results.entries()) {
    const job = jobs[i]!;
    if (!r.ok) {
      if (r.error.kind !== 'forbidden') return r;
      forbidden.push(r.error);
      if (!otherDnsNamespace(job)) warnings.push(`not read: ${job.what}: ${describeClusterError(r.error)}`);
      continue;
    }
    if (!job.check) readCount++;
    for (const o of r.value) {
      if (job.keep && !job.keep(o)) continue;
      const key = `${String(o['kind'])}/${nsOf(o)}/${nameOf(o)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(o);
    }
  }

  for (const [what, list] of malformed) {
    const shown = list.slice(0, 3).join('; ') + (list.length > 3 ? `; and ${list.length - 3} more` : '');
    warnings.push(`skipped ${list.length} malformed ${list.length === 1 ? 'object' : 'objects'} in ${what} (no metadata.name): ${shown}`);
  }

  // Round 2: kubelet settings per node.
  const kubelet: Record<string, KubeletDnsConfig> = {};
  if (want.kubelet) {
    const nodes = items.filter((o) => o['kind'] === 'Node').map(nameOf);
    const configz = await Promise.all(nodes.map((n) => client.getJSON(`/api/v1/nodes/${encodeURIComponent(n)}/proxy/configz`)));
    const skipped: string[] = [];
    let forbiddenNote: string | undefined;
    for (const [i, r] of configz.entries()) {
      const node = nodes[i]!;
      if (r.ok) kubelet[node] = toKubeletDnsConfig(r.value);
      else if (r.error.kind === 'forbidden') forbiddenNote ??= describeClusterError(r.error);
      else if (r.error.kind === 'unreachable' || r.error.kind === 'unauthorized') return err(r.error);
      else skipped.push(node);
    }
    if (forbiddenNote) warnings.push(`kubelet DNS settings not read (nodes/proxy is optional): ${forbiddenNote}`);
    if (skipped.length) warnings.push(`kubelet DNS settings not read from node(s) ${skipped.join(', ')}: /configz did not answer`);
  }
  return ok({ items, kubelet, nodeResolvConf: {}, files: {}, warnings, readCount, denied: forbidden });
}

function nsOf(o: ApiObject): string {
  const m = o['metadata'] as { namespace?: unknown } | undefined;
  return typeof m?.namespace === 'string' ? m.namespace : '';
}

function nameOf(o: ApiObject): string {
  const m = o['metadata'] as { name?: unknown } | undefined;
  return typeof m?.name === 'string' ? m.name : '';
}

/**
 * The ClusterView for a command. A cluster failure throws ClusterFailure and a bad snapshot
 * file throws UsageError: both print as one line and exit 2. Forbidden reads and ignored
 * snapshot kinds become `view.warnings`.
 */
export async function loadClusterView(source: ViewSource, want: LoadWant): Promise<ClusterView> {
  if ('snapshotFile' in source) {
    const r = await readSnapshotFile(source.snapshotFile);
    if (!r.ok) throw new UsageError(r.error);
    const view = r.value.view;
    if (want.namespaces !== 'all' && view.namespaces.length > 0) {
      for (const ns of want.namespaces) {
        if (!view.namespaces.some((n) => n.name === ns)) {
          throw new ClusterFailure({ kind: 'notFound', resource: 'namespaces', name: ns, detail: `not in snapshot ${source.snapshotFile}` });
        }
      }
    }
    if (r.value.warnings.length) view.warnings = r.value.warnings;
    return view;
  }
  const r = await fetchRawCluster(source.client, want);
  if (!r.ok) throw new ClusterFailure(r.error);
  const nothing = nothingReadError(r.value);
  if (nothing) throw new ClusterFailure(nothing);
  const { view } = toClusterView(r.value.items, 'live', { kubelet: r.value.kubelet });
  if (r.value.warnings.length) view.warnings = r.value.warnings;
  return view;
}

/**
 * What `lint-corefile` without FILE reads: the DNS objects and kubelet settings, live, then the
 * Corefile and what it can import (src/model/coredns-config.ts's findCoreDnsConfig, in -n's
 * namespace when given). Err is one line.
 */
export async function loadLiveCoreDnsConfig(flags: ClusterFlags, env: Record<string, string | undefined>): Promise<Result<CoreDnsConfig, string>> {
  // Imported here so that reading a snapshot never pulls in the cluster client.
  const { connectResult } = await import('./client.ts');
  const c = await connectResult(flags, { env });
  if (!c.ok) return err(describeClusterError(c.error));
  const raw = await fetchRawCluster(c.value, { namespaces: [], kinds: [], dns: true, kubelet: true });
  if (!raw.ok) return err(describeClusterError(raw.error));
  const { view } = toClusterView(raw.value.items, 'live', { kubelet: raw.value.kubelet });
  return findCoreDnsConfig(view, flags.namespace !== undefined ? { namespace: flags.namespace } : {});
}
