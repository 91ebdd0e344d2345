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

/**
 * The queries in flight on one connection, shared by the stream client (here) and the UDP
 * client (udp.ts): each waits for the message that answers it, its timeout or its abort signal;
 * closing the connection ends every one of them.
 */
export class PendingExchanges {
  private readonly pending = new Map<number, Pending>();
  private readonly noun: string;
  ignored = 0;
  closed = false;
  closeReason: string | undefined;

  /** `noun` names the connection in messages ("stream", "socket"). */
  constructor(noun: string) {
    this.noun = noun;
  }

  finish(id: number, r: StreamExchangeResult): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(r);
  }

  /** One message from the server: it answers its exchange, or it is counted as ignored. */
  receive(msg: Buffer): void {
    const d = decodeResponse(msg);
    const p = d.ok ? this.pending.get(d.value.id) : undefined;
    if (!d.ok || !p || !answersQuestion(d.value, p.question)) {
      this.ignored++;
      return;
    }
    this.finish(d.value.id, { ok: true, response: d.value });
  }

  /** Marks the connection closed and fails every waiting exchange; false when it already was. */
  shutdown(reason: string, failure: 'closed' | 'error'): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.closeReason = reason;
    for (const id of [...this.pending.keys()]) this.finish(id, { ok: false, failure, error: reason });
    return true;
  }

  /** The StreamClient over this table: `send` puts a query on the wire and reports a failed send. */
  client(kind: StreamClient['kind'], send: (query: Buffer, fail: (error: string) => void) => void, close: () => void): StreamClient {
    const self = this;
    return {
      kind,
      exchange(query, id, question, timeoutMs, signal) {
        if (self.closed) return Promise.resolve({ ok: false, failure: 'closed', error: self.closeReason ?? `${self.noun} closed` });
        if (self.pending.has(id)) throw new Error(`id ${id} already pending on this ${self.noun}`);
        if (signal?.aborted) return Promise.resolve({ ok: false, failure: 'aborted', error: 'aborted' });
        return new Promise<StreamExchangeResult>((resolve) => {
          const timer = setTimeout(() => self.finish(id, { ok: false, failure: 'timeout', error: `no answer within ${timeoutMs} ms` }), timeoutMs);
          const onAbort = (): void => self.finish(id, { ok: false, failure: 'aborted', error: 'aborted' });
          signal?.addEventListener('abort', onAbort, { once: true });
          self.pending.set(id, {
            question,
            timer,
            resolve: (r) => {
              signal?.removeEventListener('abort', onAbort);
              resolve(r);
            },
          });
          send(query, (error) => self.finish(id, { ok: false, failure: 'error', error }));
        });
      },
      hasPending: (id) => self.pending.has(id),
      get pendingCount() {
        return self.pending.size;
      },
      get ignored() {
        return self.ignored;
      },
      get closed() {
        return self.closed;
      },
      get closeReason() {
        return self.closeReason;
      },
      close,
    };
  }
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
  const exchanges = new PendingExchanges('stream');
  const reader = new FrameReader();
  duplex.on('data', (chunk: Buffer | string) => {
    for (const frame of reader.feed(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) exchanges.receive(frame);
  });
  duplex.on('error', (e: Error) => exchanges.shutdown(`stream error: ${e.message}`, 'error'));
  duplex.on('end', () => exchanges.shutdown('stream ended by the server', 'closed'));
  duplex.on('close', () => exchanges.shutdown('stream closed', 'closed'));
  return exchanges.client(
    'stream',
    (query, fail) =>
      duplex.write(frameMessage(query), (e) => {
        if (e) fail(`write failed: ${e.message}`);
      }),
    () => {
      exchanges.shutdown('closed by the client', 'closed');
      duplex.destroy();
    },
  );
}
