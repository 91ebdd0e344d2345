/**
 * The one module that imports @kubernetes/client-node (lazily: it costs ~0.5 s and 130 MB).
 * connect() loads the kubeconfig as kubectl does (see kubeconfig.ts), then every read is a raw
 * GET authenticated by the KubeConfig (RequestContext + applySecurityAuthentication + its
 * dispatcher, as client-node's log.ts does), so objects stay exactly as the API returns them.
 */
import { existsSync, readFileSync } from 'node:fs';
import type * as K8s from '@kubernetes/client-node';
import { parseDuration } from '../shared/duration.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { ClusterFailure, errorFromResponse, type ClusterError } from './errors.ts';
import { KINDS, apiVersionOf, resourcePath, type Kind } from '../model/kinds.ts';
import { API_LIMITS, type ApiLimits } from './limits.ts';
import { kubeconfigPaths, mergeKubeconfigs, selectContext, type ClusterFlags } from './kubeconfig.ts';

export type ApiObject = Record<string, unknown>;

export interface ListOptions {
  /** For namespaced kinds; omitted = all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size; default 500 (as kubectl). */
  limit?: number;
  /** Called once per item skipped for having no object or no metadata.name (describes it). */
  onMalformed?: (what: string) => void;
}

export interface ClusterClient {
  /** Effective namespace: -n, else the context's namespace, else "default". */
  readonly namespace: string;
  readonly namespaceFromFlag: boolean;
  readonly context: string;
  readonly server: string;
  /** The client-node KubeConfig (for exec and port-forward); typed loosely on purpose. */
  readonly kubeConfig: unknown;
  /**
   * --request-timeout in ms; 0 = not given (REST requests then use API_LIMITS.defaultRequestTimeoutMs,
   * and all of them the command deadline).
   */
  readonly requestTimeoutMs: number;
  /** Extra headers for every request, REST and WebSocket (Impersonate-Group for --as-group). */
  readonly impersonateGroups: string[];
  /** GET a path (with query string) and parse its JSON. */
  getJSON(path: string, opts?: { timeoutMs?: number }): Promise<Result<unknown, ClusterError>>;
  /** GET a path that answers text (pods/log). */
  getText(path: string, opts?: { timeoutMs?: number }): Promise<Result<string, ClusterError>>;
  /** GET one object; kind/apiVersion set. */
  get(kind: Kind, name: string, namespace?: string): Promise<Result<ApiObject, ClusterError>>;
  /** List every object (limit + continue pagination); kind/apiVersion set on each item. */
  list(kind: Kind, opts?: ListOptions): Promise<Result<ApiObject[], ClusterError>>;
  /** Number of HTTP requests sent so far (for tests and the benchmark). */
  requestCount(): number;
}

export interface ConnectEnv {
  env: Record<string, string | undefined>;
  /** The clock (ms); default Date.now. The command deadline starts when connect() is called. */
  now?: () => number;
  /** Overrides of API_LIMITS (tests). */
  limits?: Partial<ApiLimits>;
}

type K8sModule = typeof K8s;
let k8sModule: Promise<K8sModule> | undefined;

/** The lazily imported client-node module. */
export function loadK8s(): Promise<K8sModule> {
  k8sModule ??= import('@kubernetes/client-node');
  return k8sModule;
}

/** What exec and port-forward build on: client-node, its WebSocketHandler and the ws WebSocket. */
export interface WebSocketKit {
  k8s: K8sModule;
  /** Not re-exported by the package index; the same module file Exec and PortForward use. */
  Handler: typeof import('@kubernetes/client-node/dist/web-socket-handler.js').WebSocketHandler;
  WebSocket: typeof import('ws').WebSocket;
}

export async function loadWebSocketKit(): Promise<WebSocketKit> {
  const k8s = await loadK8s();
  const Handler = (await import('@kubernetes/client-node/dist/web-socket-handler.js')).WebSocketHandler;
  const WebSocket = (await import('ws')).WebSocket;
  return { k8s, Handler, WebSocket };
}

/** Like connect(), with a config failure as a value. */
export async function connectResult(flags: ClusterFlags, cenv: ConnectEnv): Promise<Result<ClusterClient, ClusterError>> {
  const startedAt = (cenv.now ?? Date.now)();
  const requestTimeoutMs = flags.requestTimeout !== undefined ? parseDuration(flags.requestTimeout) : 0;
  const where = kubeconfigPaths(flags, cenv.env, existsSync);
  const k8s = await loadK8s();
  const kc = new k8s.KubeConfig();
  let namespace: string;
  let namespaceFromFlag = flags.namespace !== undefined;
  let context: string;
  if ('none' in where) {
    return err({
      kind: 'config',
      detail: 'no kubeconfig found: pass --kubeconfig, set KUBECONFIG or create ~/.kube/config',
    });
  } else if ('inCluster' in where) {
    kc.loadFromCluster();
    const ctx = kc.getContextObject(kc.getCurrentContext());
    if (flags.as) {
      const u = kc.getCurrentUser();
      if (u) (u as { impersonateUser?: string }).impersonateUser = flags.as;
    }
    namespace = flags.namespace ?? (ctx?.namespace?.trim() || 'default');
    context = 'in-cluster';
  } else {
    const files = [];
    for (const path of where.paths) {
      try {
        files.push({ path, text: readFileSync(path, 'utf8') });
      } catch (e) {
        return err({ kind: 'config', detail: `cannot read kubeconfig ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      }
    }
    const merged = mergeKubeconfigs(files);
    if (!merged.ok) return merged;
    const selected = selectContext(merged.value, flags);
    if (!selected.ok) return selected;
    try {
      // JSON is YAML: client-node parses the already merged, single-context config.
      kc.loadFromString(JSON.stringify(selected.value.config));
    } catch (e) {
      return err({ kind: 'config', detail: `invalid kubeconfig: ${e instanceof Error ? e.message : String(e)}` });
    }
    namespace = selected.value.namespace;
    namespaceFromFlag = selected.value.namespaceFromFlag;
    context = selected.value.context;
  }
  const server = kc.getCurrentCluster()?.server ?? '';
  const groups = flags.asGroup ?? [];
  if (groups.length > 0) addGroupImpersonation(kc, groups);
  const now = cenv.now ?? Date.now;
  const limits: ApiLimits = { ...API_LIMITS, ...cenv.limits };
  return ok(makeClient(k8s, kc, { namespace, namespaceFromFlag, context, server, requestTimeoutMs, groups, limits, now, startedAt }));
}

/** Connects as kubectl would; a config problem throws ClusterFailure (printed as one line, exit 2). */
export async function connect(flags: ClusterFlags, cenv: ConnectEnv): Promise<ClusterClient> {
  const r = await connectResult(flags, cenv);
  if (!r.ok) throw new ClusterFailure(r.error);
  return r.value;
}

/**
 * client-node has no group impersonation: add Impersonate-Group to the options every REST and
 * WebSocket request is built from (applyOptions feeds both applySecurityAuthentication and
 * applyToHTTPSOptions). An array value becomes one header line per group on WebSockets.
 */
function addGroupImpersonation(kc: K8s.KubeConfig, groups: string[]): void {
  const target = kc as unknown as { applyOptions(opts: { headers?: Record<string, unknown> }): Promise<void> };
  const original = target.applyOptions.bind(kc);
  target.applyOptions = async (opts) => {
    await original(opts);
    opts.headers ??= {};
    opts.headers['Impersonate-Group'] = groups.length === 1 ? groups[0] : groups;
  };
}

interface ClientSettings {
  namespace: string;
  namespaceFromFlag: boolean;
  context: string;
  server: string;
  requestTimeoutMs: number;
  groups: string[];
  limits: ApiLimits;
  now: () => number;
  startedAt: number;
}

function makeClient(k8s: K8sModule, kc: K8s.KubeConfig, s: ClientSettings): ClusterClient {
  let requests = 0;
  const base = s.server.replace(/\/+$/, '');

  /** When the command's API work must be over (API_LIMITS.commandDeadlineMs after connect). */
  const deadline = s.startedAt + s.limits.commandDeadlineMs;
  const perRequestMs = s.requestTimeoutMs > 0 ? s.requestTimeoutMs : s.limits.defaultRequestTimeoutMs;

  /**
   * GET a path; the body as text on 2xx, a ClusterError otherwise. One timer bounds the whole
   * request (connect, TLS, headers, every body byte and any Retry-After wait): the smaller of the
   * request timeout and what is left of the command's deadline.
   */
  async function getRaw(path: string, accept: string, opts: { timeoutMs?: number } = {}): Promise<Result<string, ClusterError>> {
    const wanted = opts.timeoutMs !== undefined && opts.timeoutMs > 0 ? opts.timeoutMs : perRequestMs;
    const left = deadline - s.now();
    if (left <= 0) return err({ kind: 'timeout', path, timeoutMs: s.limits.commandDeadlineMs, scope: 'command' });
    const byDeadline = left < wanted;
    const timeoutMs = byDeadline ? left : wanted;
    const timedOut: ClusterError = byDeadline
      ? { kind: 'timeout', path, timeoutMs: s.limits.commandDeadlineMs, scope: 'command' }
      : { kind: 'timeout', path, timeoutMs, ...(s.requestTimeoutMs > 0 || opts.timeoutMs ? {} : { scope: 'default' as const }) };
    const url = base + path;
    let ctx: K8s.RequestContext;
    try {
      ctx = new k8s.RequestContext(url, k8s.HttpMethod.GET);
      await kc.applySecurityAuthentication(ctx);
    } catch (e) {
      return err({ kind: 'config', detail: `cannot prepare credentials for ${s.server}: ${firstLine(e)}` });
    }
    const headers: Record<string, string | string[]> = { ...ctx.getHeaders(), accept };
    if (s.groups.length > 0) headers['Impersonate-Group'] = s.groups;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    const signal = abort.signal;
    const started = s.now();
    try {
      for (let attempt = 0; ; attempt++) {
        requests++;
        let answer: RawAnswer;
        try {
          answer = await sendOnce(ctx, url, headers, signal, s.limits.maxResponseBytes);
        } catch (e) {
          if (signal.aborted) return err(timedOut);
          if (e instanceof BodyTooLarge) return err({ kind: 'badResponse', path, detail: `the answer is larger than ${Math.round(s.limits.maxResponseBytes / 1048576)} MiB` });
          return err({ kind: 'unreachable', server: s.server, detail: networkDetail(e) });
        }
        const { status, body, retryAfter } = answer;
        if (status >= 200 && status <= 299) return ok(body);
        // client-go's checkWait: 429 or any 5xx with an integer Retry-After is waited out and retried.
        const waitMs = retryAfterMs(status, retryAfter);
        const remaining = timeoutMs - (s.now() - started);
        if (waitMs === undefined || attempt >= s.limits.maxRetries || waitMs > s.limits.maxRetryAfterMs || waitMs >= remaining) {
          const e = errorFromResponse(status, body, path, s.server);
          if (waitMs !== undefined && e.kind === 'server') e.retries = attempt;
          return err(e);
        }
        await sleep(waitMs, signal);
        if (signal.aborted) return err(timedOut);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  async function getJSON(path: string, opts: { timeoutMs?: number } = {}): Promise<Result<unknown, ClusterError>> {
    const r = await getRaw(path, 'application/json', opts);
    if (!r.ok) return r;
    try {
      return ok(JSON.parse(r.value) as unknown);
    } catch {
      return err({ kind: 'badResponse', path, detail: 'the body is not JSON' });
    }
  }

  function getText(path: string, opts: { timeoutMs?: number } = {}): Promise<Result<string, ClusterError>> {
    return getRaw(path, 'text/plain, */*', opts);
  }

  async function get(kind: Kind, name: string, namespace?: string): Promise<Result<ApiObject, ClusterError>> {
    const path = resourcePath(kind, KINDS[kind].namespaced ? (namespace ?? s.namespace) : undefined, name);
    const r = await getJSON(path);
    if (!r.ok) return r;
    if (!isObject(r.value)) return err({ kind: 'badResponse', path, detail: 'expected an object' });
    return ok({ apiVersion: apiVersionOf(kind), kind, ...r.value });
  }

  async function list(kind: Kind, opts: ListOptions = {}): Promise<Result<ApiObject[], ClusterError>> {
    const path = resourcePath(kind, KINDS[kind].namespaced ? opts.namespace : undefined);
    const items: ApiObject[] = [];
    const seenTokens = new Set<string>();
    let seen = 0;
    let cont: string | undefined;
    const apiVersion = apiVersionOf(kind);
    const { maxListPages, maxListItems } = s.limits;
    for (let page = 0; page < maxListPages; page++) {
      const q = new URLSearchParams();
      q.set('limit', String(opts.limit ?? 500));
      if (opts.labelSelector) q.set('labelSelector', opts.labelSelector);
      if (opts.fieldSelector) q.set('fieldSelector', opts.fieldSelector);
      if (cont) q.set('continue', cont);
      const full = `${path}?${q.toString()}`;
      const r = await getJSON(full);
      if (!r.ok) return r;
      const body = r.value;
      if (!isObject(body) || !Array.isArray(body['items'])) {
        return err({ kind: 'badResponse', path: full, detail: 'expected a list with items' });
      }
      const pageItems = body['items'] as unknown[];
      for (let i = 0; i < pageItems.length; i++) {
        const item = pageItems[i];
        const name = isObject(item) && isObject(item['metadata']) ? item['metadata']['name'] : undefined;
        if (!isObject(item) || typeof name !== 'string' || name === '') {
          opts.onMalformed?.(`item ${seen + i} of ${path} (${describeMalformed(item)})`);
          continue;
        }
        items.push({ apiVersion, kind, ...item });
      }
      seen += pageItems.length;
      if (items.length > maxListItems) {
        return err({ kind: 'badResponse', path, detail: `the list has more than ${maxListItems.toLocaleString('en-US')} objects (kubectl-dns reads at most that many of one kind)` });
      }
      const meta = isObject(body['metadata']) ? body['metadata'] : {};
      const next = meta['continue'];
      if (typeof next !== 'string' || next === '') return ok(items);
      if (seenTokens.has(next)) return err({ kind: 'badResponse', path: full, detail: 'the continue token repeats an earlier one (the list would never end)' });
      seenTokens.add(next);
      cont = next;
    }
    return err({ kind: 'badResponse', path, detail: `the list did not end after ${maxListPages.toLocaleString('en-US')} pages (a continue token that never ends)` });
  }

  return {
    namespace: s.namespace,
    namespaceFromFlag: s.namespaceFromFlag,
    context: s.context,
    server: s.server,
    kubeConfig: kc,
    requestTimeoutMs: s.requestTimeoutMs,
    impersonateGroups: s.groups,
    getJSON,
    getText,
    get,
    list,
    requestCount: () => requests,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}

/** ECONNREFUSED, certificate problems, DNS failures: the most specific code and message. */
export function networkDetail(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const c = cur as { code?: string; message?: string; cause?: unknown };
    if (c.code && !parts.includes(c.code)) parts.push(c.code);
    cur = c.cause;
    if (!cur && c.message && parts.length === 0) parts.push(c.message.split('\n')[0] ?? '');
  }
  const code = parts[0] ?? 'network error';
  const hints: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host name not found',
    EAI_AGAIN: 'host name lookup failed',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    UND_ERR_SOCKET: 'the connection closed unexpectedly',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate not trusted (check certificate-authority)',
    SELF_SIGNED_CERT_IN_CHAIN: 'certificate chain not trusted (check certificate-authority)',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate not trusted (check certificate-authority)',
    CERT_HAS_EXPIRED: 'the server certificate has expired',
    ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match the host name',
  };
  return hints[code] ? `${hints[code]} (${code})` : code;
}

/** One HTTP exchange, body read in full (bounded in bytes). */
interface RawAnswer {
  status: number;
  body: string;
  retryAfter: string | undefined;
}

class BodyTooLarge extends Error {}

/** Reads a body chunk by chunk, refusing more than maxBytes; an abort rejects the read. */
async function readBounded(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of chunks) {
    size += c.byteLength;
    if (size > maxBytes) throw new BodyTooLarge();
    parts.push(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  }
  return Buffer.concat(parts, size).toString('utf8');
}

async function sendOnce(ctx: K8s.RequestContext, url: string, headers: Record<string, string | string[]>, signal: AbortSignal, maxBytes: number): Promise<RawAnswer> {
  const dispatcher = ctx.getDispatcher();
  if (dispatcher) {
    const u = new URL(url);
    const r = await dispatcher.request({ origin: u.origin, path: u.pathname + u.search, method: 'GET', headers, signal });
    const ra = r.headers['retry-after'];
    try {
      const body = await readBounded(r.body, maxBytes);
      return { status: r.statusCode, body, retryAfter: Array.isArray(ra) ? ra[0] : ra };
    } finally {
      r.body.destroy();
    }
  }
  const h = new Headers();
  for (const [k, v] of Object.entries(headers)) for (const one of Array.isArray(v) ? v : [v]) h.append(k, one);
  const r = await fetch(url, { headers: h, signal });
  const stream = r.body;
  const body = stream ? await readBounded(stream as unknown as AsyncIterable<Uint8Array>, maxBytes) : '';
  return { status: r.status, body, retryAfter: r.headers.get('retry-after') ?? undefined };
}

/**
 * The wait client-go would do before retrying (rest/request.go checkWait + retryAfterSeconds):
 * only for 429 and 5xx, only when Retry-After is an integer number of seconds; undefined = no retry.
 */
export function retryAfterMs(status: number, header: string | undefined): number | undefined {
  if (status !== 429 && status < 500) return undefined;
  if (header === undefined || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Number(header.trim()) * 1000;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** How a malformed list item looks, for the one warning that names it. */
function describeMalformed(item: unknown): string {
  if (item === null) return 'null';
  if (Array.isArray(item)) return 'an array';
  if (typeof item !== 'object') return `a ${typeof item}`;
  const m = (item as Record<string, unknown>)['metadata'];
  if (m === undefined || m === null) return 'no metadata';
  if (!isObject(m)) return 'metadata is not an object';
  return 'no metadata.name';
}
