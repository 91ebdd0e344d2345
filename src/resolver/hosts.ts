/**
 * /etc/hosts as glibc's "files" NSS module reads it (nss/nss_files/files-hosts.c, man 5 hosts):
 * `#` starts a comment anywhere on a line; fields are separated by blanks; the first field is
 * an IPv4 or IPv6 address (lines with anything else are skipped), then the canonical name and
 * aliases. Names compare case-insensitively. The hosts file is searched with the name exactly
 * as the program passed it — the search list is never applied to it, and a trailing dot is
 * not removed: glibc compares with __strcasecmp (name, h_name / h_aliases) in
 * _nss_files_gethostbyname4_r and LOOKUP_NAME_CASE, so `web.` does not match a line `web`.
 * musl (src/network/lookup_name.c name_from_hosts) finds the name with strstr() between blanks:
 * also literal, and case-sensitive.
 */
import type { LibcFlavour } from './libc.ts';
import { isIpAddress } from './resolv-conf.ts';

export interface HostsEntry {
  /** 1-based line in the file. */
  line: number;
  address: string;
  family: 'ipv4' | 'ipv6';
  /** The canonical name first, then the aliases, as written. */
  names: string[];
}

/** Parses a hosts file; malformed lines are skipped (as the C library does). Never throws. */
export function parseHosts(text: string): HostsEntry[] {
  const entries: HostsEntry[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const hash = raw.indexOf('#');
    const content = hash === -1 ? raw : raw.slice(0, hash);
    const [address, ...names] = content.trim().split(/[ \t]+/).filter((f) => f !== '');
    if (address === undefined || names.length === 0 || !isIpAddress(address)) continue;
    entries.push({ line: index + 1, address, family: address.includes(':') ? 'ipv6' : 'ipv4', names });
  }
  return entries;
}

export interface HostsMatch {
  /** The addresses returned, in file order. */
  addresses: string[];
  /** The canonical name of the first matching line. */
  canonical: string;
  /** The lines that matched. */
  entries: HostsEntry[];
}

/**
 * Looks a name up the way glibc's files module answers:
 * - one family (gethostbyname2 / getaddrinfo with AF_INET or AF_INET6): the first line of that
 *   family that lists the name ("multi off", the default of host.conf);
 * - 'any' (getaddrinfo AF_UNSPEC, _nss_files_gethostbyname4_r): every line that lists the name,
 *   both families, in file order.
 * Returns null when no line matches (the lookup then goes on to DNS).
 */
export function lookupHosts(
  entries: readonly HostsEntry[],
  name: string,
  family: 'ipv4' | 'ipv6' | 'any',
  flavour: LibcFlavour = 'glibc',
): HostsMatch | null {
  const same = flavour === 'musl' ? (n: string) => n === name : (n: string) => n.toLowerCase() === name.toLowerCase();
  const matches = entries.filter((e) => (family === 'any' || e.family === family) && e.names.some(same));
  const first = matches[0];
  if (first === undefined) return null;
  const used = family === 'any' ? matches : [first];
  return { addresses: used.map((e) => e.address), canonical: first.names[0] ?? name, entries: used };
}
