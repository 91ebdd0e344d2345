/**
 * Which server block of a Corefile serves a query (core/dnsserver/server.go ServeDNS):
 * among the blocks listening on the query's transport and port, the one whose zone is the
 * longest suffix of the query name; else the root zone "."; else CoreDNS answers REFUSED.
 * (DS queries prefer the parent zone; kubectl-dns only predicts A/AAAA/SRV/PTR so that
 * exception is not modelled.)
 */
import type { Corefile, Scheme, ServerBlock, ServerKey } from '../corefile/ast.ts';
import { isSubdomain } from '../shared/fqdn.ts';

export interface Route {
  block: ServerBlock;
  key: ServerKey;
  /** The zone that matched, an FQDN. */
  zone: string;
  /** How the key is written for display: `.:53`, `cluster.local:53`. */
  label: string;
}

/** Display form of a key: `zone:port` with the zone without its trailing dot (root stays `.`). */
export function keyLabel(zone: string, key: ServerKey): string {
  const z = zone === '.' ? '.' : zone.replace(/\.$/, '');
  const prefix = key.scheme === 'dns' ? '' : `${key.scheme}://`;
  return `${prefix}${z}:${key.port}`;
}

/** Every (zone, key, block) the server answers on this transport and port. */
export function listeners(corefile: Corefile, port: number, scheme: Scheme = 'dns'): Route[] {
  const out: Route[] = [];
  for (const block of corefile.serverBlocks) {
    for (const key of block.keys) {
      if (key.problem || key.scheme !== scheme || key.port !== port) continue;
      for (const zone of key.zones) out.push({ block, key, zone, label: keyLabel(zone, key) });
    }
  }
  return out;
}

/**
 * The route for `qname` (an FQDN), or undefined when CoreDNS would answer REFUSED
 * ("No such zone"). When several blocks declare the same zone and port (only legal with the
 * `view` plugin), the first one in the file is returned.
 */
export function routeQuery(corefile: Corefile, qname: string, port = 53, scheme: Scheme = 'dns'): Route | undefined {
  let best: Route | undefined;
  for (const route of listeners(corefile, port, scheme)) {
    if (!isSubdomain(qname, route.zone)) continue;
    if (!best || route.zone.length > best.zone.length) best = route;
  }
  return best;
}

/** The ports (for the dns scheme) the Corefile listens on. */
export function dnsPorts(corefile: Corefile): number[] {
  const ports = new Set<number>();
  for (const block of corefile.serverBlocks) for (const key of block.keys) if (!key.problem && key.scheme === 'dns') ports.add(key.port);
  return [...ports].sort((a, b) => a - b);
}
