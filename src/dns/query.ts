/**
 * One DNS query, sent for real: UDP (retried over TCP when the answer is truncated), TCP, or any
 * byte stream (a port-forward). Random 16-bit ids are checked against the answer together with
 * the question; datagrams with a wrong id, from a wrong question, or that do not decode are
 * ignored and counted. Every wait is bounded by `timeoutMs`. Never throws for network trouble:
 * the outcome says what happened.
 */
import { connect } from 'node:net';
import { randomInt } from 'node:crypto';
import type { Duplex } from 'node:stream';
import {
  classify,
  encodeQuery,
  inAnswerChain,
  type DecodedResponse,
  type DnsAnswer,
  type QueryStatus,
  type Rcode,
} from './message.ts';
import { openStreamClient, type StreamClient } from './stream.ts';
import { openUdpClient } from './udp.ts';

export interface DnsServerAddress {
  host: string;
  port: number;
}

/** A factory of fresh byte streams to the server (one query per stream). */
export type DuplexFactory = () => Duplex | Promise<Duplex>;

/**
 * 'udp' (TCP retry on truncation), 'tcp', a factory of streams, or an already open pipelined
 * StreamClient (shared by many queries, see pool.ts).
 */
export type Transport = 'udp' | 'tcp' | DuplexFactory | StreamClient;

export interface QueryOptions {
  server: DnsServerAddress;
  name: string;
  type: string;
  timeoutMs: number;
  transport?: Transport;
  /** EDNS0 UDP payload size to advertise; default 1232 (as dig). 0 = no EDNS (512-byte limit). */
  ednsUdpSize?: number;
  /** Random source for ids; default crypto.randomInt. Returns an integer in [0, 65536). */
  randomId?: () => number;
  signal?: AbortSignal;
  /** Clock for rttMs; default performance.now. */
  now?: () => number;
}

export interface QueryOutcome {
  name: string;
  type: string;
  /** The response code, or null when no acceptable answer arrived. */
  rcode: Rcode | null;
  status: QueryStatus;
  answers: DnsAnswer[];
  /** The answer that was finally used was truncated (TC bit) — true only if no retry fixed it. */
  truncated: boolean;
  /** True when a truncated UDP answer was retried over TCP. */
  retriedOverTcp: boolean;
  transport: 'udp' | 'tcp' | 'stream';
  authoritative: boolean;
  rttMs: number;
  /** Datagrams/frames ignored: wrong id, wrong question, undecodable bytes. */
  ignored: number;
  /** Why the query failed (TIMEOUT / ERROR), or notes about ignored traffic. */
  error?: string;
}

const defaultRandomId = (): number => randomInt(0, 65536);

export async function sendQuery(opts: QueryOptions): Promise<QueryOutcome> {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const deadline = started + opts.timeoutMs;
  const transport = opts.transport ?? 'udp';
  const question = { name: opts.name, type: opts.type.toUpperCase() };
  const edns = opts.ednsUdpSize === undefined ? 1232 : opts.ednsUdpSize === 0 ? undefined : opts.ednsUdpSize;
  const randomId = opts.randomId ?? defaultRandomId;
  const base = { name: opts.name, type: question.type };

  const outcomeOf = (r: ExchangeResult, kind: QueryOutcome['transport'], ignoredBefore: number, retried: boolean): QueryOutcome => {
    const rttMs = Math.round((now() - started) * 1000) / 1000;
    const ignored = ignoredBefore + r.ignored;
    if (!r.response) {
      const status: QueryStatus = r.failure === 'timeout' || r.failure === 'aborted' ? 'TIMEOUT' : 'ERROR';
      return { ...base, rcode: null, status, answers: [], truncated: false, retriedOverTcp: retried, transport: kind, authoritative: false, rttMs, ignored, error: r.error ?? status };
    }
    const resp = r.response;
    // Only records on the question's name and its CNAME chain count (as a stub resolver reads them).
    const { used, foreign } = inAnswerChain(question.name, resp.answers);
    const out: QueryOutcome = {
      ...base,
      rcode: resp.rcode,
      status: classify(resp.rcode, used),
      answers: used,
      truncated: resp.truncated,
      retriedOverTcp: retried,
      transport: kind,
      authoritative: resp.authoritative,
      rttMs,
      ignored,
    };
    const notes: string[] = [];
    if (out.status === 'RCODE') notes.push(`the server answered with rcode ${resp.rcode}`);
    if (foreign.length > 0) {
      const owners = [...new Set(foreign.map((a) => a.name))].slice(0, 3).join(', ');
      notes.push(`${foreign.length} answer record(s) ignored: owned by ${owners}, not by the question's name or its CNAME chain`);
    }
    if (ignored > 0) notes.push(`${ignored} unexpected message(s) ignored (wrong id, wrong question or undecodable)`);
    if (notes.length) out.error = notes.join('; ');
    return out;
  };

  const remaining = (): number => Math.max(1, Math.ceil(deadline - now()));

  // Retries a truncated UDP answer over TCP; keeps the UDP answer if TCP fails.
  const completeTruncated = async (r: ExchangeResult): Promise<QueryOutcome> => {
    if (!r.response?.truncated || deadline - now() <= 0) return outcomeOf(r, 'udp', 0, false);
    const id2 = randomId() & 0xffff;
    const wire2 = encodeQuery(question, { id: id2 });
    const t = await streamOnce(() => tcpConnect(opts.server), wire2, id2, question, remaining(), opts.signal);
    if (t.response) return outcomeOf(t, 'tcp', r.ignored, true);
    // Its own outcome: the records are a part of the answer, so neither an answer nor NODATA.
    const o = outcomeOf(r, 'udp', t.ignored, true);
    o.status = 'TRUNCATED';
    o.error = `truncated UDP answer; TCP retry failed: ${t.error ?? t.failure}`;
    return o;
  };

  if (transport === 'udp') {
    const id = randomId() & 0xffff;
    const wire = encodeQuery(question, edns === undefined ? { id } : { id, ednsUdpSize: edns });
    return completeTruncated(await udpExchange(opts.server, wire, id, question, remaining(), opts.signal));
  }

  const id = randomId() & 0xffff;
  if (transport === 'tcp') {
    const wire = encodeQuery(question, { id });
    return outcomeOf(await streamOnce(() => tcpConnect(opts.server), wire, id, question, remaining(), opts.signal), 'tcp', 0, false);
  }
  if (typeof transport === 'function') {
    const wire = encodeQuery(question, { id });
    return outcomeOf(await streamOnce(transport, wire, id, question, remaining(), opts.signal), 'stream', 0, false);
  }
  // A shared client (pipelined stream or UDP socket): pick an id not in flight on it.
  let sid = id;
  for (let i = 0; i < 32 && transport.hasPending(sid); i++) sid = randomId() & 0xffff;
  if (transport.hasPending(sid)) {
    return outcomeOf({ ignored: 0, failure: 'error', error: 'no free query id on the connection' }, transport.kind, 0, false);
  }
  const isUdp = transport.kind === 'udp';
  const sw = encodeQuery(question, isUdp && edns !== undefined ? { id: sid, ednsUdpSize: edns } : { id: sid });
  const before = transport.ignored;
  const r = await transport.exchange(sw, sid, question, remaining(), opts.signal);
  // Ignored messages on a shared connection cannot be tied to one query; count those seen meanwhile.
  const ex: ExchangeResult = { ignored: transport.ignored - before, ...pick(r) };
  return isUdp ? completeTruncated(ex) : outcomeOf(ex, 'stream', 0, false);
}

interface ExchangeResult {
  response?: DecodedResponse;
  failure?: 'timeout' | 'closed' | 'error' | 'aborted';
  error?: string;
  ignored: number;
}

function pick(r: { response?: DecodedResponse; failure?: ExchangeResult['failure']; error?: string }): Omit<ExchangeResult, 'ignored'> {
  const o: Omit<ExchangeResult, 'ignored'> = {};
  if (r.response) o.response = r.response;
  if (r.failure) o.failure = r.failure;
  if (r.error) o.error = r.error;
  return o;
}

/** One query over its own connected UDP socket (the kernel drops datagrams from other peers). */
async function udpExchange(
  server: DnsServerAddress,
  wire: Buffer,
  id: number,
  question: { name: string; type: string },
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ExchangeResult> {
  if (signal?.aborted) return { failure: 'aborted', error: 'aborted', ignored: 0 };
  const t0 = performance.now();
  const opening = openUdpClient(server);
  let client: StreamClient;
  try {
    client = await withTimeout(opening, timeoutMs);
  } catch (e) {
    opening.then((c) => c.close(), () => undefined);
    const msg = (e as Error).message;
    return msg === 'timeout' ? { failure: 'timeout', error: `no answer within ${timeoutMs} ms`, ignored: 0 } : { failure: 'error', error: `udp: ${msg}`, ignored: 0 };
  }
  try {
    const left = Math.max(1, Math.ceil(timeoutMs - (performance.now() - t0)));
    const r = await client.exchange(wire, id, question, left, signal);
    return { ...pick(r), ignored: client.ignored };
  } finally {
    client.close();
  }
}

function tcpConnect(server: DnsServerAddress): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: server.host, port: server.port });
    s.setNoDelay(true);
    s.once('connect', () => {
      s.removeListener('error', reject);
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** Opens a stream, sends one query, closes the stream. */
async function streamOnce(
  open: DuplexFactory,
  wire: Buffer,
  id: number,
  question: { name: string; type: string },
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ExchangeResult> {
  const t0 = performance.now();
  let duplex: Duplex;
  try {
    duplex = await withTimeout(Promise.resolve(open()), timeoutMs);
  } catch (e) {
    const msg = (e as Error).message;
    return { failure: msg === 'timeout' ? 'timeout' : 'error', error: msg === 'timeout' ? `could not connect within ${timeoutMs} ms` : `connect: ${msg}`, ignored: 0 };
  }
  const client = openStreamClient(duplex);
  try {
    const left = Math.max(1, Math.ceil(timeoutMs - (performance.now() - t0)));
    const r = await client.exchange(wire, id, question, left, signal);
    return { ...pick(r), ignored: client.ignored };
  } finally {
    client.close();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => {
      reject(new Error('timeout'));
      // A stream that arrives late is closed at once.
      p.then((v) => (v as { destroy?: () => void }).destroy?.(), () => undefined);
    }, ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
