/**
 * NodeLocal DNSCache as the objects show it: the node-local-dns DaemonSet (k8s-dns-node-cache
 * image), the addresses it binds (the `bind` lines of its ConfigMap's Corefile, or -localip), and
 * its pods per node. Pure.
 */
import { isIPv4 } from 'node:net';
import type { ClusterView, DaemonSetView, PodView } from '../model/view.ts';

/** The address the upstream manifest uses (cluster/addons/dns/nodelocaldns/nodelocaldns.yaml). */
export const NODELOCAL_DEFAULT_ADDRESS = '169.254.20.10';

export function findNodeLocalDaemonSet(view: ClusterView): DaemonSetView | undefined {
  return view.daemonSets.find(
    (d) => d.name === 'node-local-dns' || d.name === 'nodelocaldns' || d.containers.some((c) => /k8s-dns-node-cache|node-local-dns/.test(c.image)),
  );
}

/** Addresses NodeLocal DNSCache listens on: -localip of its container, and `bind` lines of the nodelocaldns ConfigMap. */
export function nodeLocalAddresses(view: ClusterView, ds: DaemonSetView | undefined): string[] {
  const out = new Set<string>();
  for (const c of ds?.containers ?? []) {
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    argv.forEach((a, i) => {
      const v = a.startsWith('-localip=') ? a.slice(9) : a === '-localip' ? argv[i + 1] : undefined;
      for (const x of (v ?? '').split(',')) if (x.trim()) out.add(x.trim());
    });
  }
  const cm = view.configMaps.find((c) => c.namespace === 'kube-system' && (c.name === 'node-local-dns' || c.name === 'nodelocaldns'));
  for (const text of Object.values(cm?.data ?? {})) {
    for (const m of text.matchAll(/^\s*bind\s+([^\n#}]+)/gm)) for (const x of m[1]!.trim().split(/\s+/)) if (/^[0-9a-f.:]+$/i.test(x)) out.add(x);
  }
  return [...out];
}

/** 169.254.0.0/16: the link-local range NodeLocal DNSCache binds a dummy interface to. */
export function isLinkLocal(ip: string): boolean {
  return isIPv4(ip) && ip.startsWith('169.254.');
}

export function nodeLocalPods(view: ClusterView, ds: DaemonSetView): PodView[] {
  const selector = ds.labels['k8s-app'];
  return view.pods.filter(
    (p) => p.namespace === ds.namespace && ((p.owner?.kind === 'DaemonSet' && p.owner.name === ds.name) || (!p.owner && selector !== undefined && p.labels['k8s-app'] === selector)),
  );
}
