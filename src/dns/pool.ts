/**
 * Many queries with bounded concurrency, a per-query timeout and a bounded total time.
 * Queries not started when the total budget runs out, and those still in flight then, come
 * back as TIMEOUT ("total time budget exhausted"); the result keeps the input order.
 */
import { sendQuery, type DnsServerAddress, type DuplexFactory, type QueryOutcome } from './query.ts';
import { openStreamClient, type StreamClient } from './stream.ts';
import { openUdpClient } from './udp.ts';

export interface QuerySpec {
  name: string;
  type: string;
}

export interface PoolOptions {
  server: DnsServerAddress;
  /** 'udp' (default; TCP retry on truncation), 'tcp', or a stream factory (port-forward). */
  transport?: 'udp' | 'tcp' | DuplexFactory;
  concurrency: number;
  perQueryTimeoutMs: number;
  totalTimeoutMs: number;
  /** For a stream factory: how many streams to open and pipeline over (default 2). UDP shares a few sockets. */
  streams?: number;
  ednsUdpSize?: number;
  randomId?: () => number;
}

export interface PoolResult {
  outcomes: QueryOutcome[];
  elapsedMs: number;
  /** The total budget ran out before every query had an answer. */
  totalTimedOut: boolean;
  /** Sum of ignored datagrams/frames. */
  ignored: number;
  /** Count per status. */
  byStatus: Record<string, number>;
}

export async function runQueries(queries: readonly QuerySpec[], opts: PoolOptions): Promise<PoolResult> {
  const t0 = performance.now();
  const outcomes: (QueryOutcome | undefined)[] = new Array(queries.length);
  const budget = new AbortController();
  let totalTimedOut = false;
  const totalTimer = setTimeout(() => {
    totalTimedOut = true;
    budget.abort();
  }, opts.totalTimeoutMs);

  const streams: StreamClient[] = [];
  let streamOpenError: string | undefined;
  const factory = typeof opts.transport === 'function' ? opts.transport : undefined;
  const useUdp = opts.transport === undefined || opts.transport === 'udp';
  if (useUdp) {
    // A few shared sockets: one socket per query costs more than the query itself.
    const n = Math.max(1, Math.min(4, Math.ceil(opts.concurrency / 64)));
    for (let i = 0; i < n; i++) {
      try {
        streams.push(await openUdpClient(opts.server));
      } catch (e) {
        streamOpenError = (e as Error).message;
      }
    }
  } else if (factory) {
    const n = Math.max(1, opts.streams ?? 2);
    for (let i = 0; i < n; i++) {
      try {
        streams.push(openStreamClient(await factory()));
      } catch (e) {
        streamOpenError = (e as Error).message;
      }
    }
  }

  let next = 0;
  const worker = async (w: number): Promise<void> => {
    while (!budget.signal.aborted) {
      const i = next++;
      if (i >= queries.length) return;
      const q = queries[i]!;
      const open = streams.filter((s) => !s.closed);
      if ((factory || useUdp) && open.length === 0) {
        outcomes[i] = failed(q, 'ERROR', `no stream to the DNS server: ${streamOpenError ?? streams[0]?.closeReason ?? 'closed'}`);
        continue;
      }
      const transport = open.length > 0 ? open[w % open.length]! : 'tcp';
      const o = await sendQuery({
        server: opts.server,
        name: q.name,
        type: q.type,
        timeoutMs: opts.perQueryTimeoutMs,
        transport,
        signal: budget.signal,
        ...(opts.ednsUdpSize !== undefined ? { ednsUdpSize: opts.ednsUdpSize } : {}),
        ...(opts.randomId ? { randomId: opts.randomId } : {}),
      });
      if (budget.signal.aborted && o.status === 'TIMEOUT') o.error = 'total time budget exhausted';
      outcomes[i] = o;
    }
  };

  try {
    const n = Math.max(1, Math.min(opts.concurrency, queries.length));
    await Promise.all(Array.from({ length: n }, (_, w) => worker(w)));
  } finally {
    clearTimeout(totalTimer);
    for (const s of streams) s.close();
  }

  const done = queries.map((q, i) => outcomes[i] ?? failed(q, 'TIMEOUT', 'total time budget exhausted before the query was sent'));
  const byStatus: Record<string, number> = {};
  let ignored = 0;
  for (const o of done) {
    byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    ignored += o.ignored;
  }
  return { outcomes: done, elapsedMs: Math.round(performance.now() - t0), totalTimedOut, ignored, byStatus };
}

function failed(q: QuerySpec, status: 'TIMEOUT' | 'ERROR', error: string): QueryOutcome {
  return { name: q.name, type: q.type.toUpperCase(), rcode: null, status, answers: [], truncated: false, retriedOverTcp: false, transport: 'udp', authoritative: false, rttMs: 0, ignored: 0, error };
}
