/**
 * Pure DNS message helpers over dns-packet: build a query, read a response into the
 * `dig +short` shapes of CONTRACT.md, classify the outcome (NOERROR / NODATA / NXDOMAIN ...).
 * No I/O here; query.ts, stream.ts and pool.ts do the sending.
 */
import * as dnsPacket from 'dns-packet';
import type { Packet } from 'dns-packet';
import { formatIPv6, parseIPv6 } from '../shared/ip.ts';

/** RFC 1035 / 6895 response codes by number (the 4 header bits). */
export const RCODES: readonly string[] = [
  'NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET',
  'NXRRSET', 'NOTAUTH', 'NOTZONE', 'RCODE_11', 'RCODE_12', 'RCODE_13', 'RCODE_14', 'RCODE_15',
];

export type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED' | (string & {});

/**
 * What a query came to. NODATA = NOERROR without a record of the asked type (and no CNAME);
 * TIMEOUT = no acceptable answer in time; ERROR = the transport failed (refused, reset, ...).
 * RCODE = an answer with another rcode (FORMERR, NOTIMP, YXDOMAIN, ..., RCODE_15), kept in
 * `rcode` and shown as such. TRUNCATED = a UDP answer with the TC bit whose TCP retry failed:
 * its records are incomplete, so it is neither NODATA nor an answer.
 */
export type QueryStatus = 'NOERROR' | 'NODATA' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'TIMEOUT' | 'ERROR' | 'RCODE' | 'TRUNCATED';

/** One answer record, `data` written as `dig +short` prints it. Names lower-case with a trailing dot. */
export interface DnsAnswer {
  name: string;
  type: string;
  ttl: number;
  data: string;
}

export interface QueryQuestion {
  /** Any spelling; sent as given (without the trailing dot). */
  name: string;
  /** Record type name: A, AAAA, SRV, PTR, CNAME, TXT, NS, SOA, ... */
  type: string;
}

export interface EncodeOptions {
  id: number;
  /** Recursion desired; default true (what a stub resolver sends). */
  recursionDesired?: boolean;
  /** Adds an EDNS0 OPT record advertising this UDP payload size; absent = classic 512-byte DNS. */
  ednsUdpSize?: number;
}

const TC_BIT = 1 << 9;
const AA_BIT = 1 << 10;

/** The wire form of a query for `q`. */
export function encodeQuery(q: QueryQuestion, opts: EncodeOptions): Buffer {
  const packet: Packet = {
    type: 'query',
    id: opts.id,
    flags: opts.recursionDesired === false ? 0 : dnsPacket.RECURSION_DESIRED,
    questions: [{ type: q.type as never, name: stripDot(q.name), class: 'IN' }],
  };
  if (opts.ednsUdpSize !== undefined) {
    packet.additionals = [{ type: 'OPT', name: '.', udpPayloadSize: opts.ednsUdpSize, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }];
  }
  return dnsPacket.encode(packet);
}

/** A decoded response, reduced to what kubectl-dns looks at. */
export interface DecodedResponse {
  id: number;
  isResponse: boolean;
  rcode: Rcode;
  truncated: boolean;
  authoritative: boolean;
  question: QueryQuestion | undefined;
  answers: DnsAnswer[];
  authorities: DnsAnswer[];
}

/** Decodes a response; garbage becomes an error value, never an exception. */
export function decodeResponse(buf: Buffer): { ok: true; value: DecodedResponse } | { ok: false; error: string } {
  if (buf.length < 12) return { ok: false, error: `short message (${buf.length} bytes)` };
  let p: Packet;
  try {
    p = dnsPacket.decode(buf);
  } catch (e) {
    return { ok: false, error: `undecodable message: ${(e as Error).message}` };
  }
  const flags = p.flags ?? 0;
  const q = p.questions?.[0];
  try {
    return {
      ok: true,
      value: {
        id: p.id ?? 0,
        isResponse: p.type === 'response',
        rcode: RCODES[flags & 0xf] ?? 'NOERROR',
        truncated: (flags & TC_BIT) !== 0,
        authoritative: (flags & AA_BIT) !== 0,
        question: q ? { name: q.name, type: String(q.type) } : undefined,
        answers: (p.answers ?? []).filter((a) => a.type !== 'OPT').map(toAnswer),
        authorities: (p.authorities ?? []).map(toAnswer),
      },
    };
  } catch (e) {
    return { ok: false, error: `unreadable record: ${(e as Error).message}` };
  }
}

/** True when `resp` answers question `q` (name case-insensitively, same type). */
export function answersQuestion(resp: DecodedResponse, q: QueryQuestion): boolean {
  if (!resp.isResponse || !resp.question) return false;
  return normalizeName(resp.question.name) === normalizeName(q.name) && resp.question.type === q.type;
}

/** NOERROR with records → NOERROR; NOERROR without → NODATA; the others by rcode. */
export function classify(rcode: Rcode, answers: readonly DnsAnswer[]): QueryStatus {
  switch (rcode) {
    case 'NOERROR':
      return answers.length > 0 ? 'NOERROR' : 'NODATA';
    case 'NXDOMAIN':
    case 'SERVFAIL':
    case 'REFUSED':
      return rcode as QueryStatus;
    default:
      return 'RCODE';
  }
}

/**
 * The answer records a stub resolver uses: those owned by the question's name or by a name the
 * CNAME chain from it leads to; the rest are `foreign` and ignored. glibc does the same in
 * resolv/nss_dns/dns-host.c getanswer_r: a record whose owner is not the name being resolved
 * (the question, then each CNAME target) is skipped with syslog's "gethostby*.getanswer: asked
 * for "%s", got "%s"". Order-independent here; a CNAME loop ends the chain.
 */
export function inAnswerChain(qname: string, answers: readonly DnsAnswer[]): { used: DnsAnswer[]; foreign: DnsAnswer[] } {
  const chain = new Set([normalizeName(qname)]);
  let current = normalizeName(qname);
  for (let hop = 0; hop < 16; hop++) {
    const cname = answers.find((a) => a.type === 'CNAME' && a.name === current);
    if (!cname) break;
    const next = normalizeName(cname.data);
    if (chain.has(next)) break;
    chain.add(next);
    current = next;
  }
  const used: DnsAnswer[] = [];
  const foreign: DnsAnswer[] = [];
  for (const a of answers) (chain.has(a.name) ? used : foreign).push(a);
  return { used, foreign };
}

function toAnswer(a: dnsPacket.Answer): DnsAnswer {
  const ttl = 'ttl' in a && typeof a.ttl === 'number' ? a.ttl : 0;
  return { name: normalizeName(a.name), type: String(a.type), ttl, data: formatRdata(String(a.type), (a as { data?: unknown }).data) };
}

/** Rdata as `dig +short` prints it. */
export function formatRdata(type: string, data: unknown): string {
  switch (type) {
    case 'A':
      return String(data);
    case 'AAAA':
      return compressIpv6(String(data));
    case 'CNAME':
    case 'PTR':
    case 'NS':
    case 'DNAME':
      return normalizeName(String(data));
    case 'SRV': {
      const d = data as { priority?: number; weight?: number; port?: number; target?: string };
      return `${d.priority ?? 0} ${d.weight ?? 0} ${d.port ?? 0} ${normalizeName(d.target ?? '')}`;
    }
    case 'MX': {
      const d = data as { preference?: number; exchange?: string };
      return `${d.preference ?? 0} ${normalizeName(d.exchange ?? '')}`;
    }
    case 'SOA': {
      const d = data as { mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number };
      return `${normalizeName(d.mname)} ${normalizeName(d.rname)} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    }
    case 'TXT': {
      const parts = Array.isArray(data) ? data : [data];
      return parts.map((p) => `"${Buffer.isBuffer(p) ? p.toString('utf8') : String(p)}"`).join(' ');
    }
    default:
      return Buffer.isBuffer(data) ? `\\# ${data.length} ${data.toString('hex')}` : JSON.stringify(data) ?? '';
  }
}

/** Lower-case with a trailing dot; the root is '.'. */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  if (lower === '' || lower === '.') return '.';
  return lower.endsWith('.') ? lower : lower + '.';
}

function stripDot(name: string): string {
  return name.length > 1 && name.endsWith('.') ? name.slice(0, -1) : name === '.' ? '' : name;
}

/**
 * RFC 5952 text form of an IPv6 address: lower-case, leading zeros dropped, the longest run
 * (at least two) of zero groups as '::'. Input that is not an IPv6 address comes back unchanged.
 */
export function compressIpv6(addr: string): string {
  const groups = parseIPv6(addr.trim());
  return groups ? formatIPv6(groups) : addr;
}
