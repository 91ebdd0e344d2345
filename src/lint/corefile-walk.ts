/**
 * Small read-only helpers over the Corefile AST that the rules share.
 * Plugin options are read straight from the AST here (only what the rules need),
 * so the rules do not depend on the shape of each plugin spec's config.
 */
import type { Corefile, Directive, ServerBlock, Token } from '../corefile/ast.ts';
import { toFqdn, isSubdomain } from '../shared/fqdn.ts';

/** The plugin lines of a server block (top level of its body). */
export function plugins(block: ServerBlock): Directive[] {
  return block.body.directives;
}

export function findPlugins(block: ServerBlock, name: string): Directive[] {
  return block.body.directives.filter((d) => d.name.text === name);
}

export function findPlugin(block: ServerBlock, name: string): Directive | undefined {
  return block.body.directives.find((d) => d.name.text === name);
}

export function hasPlugin(block: ServerBlock, name: string): boolean {
  return findPlugin(block, name) !== undefined;
}

/** Property lines inside a plugin's block with the given name. */
export function properties(d: Directive, name: string): Directive[] {
  return d.block?.directives.filter((p) => p.name.text === name) ?? [];
}

export function property(d: Directive, name: string): Directive | undefined {
  return properties(d, name)[0];
}

/** All zones of a server block's keys (FQDNs). */
export function blockZones(block: ServerBlock): string[] {
  return block.keys.flatMap((k) => k.zones);
}

/** The first key token of a block (where block-level findings point). */
export function blockToken(block: ServerBlock): Token {
  return block.keys[0]?.token ?? block.body.open;
}

/** A short label for a block, e.g. `.:53` (as written). */
export function blockLabel(block: ServerBlock): string {
  return block.keys.map((k) => k.token.text).join(' ') || '(no key)';
}

/**
 * The zones a plugin is authoritative for: its arguments that look like zones, else the
 * server block's zones. `argZones` are the leading args (plugins such as kubernetes, hosts
 * and file take zones after fixed args; the caller slices).
 */
export function zonesOrBlock(argZones: Token[], block: ServerBlock): string[] {
  const zones = argZones.map((t) => t.text).filter((t) => t !== '' && !t.includes('/') && !/^\d+$/.test(t));
  return zones.length > 0 ? zones.map(toFqdn) : blockZones(block);
}

/** Zones of the `kubernetes` plugin (args are zones; CIDRs are expanded by the parser only for keys). */
export function kubernetesZones(d: Directive, block: ServerBlock): string[] {
  const zones = d.args.map((t) => t.text).filter((t) => t !== '');
  if (zones.length === 0) return blockZones(block);
  return zones.map((z) => (z.includes('/') ? cidrToReverseZone(z) ?? toFqdn(z) : toFqdn(z)));
}

/** IPv4 CIDR on an octet boundary -> reverse zone; other CIDRs -> the covering in-addr.arpa/ip6.arpa. */
export function cidrToReverseZone(cidr: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (m) {
    const bits = Number(m[5]);
    const octets = [m[1], m[2], m[3], m[4]].slice(0, Math.floor(bits / 8));
    return (octets.reverse().join('.') + (octets.length ? '.' : '') + 'in-addr.arpa.').toLowerCase();
  }
  if (cidr.includes(':')) return 'ip6.arpa.';
  return undefined;
}

/**
 * `fallthrough [ZONES...]` inside a plugin block: undefined = no fallthrough,
 * [] = every zone, else the listed zones as FQDNs.
 */
export function fallthroughZones(d: Directive): string[] | undefined {
  const ft = property(d, 'fallthrough');
  if (!ft) return undefined;
  return ft.args.map((t) => toFqdn(t.text));
}

/** True when `fallthrough` (as returned above) lets `name` pass on. */
export function fallsThrough(ft: string[] | undefined, name: string): boolean {
  if (ft === undefined) return false;
  if (ft.length === 0) return true;
  return ft.some((z) => isSubdomain(name, z));
}

/** Every server block with each plugin directive, in file order. */
export function* eachPlugin(corefile: Corefile): Generator<{ block: ServerBlock; directive: Directive }> {
  for (const block of corefile.serverBlocks) {
    for (const directive of block.body.directives) yield { block, directive };
  }
}

export function isReverseZone(zone: string): boolean {
  return isSubdomain(zone, 'in-addr.arpa.') || isSubdomain(zone, 'ip6.arpa.');
}

/** True when two zones overlap (one equals or contains the other). */
export function zonesOverlap(a: string, b: string): boolean {
  return isSubdomain(a, b) || isSubdomain(b, a);
}
