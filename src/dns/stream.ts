/**
 * DNS over a byte stream (RFC 1035 4.2.2 / RFC 7766): every message is led by its length as a
 * 2-byte big-endian number. One StreamClient pipelines many queries on one Duplex (a TCP socket
 * or a port-forward stream) and matches answers by id and question, in any order.
 */
import type { Duplex } from 'node:stream';
import { answersQuestion, decodeResponse, type DecodedResponse, type QueryQuestion } from './message.ts';

export interface StreamExchangeResult {
  ok: boolean;
  response?: DecodedResponse;
  /** 'timeout' | 'closed' | 'error' when !ok. */
  failure?: 'timeout' | 'closed' | 'error' | 'aborted';
  error?: string;
}

/**
 * A connection that carries many queries at once, matched by id and question:
 * a pipelined byte stream (here) or a shared UDP socket (udp.ts).
 */
export interface StreamClient {
  readonly kind: 'stream' | 'udp';
  /** Sends one query (wire bytes without the length prefix) and waits for its answer. */
  exchange(query: Buffer, id: number, question: QueryQuestion, timeoutMs: number, signal?: AbortSignal): Promise<StreamExchangeResult>;
  /** Ids now awaiting an answer (so a caller can pick a fresh one). */
  hasPending(id: number): boolean;
  readonly pendingCount: number;
  /** Frames that matched no pending query or did not decode. */
  readonly ignored: number;
  readonly closed: boolean;
  /** Why the stream closed, when it did. */
  readonly closeReason: string | undefined;
  close(): void;
}

interface Pending {
  question: QueryQuestion;
  resolve: (r: StreamExchangeResult) => void;
  timer: NodeJS.Timeout;
}

/** Splits a byte stream into length-prefixed frames. Pure state machine; feed() returns whole frames. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  feed(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const frames: Buffer[] = [];
    while (this.buf.length >= 2) {
      const len = this.buf.readUInt16BE(0);
      if (this.buf.length < 2 + len) break;
      frames.push(this.buf.subarray(2, 2 + len));
      this.buf = this.buf.subarray(2 + len);
    }
    return frames;
  }
  /** Bytes of an incomplete frame still held. */
  get buffered(): number {
    return this.buf.length;
  }
}

/** The length prefix plus the message. */
export function frameMessage(msg: Buffer): Buffer {
  const head = Buffer.alloc(2);
  head.writeUInt16BE(msg.length, 0);
  return Buffer.concat([head, msg]);
}

export function openStreamClient(duplex: Duplex): StreamClient {
  const pending = new Map<number, Pending>();
  const reader = new FrameReader();
  let ignored = 0;
  let closed = false;
  let closeReason: string | undefined;

  const finish = (id: number, r: StreamExchangeResult): void => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(r);
  };

  const shutdown = (reason: string, failure: 'closed' | 'error'): void => {
    if (closed) return;
    closed = true;
    closeReason = reason;
    for (const id of [...pending.keys()]) finish(id, { ok: false, failure, error: reason });
  };

  duplex.on('data', (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (const frame of reader.feed(bytes)) {
      const d = decodeResponse(frame);
      if (!d.ok) {
        ignored++;
        continue;
      }
      const p = pending.get(d.value.id);
      if (!p || !answersQuestion(d.value, p.question)) {
        ignored++;
        continue;
      }
      finish(d.value.id, { ok: true, response: d.value });
    }
  });
  duplex.on('error', (e: Error) => shutdown(`stream error: ${e.message}`, 'error'));
  duplex.on('end', () => shutdown('stream ended by the server', 'closed'));
  duplex.on('close', () => shutdown('stream closed', 'closed'));

  return {
    kind: 'stream',
    exchange(query, id, question, timeoutMs, signal) {
      if (closed) return Promise.resolve({ ok: false, failure: 'closed', error: closeReason ?? 'stream closed' });
      if (pending.has(id)) throw new Error(`id ${id} already pending on this stream`);
      if (signal?.aborted) return Promise.resolve({ ok: false, failure: 'aborted', error: 'aborted' });
      return new Promise<StreamExchangeResult>((resolve) => {
        const timer = setTimeout(() => finish(id, { ok: false, failure: 'timeout', error: `no answer within ${timeoutMs} ms` }), timeoutMs);
        const onAbort = (): void => finish(id, { ok: false, failure: 'aborted', error: 'aborted' });
        signal?.addEventListener('abort', onAbort, { once: true });
        pending.set(id, {
          question,
          timer,
          resolve: (r) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(r);
          },
        });
        duplex.write(frameMessage(query), (e) => {
          if (e) finish(id, { ok: false, failure: 'error', error: `write failed: ${e.message}` });
        });
      });
    },
    hasPending: (id) => pending.has(id),
    get pendingCount() {
      return pending.size;
    },
    get ignored() {
      return ignored;
    },
    get closed() {
      return closed;
    },
    get closeReason() {
      return closeReason;
    },
    close() {
      shutdown('closed by the client', 'closed');
      duplex.destroy();
    },
  };
}
