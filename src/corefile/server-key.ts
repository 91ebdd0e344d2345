/**
 * Server block keys, parsed the way CoreDNS does (core/dnsserver/register.go
 * InspectServerBlocks, plugin/pkg/parse/transport.go, plugin/normalize.go SplitHostPort,
 * plugin/pkg/cidr): `[SCHEME://]ZONE[:PORT]`, where ZONE may be a CIDR that stands for
 * reverse zones. Pure functions, no exceptions.
 */
import type { Scheme, ServerKey, Token } from './ast.ts';
import { pushAll } from '../shared/array.ts';

/** Default ports per transport (plugin/pkg/transport/transport.go). */
export const DEFAULT_PORTS: Readonly<Record<Scheme, number>> = {
  dns: 53,
  tls: 853,
  quic: 853,
  grpc: 443,
  https: 443,
  https3: 443,
};

/** Prefixes in the order parse.Transport tests them (https3 before https). */
const SCHEME_PREFIXES: readonly Scheme[] = ['tls', 'dns', 'quic', 'grpc', 'https3', 'https'];

/** Splits off a transport prefix; `scheme` undefined when an unknown `xyz://` prefix was written. */
export function splitScheme(key: string): { scheme: Scheme; rest: string; unknown?: string } {
  for (const s of SCHEME_PREFIXES) {
    if (key.startsWith(s + '://')) return { scheme: s, rest: key.slice(s.length + 3) };
  }
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(key);
  if (m && m[1] !== undefined) return { scheme: 'dns', rest: key.slice(m[0].length), unknown: m[1] };
  return { scheme: 'dns', rest: key };
}

export type SplitHostPortResult =
  | { ok: true; hosts: string[]; port?: string; cidr: boolean }
  | { ok: false; error: string };

/**
 * CoreDNS's plugin.SplitHostPort: a trailing `:NUMBER` is the port; the rest must be a domain
 * name; a CIDR becomes the reverse zone(s) it covers (several when the prefix is not on an
 * octet (IPv4) or nibble (IPv6) boundary).
 */
export function splitHostPort(s: string): SplitHostPortResult {
  const colon = s.lastIndexOf(':');
  if (colon === s.length - 1) {
    return { ok: false, error: s === '' ? 'the key is empty' : `expecting a port after the last colon in "${s}"` };
  }
  let host = s;
  let port: string | undefined;
  if (colon !== -1) {
    const tail = s.slice(colon + 1);
    if (/^[+-]?\d+$/.test(tail)) {
      port = String(Number.parseInt(tail, 10));
      host = s.slice(0, colon);
    }
  }
  if (host.length > 255) return { ok: false, error: `the zone is too long: ${host.length} > 255 characters` };
  if (!isDomainName(host)) return { ok: false, error: `"${host}" is not a valid domain name` };
  const net = parseCidr(host);
  if (!net) return { ok: true, hosts: [host], ...(port !== undefined ? { port } : {}), cidr: false };
  if (host.startsWith(':') || (host.startsWith('0') && host.includes(':'))) {
    return { ok: false, error: `invalid CIDR ${host}` };
  }
  return { ok: true, hosts: reverseZones(net), ...(port !== undefined ? { port } : {}), cidr: true };
}

/** Parses one server block key token into a ServerKey; problems are reported in `problem`, never thrown. */
export function parseServerKey(token: Token): ServerKey {
  const raw = token.text;
  const { scheme, rest, unknown } = splitScheme(raw);
  const key: ServerKey = { token, scheme, zones: [], port: DEFAULT_PORTS[scheme], explicitPort: false };
  if (unknown !== undefined) {
    // parse.Transport leaves an unknown prefix in place: the zone is the literal name
    // "ftp://." (CoreDNS logs 'Domain "ftp://." does not follow RFC1035 preferred syntax' and
    // starts); no query ever matches it.
    key.warning = `unknown scheme "${unknown}://" is read as part of the zone name, so no query matches this block; CoreDNS knows dns://, tls://, quic://, grpc://, https:// and https3://`;
  }
  const split = splitHostPort(rest);
  if (!split.ok) {
    key.problem ??= split.error;
    return key;
  }
  key.zones = split.hosts.map((h) => normalizeZone(h));
  if (split.port !== undefined) {
    key.explicitPort = true;
    const p = Number(split.port);
    key.port = p;
    if (!Number.isInteger(p) || p < 0 || p > 65535) key.problem ??= `port ${split.port} is out of range (0-65535)`;
  } else if (!split.cidr) {
    // A colon whose tail is not a number is taken into the zone by CoreDNS: almost always a typo'd port.
    const colon = rest.lastIndexOf(':');
    if (colon !== -1) key.problem ??= `"${rest.slice(colon + 1)}" after the last colon is not a port number`;
  }
  return key;
}

/** Lower-case FQDN (trailing dot). */
export function normalizeZone(name: string): string {
  const lower = name.toLowerCase();
  if (lower === '' || lower === '.') return '.';
  return lower.endsWith('.') ? lower : lower + '.';
}

/**
 * A simplified miekg/dns IsDomainName: `.` is the root; otherwise no empty label (leading
 * dot, `..`), labels of at most 63 and names of at most 255 octets. Escapes count as written.
 */
export function isDomainName(s: string): boolean {
  if (s === '.') return true;
  if (s === '') return false;
  const body = s.endsWith('.') && !s.endsWith('\\.') ? s.slice(0, -1) : s;
  if (body === '') return false;
  let wire = 1;
  for (const label of body.split('.')) {
    if (label.length === 0 || label.length > 63) return false;
    wire += label.length + 1;
  }
  return wire <= 255;
}

export interface IpNet {
  /** Network address bytes (4 or 16). */
  bytes: number[];
  /** Prefix length. */
  ones: number;
}

/** Go's net.ParseCIDR, returning the masked network, or undefined. */
export function parseCidr(s: string): IpNet | undefined {
  const slash = s.indexOf('/');
  if (slash === -1) return undefined;
  const addr = s.slice(0, slash);
  const maskText = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(maskText)) return undefined;
  const ones = Number(maskText);
  const bytes = addr.includes(':') ? parseIpv6(addr) : parseIpv4(addr);
  if (!bytes || ones > bytes.length * 8) return undefined;
  return { bytes: maskBytes(bytes, ones), ones };
}

function parseIpv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0'))) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    out.push(v);
  }
  return out;
}

function parseIpv6(s: string): number[] | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] ?? '';
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (!v4) return undefined;
        pushAll(out, v4);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      const v = Number.parseInt(g, 16);
      out.push(v >> 8, v & 0xff);
    }
    return out;
  };
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 16 ? head : undefined;
  const fill = 16 - head.length - tail.length;
  if (fill < 2) return undefined;
  return [...head, ...new Array<number>(fill).fill(0), ...tail];
}

function maskBytes(bytes: number[], ones: number): number[] {
  return bytes.map((b, i) => {
    const bitsHere = Math.max(0, Math.min(8, ones - i * 8));
    return b & ((0xff << (8 - bitsHere)) & 0xff);
  });
}

/**
 * The reverse zones for a network (plugin/pkg/cidr Split + Reverse): a prefix that is not on
 * a label boundary (8 bits for IPv4, 4 for IPv6) is split into the networks of the next
 * boundary, and each of those gives one zone.
 */
export function reverseZones(net: IpNet): string[] {
  const v6 = net.bytes.length === 16;
  const boundary = v6 ? 4 : 8;
  const bits = net.bytes.length * 8;
  const mask = Math.ceil(net.ones / boundary) * boundary;
  const count = 2 ** (mask - net.ones);
  let value = bytesToBig(net.bytes);
  const step = 1n << BigInt(bits - mask);
  const zones: string[] = [];
  for (let k = 0; k < count; k++) {
    zones.push(reverseName(bigToBytes(value, net.bytes.length), mask));
    value += step;
  }
  return zones;
}

function reverseName(bytes: number[], ones: number): string {
  if (bytes.length === 4) {
    const labels = bytes.slice(0, ones / 8).reverse();
    return [...labels, 'in-addr', 'arpa', ''].join('.');
  }
  const nibbles: string[] = [];
  for (const b of bytes) nibbles.push((b >> 4).toString(16), (b & 0xf).toString(16));
  const labels = nibbles.slice(0, ones / 4).reverse();
  return [...labels, 'ip6', 'arpa', ''].join('.');
}

function bytesToBig(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function bigToBytes(v: bigint, len: number): number[] {
  const out = new Array<number>(len).fill(0);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
