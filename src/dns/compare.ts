/**
 * Pure: compare the records a model expects with what a real query returned
 * (`records --verify`, CONTRACT.md: "observed": "match|mismatch|missing").
 *
 * Per expected record, against the answers of the same name and type:
 *  - match:    its data is among them;
 *  - mismatch: the name has records of that type, but not this data (stale or changed);
 *  - missing:  the name has no record of that type (NXDOMAIN, NODATA), or no answer came
 *              (TIMEOUT, SERVFAIL, ...; `reason` then says which).
 * Observed records that no expected record accounts for are returned as `extra`.
 */
import { compressIpv6, normalizeName, type DnsAnswer, type QueryStatus } from './message.ts';

export type Observed = 'match' | 'mismatch' | 'missing';

export interface ExpectedRecord {
  name: string;
  type: string;
  data: string;
  ttl?: number;
}

export interface ObservedSet {
  status: QueryStatus;
  answers: readonly DnsAnswer[];
  error?: string;
}

export interface RecordVerdict {
  observed: Observed;
  /** One sentence for the text output. */
  reason: string;
  /** The observed data of that name and type (normalised), for a mismatch. */
  actual: string[];
  /** The observed TTL when it differs from the expected one. */
  observedTtl?: number;
}

export interface SetComparison {
  verdicts: RecordVerdict[];
  /** Observed records of the queried name and type that were not expected (stale data). */
  extra: DnsAnswer[];
}

/** Canonical form of rdata for comparison: names lower-case with a dot, AAAA compressed. */
export function normalizeData(type: string, data: string): string {
  const t = type.toUpperCase();
  const d = data.trim();
  switch (t) {
    case 'AAAA':
      return compressIpv6(d);
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return normalizeName(d);
    case 'SRV': {
      const parts = d.split(/\s+/);
      if (parts.length !== 4) return d.toLowerCase();
      return `${Number(parts[0])} ${Number(parts[1])} ${Number(parts[2])} ${normalizeName(parts[3]!)}`;
    }
    default:
      return d;
  }
}

/** Unique (name, type) pairs to query for a list of records, in first-seen order. */
export function questionsFor(records: readonly { name: string; type: string }[]): { name: string; type: string }[] {
  const seen = new Set<string>();
  const out: { name: string; type: string }[] = [];
  for (const r of records) {
    const k = keyOf(r.name, r.type);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ name: normalizeName(r.name), type: r.type.toUpperCase() });
  }
  return out;
}

export function keyOf(name: string, type: string): string {
  return `${normalizeName(name)} ${type.toUpperCase()}`;
}

/**
 * Compares all expected records of one (name, type) with the observed answer to that question.
 * `expected` may be empty (then every observed record is extra).
 */
export function compareRecordSet(expected: readonly ExpectedRecord[], observed: ObservedSet): SetComparison {
  const first = expected[0];
  const name = first ? normalizeName(first.name) : undefined;
  const type = first?.type.toUpperCase();
  // A truncated answer whose TCP retry failed is not an answer: a resolver never gets to use its records.
  const usable = observed.status === 'TRUNCATED' ? [] : observed.answers;
  const relevant = usable.filter(
    (a) => (name === undefined || normalizeName(a.name) === name) && (type === undefined || a.type === type),
  );
  const actual = relevant.map((a) => normalizeData(a.type, a.data));
  const wanted = new Set(expected.map((e) => normalizeData(e.type, e.data)));

  const verdicts = expected.map((e): RecordVerdict => {
    const want = normalizeData(e.type, e.data);
    const idx = actual.indexOf(want);
    if (idx >= 0) {
      const v: RecordVerdict = { observed: 'match', reason: 'answered as expected', actual: [] };
      const ttl = relevant[idx]!.ttl;
      if (e.ttl !== undefined && ttl !== e.ttl) v.observedTtl = ttl;
      return v;
    }
    if (relevant.length > 0) {
      return { observed: 'mismatch', reason: `the server answers ${actual.join(', ')} instead`, actual };
    }
    return { observed: 'missing', reason: missingReason(observed, e.type.toUpperCase()), actual: [] };
  });
  const extra = relevant.filter((a, i) => !wanted.has(actual[i]!));
  return { verdicts, extra };
}

function missingReason(o: ObservedSet, type: string): string {
  switch (o.status) {
    case 'NXDOMAIN':
      return 'the server says the name does not exist (NXDOMAIN)';
    case 'NODATA':
      return `the name exists but has no ${type} record (NODATA)`;
    case 'NOERROR': {
      const types = [...new Set(o.answers.map((a) => a.type))].join(', ');
      return `the server answers with ${types} records only, no ${type}`;
    }
    case 'TIMEOUT':
      return `no answer (${o.error ?? 'timeout'})`;
    case 'SERVFAIL':
      return 'the server failed to answer (SERVFAIL)';
    case 'REFUSED':
      return 'the server refused the query (REFUSED)';
    case 'TRUNCATED':
      return `the answer was truncated and the TCP retry failed (${o.error ?? 'TC bit'})`;
    case 'RCODE':
      return `the server answered with another rcode (${o.error ?? 'unknown rcode'})`;
    default:
      return `the query failed (${o.error ?? o.status})`;
  }
}

/**
 * Verifies a whole record list against outcomes keyed by `keyOf(name, type)`; each record gets
 * its verdict, in input order. A record whose question has no outcome is `missing` ("not queried").
 */
export function verifyRecords<R extends ExpectedRecord>(
  records: readonly R[],
  outcomes: ReadonlyMap<string, ObservedSet>,
): { record: R; verdict: RecordVerdict }[] {
  const groups = new Map<string, R[]>();
  for (const r of records) {
    const k = keyOf(r.name, r.type);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const verdictOf = new Map<R, RecordVerdict>();
  for (const [k, group] of groups) {
    const o = outcomes.get(k);
    const verdicts = o
      ? compareRecordSet(group, o).verdicts
      : group.map((): RecordVerdict => ({ observed: 'missing', reason: 'not queried', actual: [] }));
    group.forEach((r, i) => verdictOf.set(r, verdicts[i]!));
  }
  return records.map((record) => ({ record, verdict: verdictOf.get(record)! }));
}

/** Counts per verdict for the summary line. */
export function summarize(verdicts: readonly { observed: Observed }[]): Record<Observed, number> {
  const out: Record<Observed, number> = { match: 0, mismatch: 0, missing: 0 };
  for (const v of verdicts) out[v.observed]++;
  return out;
}
