/**
 * Step 5: who the pod's nameservers are — the kube-dns Service, NodeLocal DNSCache (and where
 * node-cache sends the cluster zone and everything else), or something else — and so which path
 * the queries take. Pure.
 */
import type { ClusterView } from '../../model/view.ts';

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

/**
 * A nameserver address nothing in the cluster owns: no Service ClusterIP, endpoint, pod or node
 * has it, so no kube-proxy rule rewrites it and nothing answers there (the query times out), or
 * NodeLocal DNSCache's link-local address while no node-local-dns runs.
 */
export interface UnownedNameserver {
  ip: string;
  reason: 'service-range' | 'nodelocal-missing';
  /** What it most likely should be: the kube-dns Service, as NS/NAME (IP). */
  meant?: string;
  meantIP?: string;
}

export interface NameserverFacts {
  nameserverRoles: { ip: string; role: NameserverRole }[];
  /** The role of the first nameserver: where queries go. */
  path: NameserverRole | 'none';
  /** Set when a nameserver of the pod is NodeLocal DNSCache. */
  nodelocal?: NodeLocalFacts;
  /** node-local-dns's own forward, when its ConfigMap is in the view. */
  nodelocalForward?: NodeLocalForward;
  /** Set when the first nameserver is an address nothing owns. */
  unowned?: UnownedNameserver;
}

type DaemonSet = ClusterView['daemonSets'][number];

/** True when a Service, an endpoint, a pod or a node has the address. */
function isOwned(view: ClusterView, ip: string): boolean {
  return (
    view.services.some((s) => s.clusterIPs.includes(ip)) ||
    view.endpointSlices.some((s) => s.endpoints.some((e) => e.addresses.includes(ip))) ||
    view.pods.some((p) => p.podIPs.includes(ip)) ||
    view.nodes.some((n) => n.addresses.some((a) => a.address === ip))
  );
}

/** An IPv4 address in the same /16 as a Service ClusterIP: most likely inside the service CIDR. */
function inServiceRange(view: ClusterView, ip: string): boolean {
  const prefix = /^(\d+\.\d+)\./.exec(ip)?.[1];
  return prefix !== undefined && view.services.some((s) => s.clusterIPs.some((c) => c.startsWith(`${prefix}.`)));
}

/**
 * The first nameserver when nothing answers there: NodeLocal DNSCache's address with no
 * node-local-dns in the view, or a service-range address no Service, endpoint, pod or node owns.
 */
export function findUnownedNameserver(view: ClusterView, ip: string | undefined, dnsService: { namespace: string; name: string } | undefined, dnsServiceIP: string | undefined, nodelocalRunning: boolean): UnownedNameserver | undefined {
  if (ip === undefined || ip === dnsServiceIP) return undefined;
  const meant = dnsService && dnsServiceIP ? { meant: `${dnsService.namespace}/${dnsService.name} (${dnsServiceIP})`, meantIP: dnsServiceIP } : {};
  if (ip === NODELOCAL_DNS_IP && !nodelocalRunning) return { ip, reason: 'nodelocal-missing', ...meant };
  if (ip.startsWith('169.254.') || isOwned(view, ip) || !inServiceRange(view, ip)) return undefined;
  return { ip, reason: 'service-range', ...meant };
}

export function classifyNameservers(view: ClusterView, nameservers: readonly string[], dnsService: { namespace: string; name: string } | undefined, dnsServiceIP: string | undefined): NameserverFacts {
  const ds = view.daemonSets.find((d) => /node-?local-?dns/.test(d.name));
  const nodelocal = ds !== undefined;
  // 169.254.20.10 is NodeLocal DNSCache only when node-local-dns runs; else nothing listens there.
  const nameserverRoles = nameservers.map((ip) => ({
    ip,
    role: (ip === dnsServiceIP ? 'kube-dns' : nodelocal && ip.startsWith('169.254.') ? 'nodelocal' : 'other') as NameserverRole,
  }));
  const facts = nodeLocalFacts(view, nameserverRoles.find((r) => r.role === 'nodelocal')?.ip, ds);
  const forward = nodeLocalForward(view, ds);
  const unowned = findUnownedNameserver(view, nameservers[0], dnsService, dnsServiceIP, nodelocal);
  return {
    nameserverRoles,
    path: nameserverRoles[0]?.role ?? 'none',
    ...(facts ? { nodelocal: facts } : {}),
    ...(forward ? { nodelocalForward: forward } : {}),
    ...(unowned ? { unowned } : {}),
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
