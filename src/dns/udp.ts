/**
 * One UDP socket shared by many in-flight queries (pool.ts): answers are matched by id and
 * question; datagrams from other peers (the socket is connected), with unknown ids, for
 * another question, or that do not decode are ignored and counted.
 */
import { createSocket, type Socket } from 'node:dgram';
import { PendingExchanges, type StreamClient } from './stream.ts';

export function openUdpClient(server: { host: string; port: number }): Promise<StreamClient> {
  return new Promise((resolveOpen, rejectOpen) => {
    const sock: Socket = createSocket(server.host.includes(':') ? 'udp6' : 'udp4');
    const exchanges = new PendingExchanges('socket');
    let opened = false;
    const shutdown = (reason: string): void => {
      if (!exchanges.shutdown(reason, 'error')) return;
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
    sock.on('message', (msg) => exchanges.receive(msg));
    sock.connect(server.port, server.host, () => {
      opened = true;
      resolveOpen(
        exchanges.client(
          'udp',
          (query, fail) =>
            sock.send(query, (e) => {
              if (e) fail(`udp send: ${e.message}`);
            }),
          () => shutdown('closed by the client'),
        ),
      );
    });
  });
}
