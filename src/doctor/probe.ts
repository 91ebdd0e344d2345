/**
 * `doctor --probe-from POD --count N`: N timed lookups of one name from inside the pod, as its
 * resolver does them. Pure: the shell scripts run in the pod (dig, else getent), the parser of
 * what they print, and the analysis (latency distribution, lost queries, the retries they cost the
 * application, and the 5-second pattern of the conntrack race).
 *
 * The resolver's timing (glibc resolv/res_send.c): a query without an answer is sent again after
 * `options timeout:T` (default 5 s, RES_TIMEOUT), up to `attempts:A` times (default 2). glibc
 * sends the A and AAAA queries of one getaddrinfo() call in parallel from one UDP socket; when the
 * kernel's conntrack drops one of the pair (the insertion race, see docs/doctor/pod-dns-probe.md)
 * the lookup returns only after T seconds: lookups of T s plus a few milliseconds are its mark.
 */
import type { ResolvConf } from '../resolver/resolv-conf.ts';

export const MAX_PROBE_COUNT = 1000;
export const DEFAULT_PROBE_COUNT = 20;

export type ProbeTool = 'dig' | 'getent';

export interface ProbePlan {
  name: string;
  count: number;
  /** The nameserver dig asks (the pod's first); getent asks what resolv.conf says. */
  nameserver: string;
  timeoutSeconds: number;
  attempts: number;
  /** Wall-clock budget for the whole loop inside the pod, in seconds. */
  budgetSeconds: number;
}

/** A single-quoted shell word. */
function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The loop run with `sh -c`: POSIX sh only (busybox too). Each lookup is a block led by
 * `@@ <i> <type>`; the loop stops at the budget so nothing outlives the exec.
 */
export function probeScript(tool: ProbeTool, p: ProbePlan): string {
  const head = `end=$(( $(date +%s) + ${Math.max(1, Math.floor(p.budgetSeconds))} )); i=0; while [ $i -lt ${p.count} ]; do i=$((i+1)); [ $(date +%s) -ge $end ] && { echo "@@ budget"; break; };`;
  if (tool === 'dig') {
    const dig = (type: string) => `echo "@@ $i ${type}"; dig +tries=1 +timeout=${p.timeoutSeconds} +nocookie +noall +comments +stats @${p.nameserver} ${sq(p.name)} ${type} 2>&1;`;
    return `${head} ${dig('A')} ${dig('AAAA')} done`;
  }
  return `${head} s=$(date +%s%N); getent ahosts ${sq(p.name)} >/dev/null 2>&1; rc=$?; e=$(date +%s%N); echo "@@ $i lookup $rc $s $e"; done`;
}

export interface ProbeQuery {
  lookup: number;
  type: 'A' | 'AAAA';
  outcome: 'answer' | 'timeout' | 'error';
  rcode?: string;
  ms?: number;
}

export interface ProbeLookup {
  lookup: number;
  ok: boolean;
  ms: number;
}

export interface ParsedProbe {
  tool: ProbeTool;
  /** dig: one per query; getent: empty. */
  queries: ProbeQuery[];
  /** getent: one per lookup, timed around getent; dig: one per lookup, built from its queries. */
  lookups: ProbeLookup[];
  stoppedByBudget: boolean;
  /** Why nothing could be measured (no nanosecond clock, ...). */
  problem?: string;
}

/** Parses what probeScript printed. Never throws. */
export function parseProbeOutput(tool: ProbeTool, text: string, timeoutSeconds: number): ParsedProbe {
  const out: ParsedProbe = { tool, queries: [], lookups: [], stoppedByBudget: /^@@ budget$/m.test(text) };
  const blocks = text.split(/^@@ /m).slice(1);
  if (tool === 'getent') {
    for (const b of blocks) {
      const m = /^(\d+) lookup (\d+) (\S+) (\S+)/.exec(b);
      if (!m) continue;
      if (!/^\d+$/.test(m[3]!) || !/^\d+$/.test(m[4]!)) {
        out.problem = 'the pod\'s date has no nanosecond clock (date +%s%N), so getent lookups cannot be timed';
        break;
      }
      const ms = Number((BigInt(m[4]!) - BigInt(m[3]!)) / 1000n) / 1000;
      out.lookups.push({ lookup: Number(m[1]), ok: m[2] === '0', ms });
    }
    return out;
  }
  for (const b of blocks) {
    const m = /^(\d+) (A|AAAA)\n/.exec(b);
    if (!m) continue;
    const q: ProbeQuery = { lookup: Number(m[1]), type: m[2] as 'A' | 'AAAA', outcome: 'error' };
    const status = /status: ([A-Z]+)/.exec(b)?.[1];
    const time = /Query time: (\d+) msec/.exec(b)?.[1];
    if (status && time !== undefined) {
      q.outcome = 'answer';
      q.rcode = status;
      q.ms = Number(time);
    } else if (/timed out|no servers could be reached/.test(b)) {
      q.outcome = 'timeout';
      q.ms = timeoutSeconds * 1000;
    }
    out.queries.push(q);
  }
  // A lookup = its A and AAAA queries; the application waits for both (in parallel with glibc).
  const byLookup = new Map<number, ProbeQuery[]>();
  for (const q of out.queries) byLookup.set(q.lookup, [...(byLookup.get(q.lookup) ?? []), q]);
  for (const [lookup, qs] of byLookup) {
    const lost = qs.some((q) => q.outcome !== 'answer');
    // As the resolver would see it: an answered lookup takes the slower query; a lost query costs a retry after the timeout.
    const ms = qs.reduce((m, q) => Math.max(m, q.outcome === 'answer' ? q.ms! : timeoutSeconds * 1000), -Infinity);
    out.lookups.push({ lookup, ok: !lost, ms });
  }
  return out;
}

export interface ProbeAnalysis {
  tool: ProbeTool;
  name: string;
  lookups: number;
  queries: number;
  /** dig: queries that got no answer within the timeout. */
  timeouts: number;
  /** Lookups that needed (dig: would need) a retry after the resolver's timeout. */
  retried: number;
  /** dig: lookups where exactly one of the A/AAAA pair was lost (the race drops one packet of two). */
  onePairLost: number;
  /** Answers that were not NOERROR/NXDOMAIN (SERVFAIL, REFUSED). */
  badRcodes: Record<string, number>;
  failedLookups: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Lookups per latency bucket: <10 ms, <100 ms, <1 s, <T s, ≥T s. */
  buckets: { label: string; count: number }[];
  /** Lookups that took the resolver's timeout plus a little (a lost query answered on the retry). */
  timeoutShaped: number;
  fiveSecondPattern: boolean;
  timeoutSeconds: number;
  attempts: number;
  options: string[];
  stoppedByBudget: boolean;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** How close to k×timeout a lookup must be to count as "waited for a retry" (ms after the mark). */
const SLACK_MS = 500;

export function analyzeProbe(parsed: ParsedProbe, name: string, conf: Pick<ResolvConf, 'timeoutSeconds' | 'attempts' | 'options'>): ProbeAnalysis {
  const t = conf.timeoutSeconds * 1000;
  const ms = parsed.lookups.map((l) => l.ms).sort((a, b) => a - b);
  const timeouts = parsed.queries.filter((q) => q.outcome === 'timeout').length;
  const badRcodes: Record<string, number> = {};
  for (const q of parsed.queries) if (q.outcome === 'answer' && q.rcode !== 'NOERROR' && q.rcode !== 'NXDOMAIN') badRcodes[q.rcode!] = (badRcodes[q.rcode!] ?? 0) + 1;
  const byLookup = new Map<number, ProbeQuery[]>();
  for (const q of parsed.queries) byLookup.set(q.lookup, [...(byLookup.get(q.lookup) ?? []), q]);
  let onePairLost = 0;
  for (const qs of byLookup.values()) if (qs.length === 2 && qs.filter((q) => q.outcome === 'timeout').length === 1) onePairLost++;
  const shaped = (x: number) => {
    const k = Math.round(x / t);
    return k >= 1 && x >= k * t - 50 && x < k * t + SLACK_MS;
  };
  const timeoutShaped = parsed.tool === 'getent' ? parsed.lookups.filter((l) => shaped(l.ms)).length : parsed.lookups.filter((l) => !l.ok).length;
  const retried = parsed.tool === 'getent' ? parsed.lookups.filter((l) => l.ms >= t - 50).length : [...byLookup.values()].filter((qs) => qs.some((q) => q.outcome === 'timeout')).length;
  // <10 ms, <100 ms, <1 s (the steps below the timeout), <T s, >=T s.
  const steps = [10, 100, 1000].filter((e) => e < t);
  const edges = [0, ...steps, t];
  const label = (ms: number) => (ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`);
  const buckets = edges.map((lo, i) => {
    const hi = edges[i + 1];
    return hi === undefined
      ? { label: `>=${label(t)}`, count: ms.filter((x) => x >= t).length }
      : { label: `<${label(hi)}`, count: ms.filter((x) => x >= lo && x < hi).length };
  });
  const failedLookups = parsed.tool === 'getent' ? parsed.lookups.filter((l) => !l.ok).length : 0;
  return {
    tool: parsed.tool,
    name,
    lookups: parsed.lookups.length,
    queries: parsed.queries.length,
    timeouts,
    retried,
    onePairLost,
    badRcodes,
    failedLookups,
    latencyMs: { p50: percentile(ms, 50), p90: percentile(ms, 90), p99: percentile(ms, 99), max: ms[ms.length - 1] ?? 0 },
    buckets,
    timeoutShaped,
    // The mark: some lookups take the resolver's timeout (plus a little) while the rest are fast.
    fiveSecondPattern: timeoutShaped > 0 && percentile(ms, 50) < t / 10,
    timeoutSeconds: conf.timeoutSeconds,
    attempts: conf.attempts,
    options: conf.options.map((o) => (o.value !== undefined ? `${o.name}:${o.value}` : o.name)),
    stoppedByBudget: parsed.stoppedByBudget,
  };
}
