/**
 * Preloaded into every test process (scripts/run-tests.mjs passes `--import` of this file): the
 * suite may talk only to loopback (127.0.0.0/8, ::1) or to network namespaces it makes. Any TCP
 * connect or UDP send/connect to another address is refused before a packet leaves, written to
 * stderr, and fails the test file (exit code 1), even if the code under test swallows the error.
 * Unix socket paths and the name `localhost` are allowed; other host names are refused (a test has
 * no business resolving them). test/harness/network-guard.test.ts proves it fires.
 */
import dgram from 'node:dgram';
import { isIP } from 'node:net';
import net from 'node:net';

const violations: string[] = [];

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (h.startsWith('::ffff:')) return isIP(h.slice(7)) === 4 && h.slice(7).startsWith('127.');
  return false;
}

function refuse(what: string): never {
  const line = `network-guard: ${what}: tests may only reach 127.0.0.0/8 and ::1`;
  violations.push(line);
  process.stderr.write(`${line}\n`);
  process.exitCode = 1;
  throw new Error(line);
}

process.on('exit', () => {
  if (violations.length > 0) process.exitCode = 1;
});

type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket;
const originalConnect = net.Socket.prototype.connect as unknown as Connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]): net.Socket {
  // (options[, cb]) | (port[, host][, cb]) | (path[, cb]); node's internals pass [options, cb] arrays too.
  let first = args[0];
  if (Array.isArray(first)) first = first[0];
  let host: string | undefined;
  let port: unknown;
  if (typeof first === 'object' && first !== null) {
    const o = first as { host?: string; port?: unknown; path?: string };
    if (o.path === undefined) {
      host = o.host ?? 'localhost';
      port = o.port;
    }
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    port = first;
    host = typeof args[1] === 'string' ? args[1] : 'localhost';
  }
  if (host !== undefined && !isLoopbackHost(host)) refuse(`TCP connect to ${host}:${String(port)}`);
  return originalConnect.apply(this, args);
} as typeof net.Socket.prototype.connect;

type Send = (this: dgram.Socket, ...args: unknown[]) => void;
const originalSend = dgram.Socket.prototype.send as unknown as Send;
dgram.Socket.prototype.send = function guardedSend(this: dgram.Socket, ...args: unknown[]): void {
  // send(msg[, offset, length], port[, address][, cb]); a connected socket has no port/address.
  let i = 1;
  if (typeof args[1] === 'number' && typeof args[2] === 'number' && (typeof args[3] === 'number' || typeof args[3] === 'string')) i = 3;
  const address = args[i + 1];
  if (typeof address === 'string' && !isLoopbackHost(address)) refuse(`UDP send to ${address}:${String(args[i])}`);
  return originalSend.apply(this, args);
} as typeof dgram.Socket.prototype.send;

type DgramConnect = (this: dgram.Socket, ...args: unknown[]) => void;
const originalDgramConnect = dgram.Socket.prototype.connect as unknown as DgramConnect;
dgram.Socket.prototype.connect = function guardedDgramConnect(this: dgram.Socket, ...args: unknown[]): void {
  const address = args[1];
  if (typeof address === 'string' && !isLoopbackHost(address)) refuse(`UDP connect to ${address}:${String(args[0])}`);
  return originalDgramConnect.apply(this, args);
} as typeof dgram.Socket.prototype.connect;
