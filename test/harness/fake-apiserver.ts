/**
 * A fake Kubernetes API server for tests: node:http + ws on 127.0.0.1:0, serving the objects
 * of a fixture/snapshot through the REST paths client-node and kubectl use, and exec /
 * port-forward as the kubelet speaks them over WebSocket (see /work/shared/notes/client-node.md).
 *
 * Everything a test may want to break is a switch on `server.switches`, changeable between calls.
 * Every request (REST and upgrade) is appended to `server.log`, so tests can count API rounds.
 *
 * It is read-only but for one write: a strategic merge PATCH of pods/POD/ephemeralcontainers
 * (what `kubectl debug` and `explain --debug-container` send), which adds the container to the
 * served pod and then, as the kubelet would, sets its status (see `switches.ephemeral`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export type ApiObject = Record<string, unknown>;

export interface FakeCluster {
  items: ApiObject[];
  /** Per node name: the KubeletConfiguration fields served by /api/v1/nodes/N/proxy/configz. */
  kubelet?: Record<string, Record<string, unknown>>;
  /** Files inside pods: `NS/POD` -> path -> text (what `cat PATH` prints through exec). */
  files?: Record<string, Record<string, string>>;
  /** Container logs: `NS/POD` -> text served by pods/POD/log (text/plain, as the kubelet answers). */
  logs?: Record<string, string>;
}

/** A fault applied to matching requests. Unset fields match anything. */
export interface Fault {
  verb?: string;
  /** Plural resource, e.g. services, endpointslices, nodes. */
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** HTTP status to answer (401, 403, 404, 500, 503), or 'hang' (never answer). */
  status: number | 'hang';
  /** Apply to at most this many matching requests (then the fault is spent). */
  times?: number;
  /**
   * A Retry-After header (seconds) on the error answer. Real: API Priority and Fairness answers
   * 429 with Retry-After when a priority level's queues are full, and the API server sends 503
   * with Retry-After while shutting down or when an aggregated API is unavailable.
   */
  retryAfter?: number;
  /**
   * The Status message instead of the built-in one. Real: messages quote user input and
   * admission webhooks' free text (a webhook may put any bytes there).
   */
  message?: string;
}

export interface ExecScript {
  stdout?: string;
  stderr?: string;
  /** 0 (default) = Success status; otherwise a NonZeroExitCode Status. */
  exitCode?: number;
}

export interface Switches {
  /** Added before answering every request (REST and upgrades). */
  latencyMs: number;
  faults: Fault[];
  exec: {
    /** The subprotocol the server picks: v5 (API servers >= ~1.30) or v4. */
    protocol: 'v5.channel.k8s.io' | 'v4.channel.k8s.io';
    mode: 'normal' | 'forbidden' | 'no-answer' | 'close-without-status' | 'garbage-channel' | 'bad-status-json';
    /** Answers per command line (argv joined by spaces); overrides the built-in `cat`. */
    scripts: Record<string, ExecScript>;
    /**
     * Runs before the scripts: answer a command yourself (e.g. run a real `dig` against the
     * test's DNS server, as a pod with dig would). Return undefined to fall through.
     */
    handler?: (podKey: string, argv: string[], container: string | undefined) => Promise<ExecScript | undefined> | ExecScript | undefined;
  };
  /** What happens to an ephemeral container added by PATCH pods/POD/ephemeralcontainers. */
  ephemeral: {
    /**
     * 'running': the kubelet starts it (after startDelayMs); 'waiting': it never starts (the
     * `waiting` reason, e.g. an image that cannot be pulled); 'terminated': it exits at once
     * (e.g. no `sleep` in the image); 'unsupported': the subresource does not exist (404 without
     * details, as an API server with the feature disabled answers).
     */
    mode: 'running' | 'waiting' | 'terminated' | 'unsupported';
    /** Time before the status appears; 0 = already in the PATCH answer. */
    startDelayMs: number;
    waiting: { reason: string; message: string };
  };
  portForward: {
    mode: 'normal' | 'forbidden' | 'no-answer';
    /** Where channel-0 bytes are relayed: a loopback TCP port the test owns (its DNS server). */
    target?: { host: string; port: number };
  };
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string[]>;
  headers: Record<string, string | string[] | undefined>;
  /** Header lines as sent: [name, value, name, value, ...]. */
  rawHeaders: string[];
  upgrade: boolean;
  /** The request body, for requests that have one (PATCH). */
  body?: string;
  /** When the request arrived: ms since the server started (performance.now() based). */
  at: number;
  /**
   * For the first request on a connection: when the server accepted that TCP connection (same
   * clock). The client decided to send the request then; `at` also counts the TLS handshake.
   */
  connectedAt?: number;
}

export interface FakeApiServer {
  url: string;
  port: number;
  token: string;
  log: RequestLogEntry[];
  switches: Switches;
  /** Replaces the served objects. */
  setCluster(cluster: FakeCluster): void;
  /** REST requests whose path starts with the prefix (upgrades excluded). */
  count(prefix?: string): number;
  close(): Promise<void>;
}

export interface FakeApiServerOptions {
  token?: string;
  /** The user named in Forbidden messages. */
  user?: string;
  /**
   * Serve HTTPS with this key pair (PEM) instead of plain HTTP. kubectl (client-go) never sends
   * a bearer token over plain HTTP, so anything that drives the real kubectl needs this.
   */
  tls?: { key: string; cert: string };
}

const KIND_PLURALS: Record<string, string> = {
  Endpoints: 'endpoints',
  NetworkPolicy: 'networkpolicies',
};

function pluralOf(kind: string): string {
  return KIND_PLURALS[kind] ?? `${kind.toLowerCase()}s`;
}

const CLUSTER_SCOPED = new Set(['namespaces', 'nodes', 'persistentvolumes', 'clusterroles']);

interface ParsedPath {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  rest: string[];
}

function parsePath(pathname: string): ParsedPath | undefined {
  const parts = pathname.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  let group = '';
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts[1]) {
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts[1] && parts[2]) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else return undefined;
  let namespace: string | undefined;
  // /namespaces/NS/... but not the namespace object itself (/namespaces/NS alone).
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const resource = rest[0];
  if (!resource) return undefined;
  const p: ParsedPath = { group, version, resource, rest: rest.slice(3) };
  if (namespace !== undefined) p.namespace = namespace;
  if (rest[1] !== undefined) p.name = rest[1];
  if (rest[2] !== undefined) p.subresource = rest[2];
  return p;
}

function meta(o: ApiObject): { name: string; namespace?: string; labels: Record<string, string> } {
  const m = (o['metadata'] ?? {}) as { name?: string; namespace?: string; labels?: Record<string, string> };
  const r: { name: string; namespace?: string; labels: Record<string, string> } = { name: m.name ?? '', labels: m.labels ?? {} };
  if (m.namespace !== undefined) r.namespace = m.namespace;
  return r;
}

/** Equality- and set-based label selectors, as the API server parses them. */
export function matchLabelSelector(selector: string, labels: Record<string, string>): boolean {
  const reqs = splitSelector(selector);
  for (const req of reqs) {
    let m: RegExpExecArray | null;
    if ((m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(req))) {
      const values = m[3]!.split(',').map((v) => v.trim());
      const has = Object.hasOwn(labels, m[1]!);
      if (m[2] === 'in' ? !(has && values.includes(labels[m[1]!]!)) : has && values.includes(labels[m[1]!]!)) return false;
    } else if ((m = /^([^\s!=]+)\s*!=\s*(.*)$/.exec(req))) {
      if (labels[m[1]!] === m[2]!.trim()) return false;
    } else if ((m = /^([^\s!=]+)\s*==?\s*(.*)$/.exec(req))) {
      if (labels[m[1]!] !== m[2]!.trim()) return false;
    } else if ((m = /^!\s*(\S+)$/.exec(req))) {
      if (Object.hasOwn(labels, m[1]!)) return false;
    } else if (!Object.hasOwn(labels, req.trim())) return false;
  }
  return true;
}

function splitSelector(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const FIELD_GETTERS: Record<string, (o: ApiObject) => string | undefined> = {
  'metadata.name': (o) => meta(o).name,
  'metadata.namespace': (o) => meta(o).namespace,
  'spec.nodeName': (o) => ((o['spec'] ?? {}) as { nodeName?: string }).nodeName ?? '',
  'status.phase': (o) => ((o['status'] ?? {}) as { phase?: string }).phase ?? '',
};

function matchFieldSelector(selector: string, o: ApiObject): boolean | 'unsupported' {
  for (const req of splitSelector(selector)) {
    const m = /^([^!=]+?)\s*(!=|==|=)\s*(.*)$/.exec(req);
    if (!m) return 'unsupported';
    const getter = FIELD_GETTERS[m[1]!];
    if (!getter) return 'unsupported';
    const equal = getter(o) === m[3];
    if (m[2] === '!=' ? equal : !equal) return false;
  }
  return true;
}

function statusBody(code: number, reason: string, message: string, details?: Record<string, unknown>): string {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

function verbOf(method: string, p: ParsedPath, upgrade: boolean): string {
  if (upgrade) return 'create';
  if (method === 'GET') return p.name === undefined ? 'list' : 'get';
  return method === 'POST' ? 'create' : method.toLowerCase();
}

function isLoopback(host: string): boolean {
  return host === '::1' || host === 'localhost' || (isIP(host) === 4 && host.startsWith('127.'));
}

function defaultSwitches(): Switches {
  return {
    latencyMs: 0,
    faults: [],
    exec: { protocol: 'v5.channel.k8s.io', mode: 'normal', scripts: {} },
    portForward: { mode: 'normal' },
    ephemeral: { mode: 'running', startDelayMs: 0, waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } },
  };
}

export async function startFakeApiServer(cluster: FakeCluster, opts: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const token = opts.token ?? 'test-token';
  const user = opts.user ?? 'test-user';
  const log: RequestLogEntry[] = [];
  const switches = defaultSwitches();
  let state = cluster;
  /** plural -> objects, sorted by namespace/name like etcd keys. */
  let byResource = new Map<string, ApiObject[]>();
  const index = (c: FakeCluster): void => {
    byResource = new Map();
    for (const o of c.items) {
      const kind = typeof o['kind'] === 'string' ? o['kind'] : '';
      const apiVersion = typeof o['apiVersion'] === 'string' ? o['apiVersion'] : '';
      const key = `${apiVersion}|${pluralOf(kind)}`;
      const list = byResource.get(key) ?? [];
      list.push(o);
      byResource.set(key, list);
    }
    for (const list of byResource.values()) {
      list.sort((a, b) => {
        const ka = `${meta(a).namespace ?? ''}/${meta(a).name}`;
        const kb = `${meta(b).namespace ?? ''}/${meta(b).name}`;
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
    }
  };
  index(cluster);
  const sockets = new Set<Duplex | Socket>();

  const findFault = (verb: string, p: ParsedPath): Fault | undefined => {
    const f = switches.faults.find(
      (f) =>
        (f.verb === undefined || f.verb === verb) &&
        (f.resource === undefined || f.resource === p.resource) &&
        (f.subresource === undefined || f.subresource === p.subresource) &&
        (f.namespace === undefined || f.namespace === p.namespace) &&
        (f.name === undefined || f.name === p.name) &&
        (f.times === undefined || f.times > 0),
    );
    if (f && f.times !== undefined) f.times--;
    return f;
  };

  const forbiddenMessage = (verb: string, p: ParsedPath): string => {
    const res = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
    const subject = p.name !== undefined ? `${p.resource} "${p.name}"` : p.resource;
    const scope = p.namespace !== undefined ? `in the namespace "${p.namespace}"` : 'at the cluster scope';
    return `${subject} is forbidden: User "${user}" cannot ${verb} resource "${res}" in API group "${p.group}" ${scope}`;
  };

  const authorized = (req: IncomingMessage): boolean => req.headers['authorization'] === `Bearer ${token}`;

  const objectsFor = (p: ParsedPath): ApiObject[] | undefined => {
    const apiVersion = p.group === '' ? p.version : `${p.group}/${p.version}`;
    return byResource.get(`${apiVersion}|${p.resource}`);
  };

  const knownResource = (p: ParsedPath): boolean => {
    const known: Record<string, string[]> = {
      v1: ['namespaces', 'nodes', 'pods', 'services', 'endpoints', 'configmaps', 'secrets', 'serviceaccounts'],
      'discovery.k8s.io/v1': ['endpointslices'],
      'apps/v1': ['deployments', 'daemonsets', 'statefulsets', 'replicasets'],
      'networking.k8s.io/v1': ['networkpolicies', 'ingresses'],
      'policy/v1': ['poddisruptionbudgets'],
      'autoscaling/v2': ['horizontalpodautoscalers'],
    };
    const apiVersion = p.group === '' ? p.version : `${p.group}/${p.version}`;
    return known[apiVersion]?.includes(p.resource) ?? objectsFor(p) !== undefined;
  };

  /** PATCH pods/POD/ephemeralcontainers: strategic merge of spec.ephemeralContainers (merge key: name). */
  const patchEphemeral = (req: IncomingMessage, p: ParsedPath, body: string, send: (code: number, body: string) => void, fail: (code: number, message: string, details?: Record<string, unknown>) => void): void => {
    const sw = switches.ephemeral;
    if (sw.mode === 'unsupported') return fail(404, 'the server could not find the requested resource');
    const pod = (byResource.get('v1|pods') ?? []).find((o) => meta(o).name === p.name && meta(o).namespace === p.namespace);
    if (!pod) return fail(404, `pods "${p.name}" not found`, { name: p.name, kind: 'pods' });
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (type !== 'application/strategic-merge-patch+json') {
      return fail(415, `the fake API server applies only application/strategic-merge-patch+json here, not "${type}"`);
    }
    let patch: { spec?: { ephemeralContainers?: unknown } };
    try {
      patch = JSON.parse(body) as typeof patch;
    } catch {
      return fail(400, 'the body is not JSON');
    }
    const added = patch?.spec?.ephemeralContainers;
    if (!Array.isArray(added)) return fail(422, `Pod "${p.name}" is invalid: spec.ephemeralContainers: Required value`);
    const spec = (pod['spec'] ??= {}) as { ephemeralContainers?: Record<string, unknown>[]; containers?: { name?: string }[] };
    const current = (spec.ephemeralContainers ??= []);
    const fresh: Record<string, unknown>[] = [];
    for (const [i, c] of added.entries()) {
      const ec = c as Record<string, unknown>;
      if (typeof ec['name'] !== 'string' || ec['name'] === '') return fail(422, `Pod "${p.name}" is invalid: spec.ephemeralContainers[${i}].name: Required value`);
      if (typeof ec['image'] !== 'string' || ec['image'] === '') return fail(422, `Pod "${p.name}" is invalid: spec.ephemeralContainers[${i}].image: Required value`);
      for (const f of ['ports', 'resources', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle']) {
        if (ec[f] !== undefined) return fail(422, `Pod "${p.name}" is invalid: spec.ephemeralContainers[${i}].${f}: Forbidden: cannot be set for an Ephemeral Container`);
      }
      const same = current.find((x) => x['name'] === ec['name']);
      if (same) {
        if (JSON.stringify(same) !== JSON.stringify(ec)) return fail(422, `Pod "${p.name}" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "${ec['name']}" may not be changed`);
        continue;
      }
      if ((spec.containers ?? []).some((x) => x.name === ec['name'])) return fail(422, `Pod "${p.name}" is invalid: spec.ephemeralContainers[${i}].name: Duplicate value: "${ec['name']}"`);
      fresh.push(ec);
    }
    current.push(...fresh);
    const setStatus = (): void => {
      const status = (pod['status'] ??= {}) as { ephemeralContainerStatuses?: Record<string, unknown>[] };
      const list = (status.ephemeralContainerStatuses ??= []);
      for (const ec of fresh) {
        const state =
          sw.mode === 'running'
            ? { running: { startedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') } }
            : sw.mode === 'waiting'
              ? { waiting: { reason: sw.waiting.reason, message: sw.waiting.message } }
              : { terminated: { exitCode: 128, reason: 'StartError', message: 'exec: "sleep": executable file not found in $PATH' } };
        const entry = { name: ec['name'], image: ec['image'], imageID: '', lastState: {}, ready: false, restartCount: 0, state };
        const at = list.findIndex((x) => x['name'] === ec['name']);
        if (at >= 0) list[at] = entry;
        else list.push(entry);
      }
    };
    if (sw.startDelayMs > 0) setTimeout(setStatus, sw.startDelayMs).unref();
    else setStatus();
    send(200, JSON.stringify(pod));
  };

  const handleRest = (req: IncomingMessage, res: ServerResponse, url: URL, body = ''): void => {
    let extraHeaders: Record<string, string> = {};
    const send = (code: number, body: string): void => {
      res.writeHead(code, { 'content-type': 'application/json', ...extraHeaders });
      res.end(body);
    };
    const fail = (code: number, message: string, details?: Record<string, unknown>): void =>
      send(code, statusBody(code, REASONS[code] ?? 'Unknown', message, details));
    if (!authorized(req)) return fail(401, 'Unauthorized');
    const doc = req.method === 'GET' ? discoveryDocument(url.pathname) : undefined;
    if (doc) return send(200, JSON.stringify(doc));
    const p = parsePath(url.pathname);
    if (!p) return fail(404, `the server could not find the requested resource`);
    const verb = verbOf(req.method ?? 'GET', p, false);
    const fault = findFault(verb, p);
    if (fault) {
      if (fault.status === 'hang') return; // never answer; close() cleans up
      if (fault.retryAfter !== undefined) extraHeaders = { 'retry-after': String(fault.retryAfter) };
      if (fault.status === 403) return fail(403, fault.message ?? forbiddenMessage(verb, p), { name: p.name, group: p.group, kind: p.resource });
      if (fault.status === 401) return fail(401, fault.message ?? 'Unauthorized');
      if (fault.status === 429) return fail(429, fault.message ?? 'Too many requests, please try again later.');
      return fail(fault.status, fault.message ?? (fault.status >= 500 ? 'Internal error occurred: injected fault' : 'injected fault'));
    }
    if (req.method === 'PATCH' && p.resource === 'pods' && p.subresource === 'ephemeralcontainers' && p.namespace !== undefined && p.name !== undefined && p.rest.length === 0) {
      return patchEphemeral(req, p, body, send, fail);
    }
    if (req.method !== 'GET') return fail(405, 'the fake API server is read-only (but for PATCH pods/POD/ephemeralcontainers)');
    if (!knownResource(p)) return fail(404, 'the server could not find the requested resource');
    // nodes/NODE/proxy/configz: the kubelet's configuration.
    if (p.resource === 'nodes' && p.subresource === 'proxy') {
      const node = (objectsFor(p) ?? []).find((o) => meta(o).name === p.name);
      if (!node) return fail(404, `nodes "${p.name}" not found`, { name: p.name, kind: 'nodes' });
      if (p.rest.join('/') !== 'configz') return fail(404, '404 page not found');
      const cfg = state.kubelet?.[p.name!];
      if (!cfg) return fail(503, `error trying to reach service: dial tcp: connection refused`);
      return send(200, JSON.stringify({ kubeletconfig: { kind: 'KubeletConfiguration', apiVersion: 'kubelet.config.k8s.io/v1beta1', ...cfg } }));
    }
    // pods/POD/log: text/plain, tailLines honoured.
    if (p.resource === 'pods' && p.subresource === 'log') {
      const pod = (objectsFor(p) ?? []).find((o) => meta(o).name === p.name && meta(o).namespace === p.namespace);
      if (!pod) return fail(404, `pods "${p.name}" not found`, { name: p.name, kind: 'pods' });
      const lines = (state.logs?.[`${p.namespace}/${p.name}`] ?? '').split('\n');
      const tail = Number(url.searchParams.get('tailLines') ?? '0');
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end((tail > 0 ? lines.slice(-tail) : lines).join('\n'));
      return;
    }
    if (p.subresource !== undefined) return fail(404, 'the server could not find the requested resource');
    if (p.namespace !== undefined && CLUSTER_SCOPED.has(p.resource)) return fail(404, 'the server could not find the requested resource');
    const all = (objectsFor(p) ?? []).filter((o) => p.namespace === undefined || meta(o).namespace === p.namespace);
    if (p.name !== undefined) {
      const o = all.find((x) => meta(x).name === p.name);
      if (!o) return fail(404, `${p.resource} "${p.name}" not found`, { name: p.name, group: p.group, kind: p.resource });
      return send(200, JSON.stringify(o));
    }
    let items = all;
    const ls = url.searchParams.get('labelSelector');
    if (ls) items = items.filter((o) => matchLabelSelector(ls, meta(o).labels));
    const fs = url.searchParams.get('fieldSelector');
    if (fs) {
      const probe = items[0] ? matchFieldSelector(fs, items[0]) : matchFieldSelector(fs, {});
      if (probe === 'unsupported') return fail(400, `field label not supported: ${fs}`);
      items = items.filter((o) => matchFieldSelector(fs, o) === true);
    }
    let offset = 0;
    const cont = url.searchParams.get('continue');
    if (cont) {
      const n = Number(Buffer.from(cont, 'base64url').toString('utf8').replace(/^offset:/, ''));
      if (!Number.isInteger(n) || n < 0 || n > items.length) return fail(410, 'The provided continue parameter is too old');
      offset = n;
    }
    const limit = Number(url.searchParams.get('limit') ?? '0');
    const page = limit > 0 ? items.slice(offset, offset + limit) : items.slice(offset);
    const next = limit > 0 && offset + limit < items.length ? Buffer.from(`offset:${offset + limit}`).toString('base64url') : undefined;
    const kind = page[0]?.['kind'] ?? '';
    const listBody = {
      kind: `${typeof kind === 'string' && kind ? kind : 'Object'}List`,
      apiVersion: p.group === '' ? p.version : `${p.group}/${p.version}`,
      metadata: { resourceVersion: '12345', ...(next ? { continue: next, remainingItemCount: items.length - offset - limit } : {}) },
      // As the API server sends list items: without kind/apiVersion.
      items: page.map(({ kind: _k, apiVersion: _a, ...rest }) => rest),
    };
    send(200, JSON.stringify(listBody));
  };

  const t0 = performance.now();
  /**
   * Accept time of connections that have not carried a request yet, by the client's address and
   * port: with TLS the request comes on a TLSSocket wrapping the accepted TCP socket.
   */
  const freshConnections = new Map<string, number>();
  const peer = (s: Socket): string => `${s.remoteAddress}:${s.remotePort}`;
  const connectedAt = (socket: Socket): { connectedAt?: number } => {
    const t = freshConnections.get(peer(socket));
    if (t === undefined) return {};
    freshConnections.delete(peer(socket));
    return { connectedAt: t };
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const entry: RequestLogEntry = { method: req.method ?? 'GET', path: url.pathname + url.search, query: queryOf(url), headers: { ...req.headers }, rawHeaders: [...req.rawHeaders], upgrade: false, at: performance.now() - t0, ...connectedAt(req.socket) };
    log.push(entry);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (body !== '') entry.body = body;
      const go = (): void => {
        try {
          handleRest(req, res, url, body);
        } catch (e) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(statusBody(500, 'InternalError', `fake server bug: ${String(e)}`));
        }
      };
      if (switches.latencyMs > 0) setTimeout(go, switches.latencyMs);
      else go();
    });
  };
  const server = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, onRequest) : createServer(onRequest);
  server.on('connection', (s: Socket) => {
    const key = peer(s);
    freshConnections.set(key, performance.now() - t0);
    sockets.add(s);
    s.on('close', () => {
      sockets.delete(s);
      freshConnections.delete(key);
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols, req) => {
      const isPf = (req.url ?? '').includes('/portforward');
      const want = isPf ? 'v4.channel.k8s.io' : switches.exec.protocol;
      return protocols.has(want) ? want : false;
    },
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    log.push({ method: req.method ?? 'GET', path: url.pathname + url.search, query: queryOf(url), headers: { ...req.headers }, rawHeaders: [...req.rawHeaders], upgrade: true, at: performance.now() - t0, ...connectedAt(req.socket as Socket) });
    const refuse = (code: number, text: string): void => {
      socket.end(`HTTP/1.1 ${code} ${text}\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n${statusBody(code, REASONS[code] ?? 'Unknown', text)}`);
    };
    const go = (): void => {
      if (!authorized(req)) return refuse(401, 'Unauthorized');
      const p = parsePath(url.pathname);
      if (!p || p.resource !== 'pods' || p.namespace === undefined || !p.name || (p.subresource !== 'exec' && p.subresource !== 'portforward')) {
        return refuse(404, 'Not Found');
      }
      const fault = findFault('create', p) ?? findFault('get', p);
      if (fault) {
        if (fault.status === 'hang') return;
        return refuse(fault.status, REASONS[fault.status] ?? 'Error');
      }
      const pod = (byResource.get('v1|pods') ?? []).find((o) => meta(o).name === p.name && meta(o).namespace === p.namespace);
      if (!pod) return refuse(404, 'Not Found');
      const mode = p.subresource === 'exec' ? switches.exec.mode : switches.portForward.mode;
      if (mode === 'forbidden') return refuse(403, 'Forbidden');
      // exec?container=C: C must be in the pod's spec, and an ephemeral container must be running.
      // (client-node sends `container=` for none: the API server then takes the default container.)
      const container = p.subresource === 'exec' ? url.searchParams.get('container') || undefined : undefined;
      if (container !== undefined) {
        const spec = (pod['spec'] ?? {}) as Record<string, { name?: string }[] | undefined>;
        const names = ['containers', 'initContainers', 'ephemeralContainers'].flatMap((k) => (spec[k] ?? []).map((c) => c.name));
        if (!names.includes(container)) return refuse(400, `container ${container} is not valid for pod ${p.name}`);
        if ((spec['ephemeralContainers'] ?? []).some((c) => c.name === container)) {
          const st = (((pod['status'] ?? {}) as { ephemeralContainerStatuses?: { name?: string; state?: { running?: unknown } }[] }).ephemeralContainerStatuses ?? []).find((s) => s.name === container);
          if (!st?.state?.running) return refuse(400, `container ${container} is not running`);
        }
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        if (p.subresource === 'exec') void runExec(ws, `${p.namespace}/${p.name}`, url.searchParams.getAll('command'), container);
        else runPortForward(ws, Number(url.searchParams.get('ports') ?? '0'));
      });
    };
    if (switches.latencyMs > 0) setTimeout(go, switches.latencyMs);
    else go();
  });

  const frame = (channel: number, data: string | Buffer): Buffer =>
    Buffer.concat([Buffer.from([channel]), typeof data === 'string' ? Buffer.from(data, 'utf8') : data]);

  const runExec = async (ws: WebSocket, podKey: string, argv: string[], container: string | undefined): Promise<void> => {
    const mode = switches.exec.mode;
    if (mode === 'no-answer') return;
    const script = (await switches.exec.handler?.(podKey, argv, container)) ?? answerFor(podKey, argv);
    if (ws.readyState !== ws.OPEN) return;
    if (mode === 'garbage-channel') {
      ws.send(frame(7, 'garbage'));
      ws.send(frame(255, Buffer.from([1])));
      ws.send('a text frame, which exec ignores');
    }
    if (script.stdout) ws.send(frame(1, script.stdout));
    if (script.stderr) ws.send(frame(2, script.stderr));
    if (mode === 'close-without-status') {
      ws.close(1000);
      return;
    }
    if (mode === 'bad-status-json') {
      ws.send(frame(3, '{"status": "Succ'));
      ws.close(1000);
      return;
    }
    const code = script.exitCode ?? 0;
    const status =
      code === 0
        ? { metadata: {}, status: 'Success' }
        : {
            metadata: {},
            status: 'Failure',
            message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${code}`,
            reason: 'NonZeroExitCode',
            details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
          };
    ws.send(frame(3, JSON.stringify(status)));
    ws.close(1000);
  };

  const answerFor = (podKey: string, argv: string[]): ExecScript => {
    const line = argv.join(' ');
    const scripted = switches.exec.scripts[line];
    if (scripted) return scripted;
    if (argv[0] === 'cat' && argv.length >= 2) {
      const files = state.files?.[podKey] ?? {};
      let out = '';
      for (const f of argv.slice(1)) {
        const text = files[f];
        if (text === undefined) return { stdout: out, stderr: `cat: ${f}: No such file or directory\n`, exitCode: 1 };
        out += text;
      }
      return { stdout: out, exitCode: 0 };
    }
    return { stderr: `sh: ${argv[0] ?? ''}: not found\n`, exitCode: 127 };
  };

  const runPortForward = (ws: WebSocket, port: number): void => {
    if (switches.portForward.mode === 'no-answer') return;
    const target = switches.portForward.target;
    const prefix = Buffer.from([port & 0xff, (port >> 8) & 0xff]);
    ws.send(frame(0, prefix));
    ws.send(frame(1, prefix));
    if (!target || !isLoopback(target.host)) {
      ws.send(frame(1, `error forwarding port ${port}: no target (the fake server relays to loopback only)`));
      ws.close(1000);
      return;
    }
    const tcp = tcpConnect({ host: target.host, port: target.port });
    sockets.add(tcp);
    const pending: Buffer[] = [];
    let connected = false;
    tcp.on('connect', () => {
      connected = true;
      for (const b of pending) tcp.write(b);
      pending.length = 0;
    });
    tcp.on('data', (d: Buffer) => {
      if (ws.readyState === ws.OPEN) ws.send(frame(0, d));
    });
    tcp.on('error', (e) => {
      if (ws.readyState === ws.OPEN) {
        ws.send(frame(1, `error forwarding port ${port}: ${e.message}`));
        ws.close(1000);
      }
    });
    tcp.on('close', () => {
      sockets.delete(tcp);
      if (ws.readyState === ws.OPEN) ws.close(1000);
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary || data.length < 1 || data[0] !== 0) return;
      const payload = data.subarray(1);
      if (connected) tcp.write(payload);
      else pending.push(Buffer.from(payload));
    });
    ws.on('close', () => tcp.destroy());
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;

  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    token,
    log,
    switches,
    setCluster(c) {
      state = c;
      index(c);
    },
    count(prefix = '/') {
      return log.filter((e) => !e.upgrade && e.path.startsWith(prefix)).length;
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What the discovery endpoints announce: group/version -> [plural, Kind, namespaced, shortNames]. */
const DISCOVERY: Record<string, [string, string, boolean, string[]][]> = {
  v1: [
    ['namespaces', 'Namespace', false, ['ns']],
    ['nodes', 'Node', false, ['no']],
    ['pods', 'Pod', true, ['po']],
    ['services', 'Service', true, ['svc']],
    ['endpoints', 'Endpoints', true, ['ep']],
    ['configmaps', 'ConfigMap', true, ['cm']],
    ['secrets', 'Secret', true, []],
    ['serviceaccounts', 'ServiceAccount', true, ['sa']],
  ],
  'discovery.k8s.io/v1': [['endpointslices', 'EndpointSlice', true, []]],
  'apps/v1': [
    ['deployments', 'Deployment', true, ['deploy']],
    ['daemonsets', 'DaemonSet', true, ['ds']],
    ['statefulsets', 'StatefulSet', true, ['sts']],
    ['replicasets', 'ReplicaSet', true, ['rs']],
  ],
  'networking.k8s.io/v1': [
    ['networkpolicies', 'NetworkPolicy', true, ['netpol']],
    ['ingresses', 'Ingress', true, ['ing']],
  ],
};

/**
 * The legacy (unaggregated) discovery documents kubectl reads to map `services,endpointslices`
 * to REST paths: /version, /api, /apis, /api/v1, /apis/GROUP/VERSION. Undefined for other paths.
 */
export function discoveryDocument(pathname: string): Record<string, unknown> | undefined {
  const path = pathname.replace(/\/+$/, '');
  if (path === '/version') {
    return { major: '1', minor: '31', gitVersion: 'v1.31.0', platform: 'linux/amd64' };
  }
  if (path === '/api') {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
  }
  if (path === '/apis') {
    const groups = Object.keys(DISCOVERY)
      .filter((gv) => gv.includes('/'))
      .map((gv) => {
        const [name, version] = gv.split('/') as [string, string];
        const v = { groupVersion: gv, version };
        return { name, versions: [v], preferredVersion: v };
      });
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
  }
  const m = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))$/.exec(path);
  const gv = m?.[1] ?? m?.[2];
  const resources = gv !== undefined ? DISCOVERY[gv] : undefined;
  if (!resources) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv,
    resources: resources.map(([name, kind, namespaced, shortNames]) => ({
      name,
      singularName: kind.toLowerCase(),
      namespaced,
      kind,
      verbs: ['get', 'list'],
      ...(shortNames.length ? { shortNames } : {}),
    })),
  };
}

function queryOf(url: URL): Record<string, string[]> {
  const q: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) (q[k] ??= []).push(v);
  return q;
}
