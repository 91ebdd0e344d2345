/**
 * IP address helpers (the records model, DNS answers): family detection, the canonical text form that
 * `dig +short` prints (RFC 5952 for IPv6, as glibc's inet_ntop and Go's net.IP.String write it),
 * and reverse (PTR) names.
 */

export type IpFamily = 4 | 6;

/** Parses dotted-quad IPv4; returns the 4 bytes or undefined. */
export function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return undefined;
    let n = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      n = n * 10 + c;
    }
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return bytes;
}

/** Parses IPv6 text (with `::` and an optional trailing dotted quad) into 8 16-bit groups. */
export function parseIPv6(text: string): number[] | undefined {
  if (!text.includes(':')) return undefined;
  let s = text;
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    // a trailing dotted quad (::ffff:1.2.3.4) fills the last two groups
    const v4 = parseIPv4(maybeV4);
    if (!v4) return undefined;
    const hi = (((v4[0] as number) << 8) | (v4[1] as number)).toString(16);
    const lo = (((v4[2] as number) << 8) | (v4[3] as number)).toString(16);
    s = s.slice(0, lastColon + 1) + hi + ':' + lo;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0] as string);
  const rest = halves.length === 2 ? parseGroups(halves[1] as string) : [];
  if (!head || !rest) return undefined;
  const given = head.length + rest.length;
  if (halves.length === 1) {
    if (given !== 8) return undefined;
    return head;
  }
  if (given > 7) return undefined;
  return [...head, ...new Array<number>(8 - given).fill(0), ...rest];
}

/** One parse: the canonical text and the family, or undefined when `text` is not an address. */
export function parseIp(text: string): { canonical: string; family: IpFamily } | undefined {
  const v4 = parseIPv4(text);
  if (v4) return { canonical: v4.length === 4 && text.length <= 15 && !/(^|\.)0\d/.test(text) ? text : v4.join('.'), family: 4 };
  const v6 = parseIPv6(text);
  if (v6) return { canonical: formatIPv6(v6), family: 6 };
  return undefined;
}

export function ipFamily(text: string): IpFamily | undefined {
  if (parseIPv4(text)) return 4;
  if (parseIPv6(text)) return 6;
  return undefined;
}

/** RFC 5952 text of 8 groups: lower-case, no leading zeros, the longest run (>= 2) of zero groups as `::`. */
export function formatIPv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  return hex.slice(0, bestStart).join(':') + '::' + hex.slice(bestStart + bestLen).join(':');
}

/** The address as `dig +short` prints it, or undefined when `text` is not an IP address. */
export function canonicalIp(text: string): string | undefined {
  const v4 = parseIPv4(text);
  if (v4) return v4.join('.');
  const v6 = parseIPv6(text);
  if (v6) return formatIPv6(v6);
  return undefined;
}

/** The PTR owner name of an address: `4.3.2.1.in-addr.arpa.` or the nibble form under `ip6.arpa.`. */
export function reverseName(text: string): string | undefined {
  const v4 = parseIPv4(text);
  if (v4) return [...v4].reverse().join('.') + '.in-addr.arpa.';
  const v6 = parseIPv6(text);
  if (!v6) return undefined;
  const nibbles: string[] = [];
  for (const g of v6) {
    for (let shift = 12; shift >= 0; shift -= 4) nibbles.push(((g >> shift) & 0xf).toString(16));
  }
  return nibbles.reverse().join('.') + '.ip6.arpa.';
}

/**
 * The address a reverse name stands for (CoreDNS dnsutil.ExtractAddressFromReverse):
 * only complete names (4 labels under in-addr.arpa., 32 nibbles under ip6.arpa.).
 */
export function addressFromReverse(name: string): string | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n.endsWith('.in-addr.arpa')) {
    const labels = n.slice(0, -'.in-addr.arpa'.length).split('.');
    if (labels.length !== 4) return undefined;
    return canonicalIp(labels.reverse().join('.'));
  }
  if (n.endsWith('.ip6.arpa')) {
    const labels = n.slice(0, -'.ip6.arpa'.length).split('.');
    if (labels.length !== 32 || !labels.every((l) => /^[0-9a-f]$/.test(l))) return undefined;
    const hex = labels.reverse().join('');
    const groups: number[] = [];
    for (let i = 0; i < 32; i += 4) groups.push(parseInt(hex.slice(i, i + 4), 16));
    return formatIPv6(groups);
  }
  return undefined;
}

/** Whether a name lies in a reverse tree (in-addr.arpa. or ip6.arpa.). */
export function isReverseName(name: string): boolean {
  const n = name.toLowerCase();
  return n.endsWith('in-addr.arpa.') || n.endsWith('ip6.arpa.') || n === 'in-addr.arpa' || n === 'ip6.arpa';
}
