/**
 * Asks a DNS server on loopback one question over UDP (TCP when the answer is truncated) with
 * dns-packet directly — not with the code under test — and returns what came back in the shape
 * of `records`' data (`dig +short` text), for the differential tests.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import * as dnsPacket from 'dns-packet';

export interface Asked {
  rcode: string;
  /** Answer records: owner (lower-case, trailing dot), type, TTL, data as dig +short prints it. */
  answers: { name: string; type: string; ttl: number; data: string }[];
  truncated: boolean;
}

function loopbackOnly(host: string): void {
  if (!/^127\./.test(host) && host !== '::1') throw new Error(`dns-ask: ${host} is not loopback`);
}

function fqdn(n: string): string {
  const l = n.toLowerCase();
  return l.endsWith('.') ? l : `${l}.`;
}

function dataText(a: dnsPacket.Answer): string {
  const d = (a as { data: unknown }).data;
  switch (a.type) {
    case 'A':
    case 'AAAA':
      return String(d);
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return fqdn(String(d));
    case 'SRV': {
      const s = d as { priority: number; weight: number; port: number; target: string };
      return `${s.priority} ${s.weight} ${s.port} ${fqdn(s.target)}`;
    }
    case 'TXT':
      return (Array.isArray(d) ? d : [d]).map((x) => `"${Buffer.isBuffer(x) ? x.toString() : String(x)}"`).join(' ');
    case 'SOA': {
      const s = d as { mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number };
      return `${fqdn(s.mname)} ${fqdn(s.rname)} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
    }
    default:
      return JSON.stringify(d);
  }
}

function decode(buf: Buffer): Asked {
  const p = dnsPacket.decode(buf);
  return {
    rcode: (p as { rcode?: string }).rcode ?? 'NOERROR',
    truncated: Boolean(p.flags && p.flags & dnsPacket.TRUNCATED_RESPONSE),
    answers: (p.answers ?? []).map((a) => ({ name: fqdn(a.name), type: a.type, ttl: (a as { ttl?: number }).ttl ?? 0, data: dataText(a) })),
  };
}

/**
 * One question over UDP, retried twice on silence as a stub resolver retries (a loaded machine can
 * delay an answer past one timeout); TCP when the answer is truncated.
 */
export async function askUdp(host: string, port: number, name: string, type: string, timeoutMs = 3000): Promise<Asked> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await askUdpOnce(host, port, name, type, timeoutMs);
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

async function askUdpOnce(host: string, port: number, name: string, type: string, timeoutMs: number): Promise<Asked> {
  loopbackOnly(host);
  const id = Math.floor(Math.random() * 65535);
  const q = dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: type as 'A', name }] });
  const r = await new Promise<Buffer>((resolve, reject) => {
    const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const t = setTimeout(() => {
      s.close();
      reject(new Error(`no answer from ${host}:${port} for ${name} ${type} in ${timeoutMs} ms`));
    }, timeoutMs);
    s.on('message', (m) => {
      if (m.readUInt16BE(0) !== id) return;
      clearTimeout(t);
      s.close();
      resolve(m);
    });
    s.send(q, port, host);
  });
  const a = decode(r);
  return a.truncated ? askTcp(host, port, name, type, timeoutMs) : a;
}

export async function askTcp(host: string, port: number, name: string, type: string, timeoutMs = 3000): Promise<Asked> {
  loopbackOnly(host);
  const q = dnsPacket.streamEncode({ type: 'query', id: 7, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: type as 'A', name }] });
  const r = await new Promise<Buffer>((resolve, reject) => {
    const sock = connect(port, host);
    let buf = Buffer.alloc(0);
    const t = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no TCP answer from ${host}:${port} for ${name} ${type} in ${timeoutMs} ms`));
    }, timeoutMs);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        clearTimeout(t);
        sock.destroy();
        resolve(buf.subarray(2, 2 + buf.readUInt16BE(0)));
      }
    });
    sock.on('error', (e) => {
      clearTimeout(t);
      reject(e);
    });
    sock.write(q);
  });
  return decode(r);
}
