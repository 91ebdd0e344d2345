/**
 * An API server that misbehaves on purpose, for the reliability suite. Unlike
 * test/harness/fake-apiserver.ts (which only does what a real API server does), most modes here
 * are what a broken proxy, a buggy aggregated API, a half-dead load balancer or an attacker on the
 * path may send. node:http on 127.0.0.1:0, plain HTTP, bearer token `hostile-token`.
 *
 * GET of one object (a path ending in a name, e.g. /api/v1/namespaces/shop) answers
 * `{metadata: {name}}` unless the mode says otherwise; lists (paths ending in a resource) follow
 * the mode.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';

export type HostileMode =
  /** Accepts the connection and reads the request, never answers. */
  | { kind: 'never-answer' }
  /** 200 and headers at once, then one body byte every `intervalMs`, never finishing. */
  | { kind: 'slow-body'; intervalMs: number }
  /** Every page has one item and a fresh continue token: the list never ends. */
  | { kind: 'endless-continue' }
  /** Continue tokens A, B, A, ...: a cycle (the immediate token always differs from the last). */
  | { kind: 'cycling-continue' }
  /** 200 with a body that is not JSON (cut short). */
  | { kind: 'malformed-json' }
  /** `count` items served `limit` at a time (as a real server does). */
  | { kind: 'huge-list'; count: number; resource?: string }
  /** null, numbers, arrays, objects without metadata or name, among good items. */
  | { kind: 'null-items' }
  /** Every request answered with this status, a Status body with `message`, optional Retry-After. */
  | { kind: 'status'; code: number; message: string; retryAfter?: string; times?: number }
  /** One huge JSON body of `bytes` bytes (a string field). */
  | { kind: 'huge-body'; bytes: number };

export interface HostileApiServer {
  url: string;
  token: string;
  mode: HostileMode;
  /** Requests received (method + path). */
  log: string[];
  close(): Promise<void>;
}

function nameOfPath(path: string): { list: boolean; name?: string; resource: string } {
  const parts = path.split('?')[0]!.split('/').filter((p) => p !== '');
  // /api/v1/... or /apis/group/version/...
  const rest = parts[0] === 'api' ? parts.slice(2) : parts.slice(3);
  const r = rest[0] === 'namespaces' && rest.length >= 3 ? rest.slice(2) : rest;
  if (r.length >= 2) return { list: false, name: r[1]!, resource: r[0]! };
  return { list: true, resource: r[0] ?? '' };
}

function status(code: number, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Hostile', code });
}

/** tls: serve HTTPS with this pair (client-node then reads through an undici dispatcher, not fetch). */
export async function startHostileApiServer(mode: HostileMode, opts: { tls?: { key: string; cert: string } } = {}): Promise<HostileApiServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const log: string[] = [];
  let token = 0;
  const self: HostileApiServer = { url: '', token: 'hostile-token', mode, log, close: async () => {} };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    log.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (code: number, body: string, headers: Record<string, string> = {}): void => {
      res.writeHead(code, { 'content-type': 'application/json', ...headers });
      res.end(body);
    };
    const m = self.mode;
    const target = nameOfPath(url.pathname);
    if (m.kind === 'never-answer') return;
    if (m.kind === 'status' && (m.times === undefined || m.times-- > 0)) {
      return send(m.code, status(m.code, m.message), m.retryAfter !== undefined ? { 'retry-after': m.retryAfter } : {});
    }
    if (m.kind === 'slow-body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"kind":"List","items":[');
      const t = setInterval(() => res.write(' '), m.intervalMs);
      timers.add(t);
      res.on('close', () => clearInterval(t));
      return;
    }
    if (m.kind === 'malformed-json') return send(200, '{"kind":"List","items":[{"metadata":{"name":"a"}},');
    if (m.kind === 'huge-body') return send(200, JSON.stringify({ kind: 'List', items: [], pad: 'x'.repeat(m.bytes) }));
    if (!target.list) return send(200, JSON.stringify({ metadata: { name: target.name } }));
    const item = (name: string): Record<string, unknown> => ({ metadata: { name, namespace: 'shop' } });
    if (m.kind === 'endless-continue') {
      token++;
      return send(200, JSON.stringify({ kind: 'List', metadata: { continue: `page-${token}` }, items: [item(`obj-${token}`)] }));
    }
    if (m.kind === 'cycling-continue') {
      const cont = url.searchParams.get('continue');
      return send(200, JSON.stringify({ kind: 'List', metadata: { continue: cont === 'A' ? 'B' : 'A' }, items: [item(`obj-${cont ?? 'start'}`)] }));
    }
    if (m.kind === 'null-items') {
      return send(200, JSON.stringify({
        kind: 'List',
        metadata: {},
        items: [null, item('good-1'), 42, [], {}, { metadata: null }, { metadata: { namespace: 'shop' } }, { metadata: 'x' }, item('good-2')],
      }));
    }
    if (m.kind === 'huge-list') {
      if (m.resource !== undefined && target.resource !== m.resource) return send(200, JSON.stringify({ kind: 'List', metadata: {}, items: [] }));
      const limit = Number(url.searchParams.get('limit') ?? '0') || m.count;
      const offset = Number(url.searchParams.get('continue') ?? '0');
      const end = Math.min(m.count, offset + limit);
      const items: Record<string, unknown>[] = [];
      for (let i = offset; i < end; i++) items.push(item(`obj-${i}`));
      return send(200, JSON.stringify({ kind: 'List', metadata: end < m.count ? { continue: String(end) } : {}, items }));
    }
    return send(200, JSON.stringify({ kind: 'List', metadata: {}, items: [] }));
  };
  const server = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, onRequest) : createServer(onRequest);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  self.url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  self.close = () =>
    new Promise<void>((resolve) => {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return self;
}
