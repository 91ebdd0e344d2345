/**
 * What `kubectl dns doctor` reads from a live cluster, in three bounded rounds:
 *  1. every list doctor's checks read (load.ts; a forbidden list becomes a warning);
 *  2. each node's kubelet /configz (nodes/NODE/proxy/configz), at most CONFIGZ_CONCURRENCY in
 *     flight and at most MAX_CONFIGZ_NODES nodes, each bounded by the request timeout;
 *  3. the recent log lines of each CoreDNS pod (pods/POD/log?tailLines=N, at most MAX_LOG_PODS).
 * Rounds 2 and 3 run in parallel. Only reads; nothing is written.
 */
import type { ClusterClient } from './client.ts';
import { describeClusterError, type ClusterError } from './errors.ts';
import { loadClusterView } from './load.ts';
import { toKubeletDnsConfig } from './trim.ts';
import type { Kind } from '../model/kinds.ts';
import type { ClusterView, PodView } from '../model/view.ts';
import { findCoreDnsConfig, findDnsPods } from '../model/coredns-config.ts';
import type { Result } from '../shared/result.ts';

export const CONFIGZ_CONCURRENCY = 16;
export const MAX_CONFIGZ_NODES = 1000;
export const MAX_LOG_PODS = 20;
export const LOG_TAIL_LINES = 1000;
/** Per-request bound when --request-timeout is not given. */
const DEFAULT_TIMEOUT_MS = 10_000;

export const DOCTOR_KINDS: readonly Kind[] = [
  'Namespace',
  'Node',
  'Pod',
  'Service',
  'EndpointSlice',
  'ConfigMap',
  'Deployment',
  'DaemonSet',
  'NetworkPolicy',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
];

export interface DoctorGather {
  view: ClusterView;
  logs?: Record<string, string>;
  logsUnread?: string;
  kubeletUnread?: string;
  /** RBAC refused a read (the hint is then a role to grant, not a reachability problem). */
  logsRefused?: boolean;
  kubeletRefused?: boolean;
  logTailLines: number;
}

/** Runs fn over items with at most `limit` calls in flight; results in input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function coreDnsContainerName(p: PodView): string | undefined {
  return (p.containers.find((c) => c.name === 'coredns') ?? p.containers.find((c) => /coredns/i.test(c.image)) ?? p.containers[0])?.name;
}

export async function gatherDoctor(client: ClusterClient): Promise<DoctorGather> {
  const view = await loadClusterView({ client }, { namespaces: 'all', kinds: [...DOCTOR_KINDS], dns: true, kubelet: false });
  const timeoutMs = client.requestTimeoutMs || DEFAULT_TIMEOUT_MS;

  const nodes = view.nodes.map((n) => n.name).slice(0, MAX_CONFIGZ_NODES);
  const cfg = findCoreDnsConfig(view);
  const dnsPods = findDnsPods(view, cfg.ok ? cfg.value : undefined).filter((p) => p.phase === 'Running' || p.containerStatuses.some((s) => s.restartCount > 0));
  const logPods = dnsPods.slice(0, MAX_LOG_PODS);

  const [configz, logs] = await Promise.all([
    mapBounded(nodes, CONFIGZ_CONCURRENCY, (n) => client.getJSON(`/api/v1/nodes/${encodeURIComponent(n)}/proxy/configz`, { timeoutMs })),
    Promise.all(
      logPods.map((p) => {
        const c = coreDnsContainerName(p);
        return client.getText(`/api/v1/namespaces/${encodeURIComponent(p.namespace)}/pods/${encodeURIComponent(p.name)}/log?tailLines=${LOG_TAIL_LINES}${c ? `&container=${encodeURIComponent(c)}` : ''}`, { timeoutMs });
      }),
    ),
  ]);

  const out: DoctorGather = { view, logTailLines: LOG_TAIL_LINES };
  const kubeletProblems = new Map<string, string[]>();
  configz.forEach((r: Result<unknown, ClusterError>, i) => {
    const node = nodes[i]!;
    if (r.ok) view.kubelet[node] = toKubeletDnsConfig(r.value);
    else {
      if (r.error.kind === 'forbidden') out.kubeletRefused = true;
      // The node's name is in the path the error names: one line per kind of problem, not per node.
      const why = (r.error.kind === 'forbidden' ? `RBAC: ${describeClusterError(r.error)}` : describeClusterError(r.error)).replaceAll(`/nodes/${encodeURIComponent(node)}/`, '/nodes/NODE/');
      kubeletProblems.set(why, [...(kubeletProblems.get(why) ?? []), node]);
    }
  });
  const notes = [...kubeletProblems].map(([why, ns]) => (ns.length === nodes.length ? why : `${ns.length} node(s): ${why}`));
  if (view.nodes.length > MAX_CONFIGZ_NODES) notes.push(`only the first ${MAX_CONFIGZ_NODES} of ${view.nodes.length} nodes were asked`);
  if (notes.length) out.kubeletUnread = notes.join('; ');

  const texts: Record<string, string> = {};
  const logProblems: string[] = [];
  logs.forEach((r, i) => {
    const p = logPods[i]!;
    if (r.ok) texts[`${p.namespace}/${p.name}`] = r.value;
    else {
      if (r.error.kind === 'forbidden') out.logsRefused = true;
      logProblems.push(`${p.name}: ${r.error.kind === 'forbidden' ? 'RBAC: ' : ''}${describeClusterError(r.error)}`);
    }
  });
  if (Object.keys(texts).length) out.logs = texts;
  else if (logPods.length === 0) out.logs = {};
  if (dnsPods.length > MAX_LOG_PODS) logProblems.push(`only ${MAX_LOG_PODS} of ${dnsPods.length} pods read`);
  if (logProblems.length) out.logsUnread = logProblems.length > 2 ? `${logProblems[0]} (and ${logProblems.length - 1} more)` : logProblems.join('; ');
  return out;
}
