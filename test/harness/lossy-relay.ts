/**
 * A UDP relay on 127.0.0.1 in front of a real DNS server (nsd from dns-server.ts) that drops a
 * share of the queries on purpose, as a lossy path (the conntrack race, an overloaded node) does:
 * `drop(n, question)` decides for the n-th query (1-based) whether it vanishes. Answers of the
 * queries it passes are relayed back unchanged. close() frees the sockets.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import * as dnsPacket from 'dns-packet';

export interface LossyRelay {
  host: '127.0.0.1';
  port: number;
  /** Queries seen, dropped. */
  stats: { seen: number; dropped: number };
  close(): Promise<void>;
}

export async function startLossyRelay(
  upstream: { host: string; port: number },
  drop: (n: number, q: { name: string; type: string }) => boolean,
  opts: { port?: number } = {},
): Promise<LossyRelay> {
  const front = createSocket('udp4');
  const stats = { seen: 0, dropped: 0 };
  const backs = new Set<Socket>();
  front.on('message', (msg: Buffer, from: RemoteInfo) => {
    stats.seen++;
    let q = { name: '?', type: '?' };
    try {
      const d = dnsPacket.decode(msg);
      q = { name: d.questions?.[0]?.name ?? '?', type: String(d.questions?.[0]?.type ?? '?') };
    } catch {
      /* relay what cannot be decoded */
    }
    if (drop(stats.seen, q)) {
      stats.dropped++;
      return;
    }
    // One upstream socket per query, as a NAT would map it.
    const back = createSocket('udp4');
    backs.add(back);
    const done = (): void => {
      backs.delete(back);
      back.close();
    };
    const timer = setTimeout(done, 10_000);
    back.on('message', (answer: Buffer) => {
      clearTimeout(timer);
      front.send(answer, from.port, from.address, done);
    });
    back.send(msg, upstream.port, upstream.host);
  });
  await new Promise<void>((resolve) => front.bind(opts.port ?? 0, '127.0.0.1', resolve));
  return {
    host: '127.0.0.1',
    port: front.address().port,
    stats,
    close: async () => {
      for (const b of backs) b.close();
      backs.clear();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}
