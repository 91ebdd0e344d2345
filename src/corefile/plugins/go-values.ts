/**
 * Value parsers that behave like the Go functions CoreDNS's setup code calls
 * (strconv.Atoi, strconv.ParseUint, time.ParseDuration, plugin.Host(...).Normalize()),
 * so that a value we accept is a value CoreDNS accepts and vice versa.
 */
import { isIP, isIPv4 } from 'node:net';

/**
 * net.isIP, without running Node's IPv6 pattern on text with fewer than two colons, which no IPv6
 * address has ('.:53', 'host:port', names): the pattern's first use compiles it, ~8 ms of a
 * 120 ms lint-corefile start.
 */
function ipKind(text: string): number {
  if (text.indexOf(':') === text.lastIndexOf(':')) return isIPv4(text) ? 4 : 0;
  return isIP(text);
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** strconv.Atoi: optional sign, decimal digits only, must fit in int64. */
export function atoi(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const big = BigInt(text);
  if (big > INT64_MAX || big < INT64_MIN) return undefined;
  return Number(big);
}

/** strconv.ParseUint(text, 10, bits): no sign, decimal digits, fits in `bits` bits. */
export function parseUint(text: string, bits: number): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const big = BigInt(text);
  if (big >= 1n << BigInt(bits)) return undefined;
  return Number(big);
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** time.ParseDuration, in milliseconds: '300ms', '1.5h', '2h45m', '0'; undefined when Go would fail. */
export function parseDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  const part = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
  while (s !== '') {
    const m = part.exec(s);
    if (!m) return undefined;
    const intPart = m[1] ?? '';
    const fracPart = m[2];
    if (intPart === '' && (fracPart === undefined || fracPart === '')) return undefined;
    const unit = DURATION_UNITS_MS[m[3] ?? ''];
    if (unit === undefined) return undefined;
    const value = Number(`${intPart || '0'}.${fracPart ?? '0'}`);
    total += value * unit;
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** dns.IsDomainName, loosely: labels of 1..63 printable characters, at most 255 octets. */
export function isDomainName(text: string): boolean {
  if (text === '.') return true;
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name === '' || name.length > 253) return false;
  return name.split('.').every((l) => l.length >= 1 && l.length <= 63 && !/\s/.test(l));
}

/** Transport prefix of a host or zone: 'dns://x' -> ['dns', 'x']; no prefix -> ['dns', text]. */
export function splitTransport(text: string): [string, string] {
  const m = /^([a-z0-9]+):\/\/(.*)$/i.exec(text);
  if (!m) return ['dns', text];
  return [(m[1] ?? '').toLowerCase(), m[2] ?? ''];
}

/** Splits 'host:port' / '[v6]:port' / bare v6; port undefined when absent. */
export function splitHostPort(text: string): { host: string; port?: string } {
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) return { host: text };
    const rest = text.slice(end + 1);
    return rest.startsWith(':') ? { host: text.slice(1, end), port: rest.slice(1) } : { host: text.slice(1, end) };
  }
  if (ipKind(text) === 6) return { host: text };
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { host: text };
  return { host: text.slice(0, colon), port: text.slice(colon + 1) };
}

/** True for 'IP', 'IP:port', '[IPv6]:port' with a port in 1..65535 (or 0 as Go accepts it). */
export function isIpHostPort(text: string): boolean {
  const { host, port } = splitHostPort(text);
  if (ipKind(host.split('%')[0] ?? '') === 0) return false;
  if (port === undefined) return true;
  const n = parseUint(port, 16);
  return n !== undefined;
}

function ipv4ReverseZones(addr: string, bits: number): string[] | undefined {
  const octets = addr.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return undefined;
  const whole = Math.floor(bits / 8);
  const rest = bits % 8;
  const base = octets.slice(0, whole);
  const zoneFor = (labels: number[]) => [...labels].reverse().join('.') + (labels.length ? '.' : '') + 'in-addr.arpa.';
  if (rest === 0) return [zoneFor(base)];
  const next = octets[whole] ?? 0;
  const size = 1 << (8 - rest);
  const start = next & ~(size - 1) & 0xff;
  const zones: string[] = [];
  for (let i = start; i < start + size; i++) zones.push(zoneFor([...base, i]));
  return zones;
}

function ipv6ReverseZones(addr: string, bits: number): string[] | undefined {
  const nibbles = expandIpv6(addr);
  if (!nibbles) return undefined;
  const whole = Math.floor(bits / 4);
  const rest = bits % 4;
  const base = nibbles.slice(0, whole);
  const zoneFor = (labels: string[]) => [...labels].reverse().join('.') + (labels.length ? '.' : '') + 'ip6.arpa.';
  if (rest === 0) return [zoneFor(base)];
  const next = parseInt(nibbles[whole] ?? '0', 16);
  const size = 1 << (4 - rest);
  const start = next & ~(size - 1) & 0xf;
  const zones: string[] = [];
  for (let i = start; i < start + size; i++) zones.push(zoneFor([...base, i.toString(16)]));
  return zones;
}

/** '2001:db8::' -> 32 hex nibbles; undefined when not IPv6. */
function expandIpv6(addr: string): string[] | undefined {
  if (ipKind(addr) !== 6) return undefined;
  const [head = '', tail] = addr.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  if (h.some((g) => g.includes('.')) || t.some((g) => g.includes('.'))) return undefined;
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const groups = [...h, ...Array<string>(fill).fill('0'), ...t];
  return groups.flatMap((g) => g.padStart(4, '0').toLowerCase().split(''));
}

/**
 * plugin.Host(text).Normalize(): strips a transport and port, lower-cases, adds the
 * trailing dot; a CIDR expands to its reverse zones. Empty when it cannot be normalized.
 */
export function normalizeZone(text: string): string[] {
  const [, rest] = splitTransport(text);
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const addr = rest.slice(0, slash);
    const bitsText = rest.slice(slash + 1).split(':')[0] ?? '';
    const bits = atoi(bitsText);
    const kind = ipKind(addr);
    if (bits !== undefined && kind === 4 && bits >= 0 && bits <= 32) return ipv4ReverseZones(addr, bits) ?? [];
    if (bits !== undefined && kind === 6 && bits >= 0 && bits <= 128) return ipv6ReverseZones(addr, bits) ?? [];
  }
  const { host } = rest.startsWith('[') || ipKind(rest) === 6 ? splitHostPort(rest) : splitHostPort(rest);
  if (host === '' || host === '.') return ['.'];
  const lower = host.toLowerCase();
  return [lower.endsWith('.') ? lower : lower + '.'];
}

/** Normalizes every argument, flattening CIDR expansions. */
export function normalizeZones(texts: readonly string[]): string[] {
  return texts.flatMap(normalizeZone);
}

/** True when `text` is a (bare) IP address. */
export function isIpAddress(text: string): boolean {
  return ipKind(text) !== 0;
}

/**
 * regexp.Compile (RE2 syntax): the error Go would give, or undefined when Go compiles it. Checked
 * by translating Go-only syntax to its JavaScript equivalent — `(?P<name>`, flag groups `(?i)` /
 * `(?i:`, `\A` `\z`, `[[:alpha:]]`, `\pL` `\p{Greek}`, `\Q...\E` — and compiling the result; plus
 * the Perl features RE2 refuses although JavaScript has them: look-around and backreferences.
 */
export function goRegexpError(pattern: string): string | undefined {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) return 'trailing backslash at end of expression';
      if (n === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const lit = pattern.slice(i + 2, end < 0 ? undefined : end);
        out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? pattern.length : end + 1;
        continue;
      }
      if (!inClass && (n === 'A' || n === 'z')) {
        out += n === 'A' ? '^' : '$';
        i++;
        continue;
      }
      if (n === 'p' || n === 'P') {
        // Unicode class: \pL or \p{Name}; any name RE2 knows, stand in with a word class.
        if (pattern[i + 2] === '{') {
          const end = pattern.indexOf('}', i + 3);
          if (end < 0) return 'invalid character class range';
          i = end;
        } else i += 2;
        out += inClass ? 'a' : '\\w';
        continue;
      }
      // \1-\7 followed by an octal digit is an octal escape; alone (or \8, \9) a backreference.
      if (/[89]/.test(n) || (/[1-7]/.test(n) && !/[0-7]/.test(pattern[i + 2] ?? ''))) {
        return `invalid escape sequence: \\${n} (backreferences are not supported)`;
      }
      out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        if (end > 0) {
          out += 'a';
          i = end + 1;
          continue;
        }
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal in RE2 (and JavaScript would end the class).
      if (pattern[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2);
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      if (rest.startsWith('=') || rest.startsWith('!') || rest.startsWith('<=') || rest.startsWith('<!')) {
        return `invalid or unsupported Perl syntax: (?${rest.slice(0, rest[0] === '<' ? 2 : 1)}`;
      }
      const flags = /^([imsU]*)(?:-([imsU]*))?([:)])/.exec(rest);
      if (flags && (flags[1] || flags[2] !== undefined)) {
        // (?flags) changes the rest of the group: drop it; (?flags: opens a plain group.
        if (flags[3] === ':') out += '(?:';
        i += 1 + flags[0].length;
        continue;
      }
    }
    out += c;
  }
  try {
    new RegExp(out);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
  }
}
