/**
 * Scriptable misbehaving DNS servers on 127.0.0.1 for the query tests: a UDP socket (and
 * optionally a TCP listener on the same port) whose answer to each query is decided by a
 * script function returning the raw datagrams to send back.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { Packet, Answer } from 'dns-packet';

export interface FakeQuery {
  id: number;
  name: string;
  type: string;
  packet: Packet;
}

export type UdpScript = (q: FakeQuery, n: number) => Buffer[];

export interface FakeServer {
  host: '127.0.0.1';
  port: number;
  /** Queries received over UDP and TCP. */
  udpQueries: FakeQuery[];
  tcpQueries: FakeQuery[];
  stop(): Promise<void>;
}

/** A response to `q` with the given answers and flags (rcode in the low 4 bits). */
export function reply(q: FakeQuery, answers: Answer[], opts: { id?: number; flags?: number; name?: string } = {}): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: opts.id ?? q.id,
    flags: (opts.flags ?? 0) | dnsPacket.AUTHORITATIVE_ANSWER,
    questions: [{ name: opts.name ?? q.name, type: q.type as never, class: 'IN' }],
    answers,
  });
}

export const TC = dnsPacket.TRUNCATED_RESPONSE;
export const NXDOMAIN = 3;

function parse(buf: Buffer): FakeQuery | undefined {
  try {
    const p = dnsPacket.decode(buf);
    const q = p.questions?.[0];
    return q ? { id: p.id ?? 0, name: q.name, type: String(q.type), packet: p } : undefined;
  } catch {
    return undefined;
  }
}

export async function startFakeDns(udp: UdpScript, tcp?: (q: FakeQuery) => Buffer | undefined): Promise<FakeServer> {
  const udpQueries: FakeQuery[] = [];
  const tcpQueries: FakeQuery[] = [];
  let server: Server | undefined;
  const sockets = new Set<TcpSocket>();
  let port = 0;
  if (tcp) {
    server = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
      let buf = Buffer.alloc(0);
      s.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
          buf = buf.subarray(2 + msg.length);
          const q = parse(msg);
          if (!q) continue;
          tcpQueries.push(q);
          const out = tcp(q);
          if (out) {
            const len = Buffer.alloc(2);
            len.writeUInt16BE(out.length);
            s.write(Buffer.concat([len, out]));
          }
        }
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const a = server.address();
    port = typeof a === 'object' && a ? a.port : 0;
  }
  const sock: Socket = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(port, '127.0.0.1', () => r()));
  port = sock.address().port;
  let n = 0;
  sock.on('message', (msg, rinfo) => {
    const q = parse(msg);
    if (!q) return;
    udpQueries.push(q);
    for (const out of udp(q, n++)) sock.send(out, rinfo.port, rinfo.address);
  });
  return {
    host: '127.0.0.1',
    port,
    udpQueries,
    tcpQueries,
    async stop() {
      await new Promise<void>((r) => sock.close(() => r()));
      for (const s of sockets) s.destroy();
      if (server) await new Promise<void>((r) => server!.close(() => r()));
    },
  };
}
