/**
 * The name being explained, parsed once: every later step reads this value instead of taking
 * the typed text apart again. Pure.
 */
import { isIP } from 'node:net';
import { toFqdn, type Fqdn } from '../../shared/fqdn.ts';
import { reverseName } from '../../shared/ip.ts';

export interface ExplainName {
  /** As the program passes it (as typed), trailing dot included. */
  text: string;
  /** Without a trailing dot, case kept. */
  bare: string;
  /** `bare`, lower-cased. */
  lower: string;
  /** A trailing dot: the resolver asks the name as is, only. */
  absolute: boolean;
  /** Lower-case labels of `bare`. */
  labels: string[];
  /** Dots in `bare` (what ndots is compared with). */
  dots: number;
  /** Lower-case, trailing dot. */
  fqdn: Fqdn;
  /** Set when the text is an IP address: getaddrinfo returns it without a lookup; `ptr` is its reverse name. */
  ip?: { family: 4 | 6; ptr: string };
}

export function parseExplainName(text: string): ExplainName {
  const bare = text.replace(/\.$/, '');
  const lower = bare.toLowerCase();
  const family = isIP(text);
  return {
    ...(family === 4 || family === 6 ? { ip: { family, ptr: reverseName(text)! } } : {}),
    text,
    bare,
    lower,
    absolute: text.endsWith('.'),
    labels: lower.split('.'),
    dots: [...bare].filter((c) => c === '.').length,
    fqdn: toFqdn(text),
  };
}

/**
 * True when the name can only mean something the cluster DNS serves: anything under the cluster
 * domain, a single label (a Service of the pod's namespace), or a name whose last label — before
 * a final `svc` or `pod` — is a namespace (`web.shop`, `db-0.db.shop`, `web.shop.svc`).
 * `namespaces`: those the view lists (else those of its pods and Services). `google.com` is not one.
 */
export function looksLikeClusterName(name: ExplainName, clusterDomain: string, namespaces: readonly string[]): boolean {
  const bare = name.lower;
  if (bare === '') return false;
  if (bare === clusterDomain || bare.endsWith(`.${clusterDomain}`)) return true;
  const labels = name.labels;
  if (labels.length === 1) return true;
  const last = labels.at(-1);
  const ns = last === 'svc' || last === 'pod' ? labels.at(-2) : last;
  if (ns === undefined || labels.length < 2 || (ns !== last && labels.length < 3)) return false;
  return namespaces.includes(ns);
}

/**
 * Top-level names that are never delegated in the public DNS: RFC 6761 (test, localhost,
 * invalid, example), RFC 6762 (local, mDNS), RFC 8375 (home.arpa) and ICANN's 2024 reservation
 * of `internal` for private use; `lan`, `home` and `corp` ICANN declined to delegate (name collision). An upstream that follows the root says NXDOMAIN for them.
 */
export const RESERVED_TLDS: ReadonlySet<string> = new Set(['test', 'localhost', 'invalid', 'example', 'local', 'internal', 'lan', 'home', 'corp']);

/**
 * Delegated top-level domains (IANA root zone) that are also common namespace or Service names:
 * `web.shop`, `db.app`, `api.dev` go to the Internet when the cluster candidates fail. A partial
 * table of the likely collisions, not the whole root zone.
 */
export const PUBLIC_TLDS_LIKE_NAMESPACES: ReadonlySet<string> = new Set([
  'app', 'dev', 'shop', 'store', 'cloud', 'online', 'site', 'tech', 'io', 'ai', 'co', 'me', 'blog', 'page', 'prod',
  'data', 'network', 'systems', 'services', 'tools', 'zone', 'host', 'run', 'live', 'email', 'news',
  'media', 'games', 'money', 'pay', 'bank', 'finance', 'health', 'care', 'support', 'team', 'work', 'jobs',
  'security', 'monster', 'docs', 'search', 'map', 'chat', 'social', 'video', 'music', 'photo', 'one', 'fun',
  'global', 'world', 'center', 'company', 'agency', 'digital', 'solutions', 'studio', 'design', 'build', 'ltd', 'inc',
]);

/** Country-code top-level domains (IANA root zone; ISO 3166 codes plus ac, eu, su, uk). */
const CC_TLDS: ReadonlySet<string> = new Set([
  'ac', 'ad', 'ae', 'af', 'ag', 'ai', 'al', 'am', 'ao', 'aq', 'ar', 'as', 'at', 'au', 'aw', 'ax', 'az', 'ba', 'bb',
  'bd', 'be', 'bf', 'bg', 'bh', 'bi', 'bj', 'bm', 'bn', 'bo', 'bq', 'br', 'bs', 'bt', 'bw', 'by', 'bz', 'ca', 'cc',
  'cd', 'cf', 'cg', 'ch', 'ci', 'ck', 'cl', 'cm', 'cn', 'co', 'cr', 'cu', 'cv', 'cw', 'cx', 'cy', 'cz', 'de', 'dj',
  'dk', 'dm', 'do', 'dz', 'ec', 'ee', 'eg', 'er', 'es', 'et', 'eu', 'fi', 'fj', 'fk', 'fm', 'fo', 'fr', 'ga', 'gd',
  'ge', 'gf', 'gg', 'gh', 'gi', 'gl', 'gm', 'gn', 'gp', 'gq', 'gr', 'gs', 'gt', 'gu', 'gw', 'gy', 'hk', 'hm', 'hn',
  'hr', 'ht', 'hu', 'id', 'ie', 'il', 'im', 'in', 'io', 'iq', 'ir', 'is', 'it', 'je', 'jm', 'jo', 'jp', 'ke', 'kg',
  'kh', 'ki', 'km', 'kn', 'kp', 'kr', 'kw', 'ky', 'kz', 'la', 'lb', 'lc', 'li', 'lk', 'lr', 'ls', 'lt', 'lu', 'lv',
  'ly', 'ma', 'mc', 'md', 'me', 'mg', 'mh', 'mk', 'ml', 'mm', 'mn', 'mo', 'mp', 'mq', 'mr', 'ms', 'mt', 'mu', 'mv',
  'mw', 'mx', 'my', 'mz', 'na', 'nc', 'ne', 'nf', 'ng', 'ni', 'nl', 'no', 'np', 'nr', 'nu', 'nz', 'om', 'pa', 'pe',
  'pf', 'pg', 'ph', 'pk', 'pl', 'pm', 'pn', 'pr', 'ps', 'pt', 'pw', 'py', 'qa', 're', 'ro', 'rs', 'ru', 'rw', 'sa',
  'sb', 'sc', 'sd', 'se', 'sg', 'sh', 'si', 'sk', 'sl', 'sm', 'sn', 'so', 'sr', 'ss', 'st', 'su', 'sv', 'sx', 'sy',
  'sz', 'tc', 'td', 'tf', 'tg', 'th', 'tj', 'tk', 'tl', 'tm', 'tn', 'to', 'tr', 'tt', 'tv', 'tw', 'tz', 'ua', 'ug',
  'uk', 'us', 'uy', 'uz', 'va', 'vc', 've', 'vg', 'vi', 'vn', 'vu', 'wf', 'ws', 'ye', 'yt', 'za', 'zm', 'zw',
]);

/** The original and most used generic top-level domains (IANA root zone), beside PUBLIC_TLDS_LIKE_NAMESPACES. */
const COMMON_GTLDS: ReadonlySet<string> = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'arpa', 'info', 'biz', 'name', 'pro', 'aero', 'coop', 'museum', 'mobi',
  'asia', 'tel', 'travel', 'cat', 'post', 'xyz', 'top', 'club', 'vip', 'icu', 'eu', 'google', 'amazon', 'microsoft',
  'aws', 'azure', 'goog', 'apple', 'website', 'space', 'live', 'life', 'today', 'systems', 'company', 'network',
]);

/**
 * True when `tld` is most likely delegated in the public DNS: a common generic TLD, one of the
 * namespace-like ones, or a country code. Used to
 * decide what an upstream most likely says about a name asked as is: `api.github.com` exists,
 * `db-0.db` (no `.db` TLD) does not.
 */
export function isLikelyPublicTld(tld: string): boolean {
  return COMMON_GTLDS.has(tld) || PUBLIC_TLDS_LIKE_NAMESPACES.has(tld) || CC_TLDS.has(tld);
}
