/**
 * One UDP socket shared by many in-flight queries (pool.ts): answers are matched by id and
 * question; datagrams from other peers (the socket is connected), with unknown ids, for
 * another question, or that do not decode are ignored and counted.
 */
import { createSocket, type Socket } from 'node:dgram';
import { answersQuestion, decodeResponse, type QueryQuestion } from './message.ts';
import type { StreamClient, StreamExchangeResult } from './stream.ts';

interface Pending {
  question: QueryQuestion;
  resolve: (r: StreamExchangeResult) => void;
  timer: NodeJS.Timeout;
}

export function openUdpClient(server: { host: string; port: number }): Promise<StreamClient> {
  return new Promise((resolveOpen, rejectOpen) => {
    const sock: Socket = createSocket(server.host.includes(':') ? 'udp6' : 'udp4');
    const pending = new Map<number, Pending>();
    let ignored = 0;
    let closed = false;
    let closeReason: string | undefined;
    let opened = false;

    const finish = (id: number, r: StreamExchangeResult): void => {
      const p = pending.get(id);
      if (!p) return;
      pending.delete(id);
      clearTimeout(p.timer);
      p.resolve(r);
    };
    const shutdown = (reason: string): void => {
      if (closed) return;
      closed = true;
      closeReason = reason;
      for (const id of [...pending.keys()]) finish(id, { ok: false, failure: 'error', error: reason });
      try {
        sock.close();
      } catch {
        /* already closed */
      }
    };

    sock.on('error', (e) => {
      if (!opened) rejectOpen(e);
      shutdown(`udp: ${e.message}`);
    });
    sock.on('message', (msg) => {
      const d = decodeResponse(msg);
      if (!d.ok) {
        ignored++;
        return;
      }
      const p = pending.get(d.value.id);
      if (!p || !answersQuestion(d.value, p.question)) {
        ignored++;
        return;
      }
      finish(d.value.id, { ok: true, response: d.value });
    });
    sock.connect(server.port, server.host, () => {
      opened = true;
      resolveOpen({
        kind: 'udp',
        exchange(query, id, question, timeoutMs, signal) {
          if (closed) return Promise.resolve({ ok: false, failure: 'closed', error: closeReason ?? 'socket closed' });
          if (pending.has(id)) throw new Error(`id ${id} already pending on this socket`);
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
            sock.send(query, (e) => {
              if (e) finish(id, { ok: false, failure: 'error', error: `udp send: ${e.message}` });
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
          shutdown('closed by the client');
        },
      });
    });
  });
}
