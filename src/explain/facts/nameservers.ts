/**
 * Step 5: who the pod's nameservers are — the kube-dns Service, NodeLocal DNSCache (and where
 * node-cache sends the cluster zone and everything else), or something else — and so which path
 * the queries take. Pure.
 */
import type { ClusterView } from '../../cluster/view.ts';

/** NodeLocal DNSCache's usual link-local listen address. */
export const NODELOCAL_DNS_IP = '169.254.20.10';

export type NameserverRole = 'kube-dns' | 'nodelocal' | 'other';

/** NodeLocal DNSCache when the pod asks it: where node-cache sends the cluster zone. */
export interface NodeLocalFacts {
  /** The address the pod asks (169.254.20.10). */
  ip: string;
  /** The DaemonSet, NS/NAME. */
  daemonSet?: string;
  /** node-cache's `-upstreamsvc` (kube-dns-upstream in the upstream manifest): the Service it forwards the cluster zone to. */
  upstreamService?: string;
  /** That Service's ClusterIP, when it is in the view. */
  upstreamIP?: string;
}

/** node-local-dns's `.:53` forward: where names outside the cluster zone go. */
export interface NodeLocalForward {
  configMap: string;
  targets: string[];
}

export interface NameserverFacts {
  nameserverRoles: { ip: string; role: NameserverRole }[];
  /** The role of the first nameserver: where queries go. */
  path: NameserverRole | 'none';
  /** Set when a nameserver of the pod is NodeLocal DNSCache. */
  nodelocal?: NodeLocalFacts;
  /** node-local-dns's own forward, when its ConfigMap is in the view. */
  nodelocalForward?: NodeLocalForward;
}

type DaemonSet = ClusterView['daemonSets'][number];

export function classifyNameservers(view: ClusterView, nameservers: readonly string[], dnsServiceIP: string | undefined): NameserverFacts {
  const ds = view.daemonSets.find((d) => /node-?local-?dns/.test(d.name));
  const nodelocal = ds !== undefined;
  const nameserverRoles = nameservers.map((ip) => ({
    ip,
    role: (ip === dnsServiceIP ? 'kube-dns' : ip === NODELOCAL_DNS_IP || (nodelocal && ip.startsWith('169.254.')) ? 'nodelocal' : 'other') as NameserverRole,
  }));
  const facts = nodeLocalFacts(view, nameserverRoles.find((r) => r.role === 'nodelocal')?.ip, ds);
  const forward = nodeLocalForward(view, ds);
  return {
    nameserverRoles,
    path: nameserverRoles[0]?.role ?? 'none',
    ...(facts ? { nodelocal: facts } : {}),
    ...(forward ? { nodelocalForward: forward } : {}),
  };
}

/**
 * Where node-local-dns sends names outside the cluster zone: the `forward` of the `.:53` block
 * of its ConfigMap (the upstream manifest: `forward . __PILLAR__UPSTREAM__SERVERS__`, which
 * node-cache replaces with the nameservers of the node's /etc/resolv.conf). Undefined when the
 * ConfigMap is not in the view.
 */
function nodeLocalForward(view: ClusterView, ds: DaemonSet | undefined): NodeLocalForward | undefined {
  const cm = view.configMaps.find((c) => (ds ? c.namespace === ds.namespace : true) && /node-?local-?dns/.test(c.name) && typeof c.data['Corefile'] === 'string');
  if (!cm) return undefined;
  const root = /(^|\n)\s*\.:53\s*\{([\s\S]*?)\n\s*\}/.exec(cm.data['Corefile']!);
  const fwd = root ? /^\s*forward\s+\.\s+([^{\n]+)/m.exec(root[2]!) : null;
  return { configMap: `${cm.namespace}/${cm.name}`, targets: fwd ? fwd[1]!.trim().split(/\s+/) : [] };
}

/** node-cache's flags (k8s-dns-node-cache: `-localip 169.254.20.10,10.96.0.10 -upstreamsvc kube-dns-upstream`). */
function nodeLocalFacts(view: ClusterView, ip: string | undefined, ds: DaemonSet | undefined): NodeLocalFacts | undefined {
  if (ip === undefined) return undefined;
  const out: NodeLocalFacts = { ip };
  if (!ds) return out;
  out.daemonSet = `${ds.namespace}/${ds.name}`;
  for (const c of ds.containers) {
    const args = [...(c.command ?? []), ...(c.args ?? [])];
    for (let i = 0; i < args.length; i++) {
      const m = /^--?upstreamsvc(?:=(.*))?$/.exec(args[i]!);
      if (!m) continue;
      const name = m[1] ?? args[i + 1];
      if (name) out.upstreamService = name;
    }
  }
  if (out.upstreamService) {
    const svc = view.services.find((s) => s.namespace === ds.namespace && s.name === out.upstreamService);
    const svcIP = svc && !svc.headless ? svc.clusterIPs[0] : undefined;
    if (svcIP) out.upstreamIP = svcIP;
  }
  return out;
}
