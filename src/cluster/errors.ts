/**
 * ClusterError: every way a cluster read can fail, as a value (STYLE.md), plus the one-line
 * description the CLI prints. Built from HTTP statuses and the API server's Status JSON.
 */
import { UsageError } from '../shared/errors.ts';

export type ClusterError =
  | { kind: 'config'; detail: string }
  | { kind: 'unreachable'; server: string; detail: string }
  | { kind: 'unauthorized'; server: string; detail: string }
  | {
      kind: 'forbidden';
      verb: string;
      resource: string;
      group: string;
      subresource?: string;
      namespace?: string;
      detail: string;
    }
  | { kind: 'notFound'; resource: string; name: string; namespace?: string; detail: string }
  | {
      kind: 'timeout';
      path: string;
      timeoutMs: number;
      /** request (--request-timeout, the default), default (no flag: API_LIMITS' default), command (the command's deadline). */
      scope?: 'request' | 'default' | 'command';
    }
  | { kind: 'server'; status: number; path: string; detail: string; /** Retry-After retries already made. */ retries?: number }
  | { kind: 'badResponse'; path: string; detail: string }
  /** Every read was refused: nothing to report on (exit 2, never an empty success). */
  | { kind: 'nothingRead'; denied: Extract<ClusterError, { kind: 'forbidden' }>[] };

/** metav1.Status, as far as we read it. */
export interface ApiStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message?: string }[] };
}

/** Parses a Status JSON body; undefined when the body is not one. */
export function parseStatus(body: string): ApiStatus | undefined {
  try {
    const v: unknown = JSON.parse(body);
    if (v && typeof v === 'object' && !Array.isArray(v) && (v as { kind?: unknown }).kind === 'Status') {
      return v as ApiStatus;
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/** What the request was about: used when the Status body is missing or vague. */
export interface RequestTarget {
  verb: string;
  resource: string;
  group: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/**
 * Parses a REST path (`/api/v1/namespaces/ns/pods/p/exec`, `/apis/apps/v1/deployments`) into
 * the RBAC target a GET on it needs.
 */
export function targetOfPath(path: string, method = 'GET'): RequestTarget {
  const parts = path.split('?')[0]!.split('/').filter((p) => p !== '').map(decodeURIComponent);
  let group = '';
  let rest: string[];
  if (parts[0] === 'api') rest = parts.slice(2);
  else if (parts[0] === 'apis') {
    group = parts[1] ?? '';
    rest = parts.slice(3);
  } else return { verb: method.toLowerCase(), resource: path, group: '' };
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const resource = rest[0] ?? '';
  const name = rest[1];
  const subresource = rest[2];
  const verb = method === 'GET' ? (name === undefined ? 'list' : 'get') : method === 'POST' ? 'create' : method.toLowerCase();
  const t: RequestTarget = { verb, resource, group };
  if (namespace !== undefined) t.namespace = namespace;
  if (name !== undefined) t.name = name;
  if (subresource !== undefined) t.subresource = subresource;
  return t;
}

const FORBIDDEN_RE = /cannot (\w+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]*)")?/;

/** Turns an HTTP error answer into a ClusterError. */
export function errorFromResponse(status: number, body: string, path: string, server: string, method = 'GET'): ClusterError {
  const st = parseStatus(body);
  const message = st?.message ?? (body.trim().split('\n')[0] ?? '').slice(0, 200);
  const target = targetOfPath(path, method);
  if (status === 401) {
    return { kind: 'unauthorized', server, detail: message || 'Unauthorized' };
  }
  if (status === 403) {
    const e: Extract<ClusterError, { kind: 'forbidden' }> = {
      kind: 'forbidden',
      verb: target.verb,
      resource: target.resource,
      group: target.group,
      detail: message,
    };
    if (target.subresource !== undefined) e.subresource = target.subresource;
    if (target.namespace !== undefined) e.namespace = target.namespace;
    const m = FORBIDDEN_RE.exec(message);
    if (m) {
      e.verb = m[1]!;
      const [res, sub] = m[2]!.split('/');
      e.resource = res!;
      if (sub !== undefined) e.subresource = sub;
      if (m[3] !== undefined) e.group = m[3];
      if (m[4] !== undefined) e.namespace = m[4];
      else delete e.namespace;
    }
    return e;
  }
  if (status === 404) {
    const e: Extract<ClusterError, { kind: 'notFound' }> = {
      kind: 'notFound',
      resource: st?.details?.kind ?? target.resource,
      name: st?.details?.name ?? target.name ?? '',
      detail: message,
    };
    if (target.namespace !== undefined && !(target.resource === 'namespaces')) e.namespace = target.namespace;
    return e;
  }
  if (status === 504 || st?.reason === 'Timeout') {
    return { kind: 'timeout', path, timeoutMs: 0 };
  }
  if (status >= 500 || status === 429) return { kind: 'server', status, path, detail: message || `HTTP ${status}` };
  return { kind: 'badResponse', path, detail: `HTTP ${status}${message ? `: ${message}` : ''}` };
}

const SINGULAR: Record<string, string> = {
  namespaces: 'namespace',
  nodes: 'node',
  pods: 'pod',
  services: 'service',
  endpointslices: 'endpointslice',
  configmaps: 'configmap',
  deployments: 'deployment',
  daemonsets: 'daemonset',
  statefulsets: 'statefulset',
  networkpolicies: 'networkpolicy',
};

/** The `kubectl auth can-i ...` command that checks a forbidden permission. */
export function canICommand(e: Extract<ClusterError, { kind: 'forbidden' }>): string {
  const resource = e.group ? `${e.resource}.${e.group}` : e.resource;
  const parts = ['kubectl auth can-i', e.verb, resource];
  if (e.subresource) parts.push(`--subresource=${e.subresource}`);
  if (e.namespace) parts.push(`-n ${e.namespace}`);
  return parts.join(' ');
}

/** One clear line for a ClusterError (without the leading "error: "). */
export function describeClusterError(e: ClusterError): string {
  switch (e.kind) {
    case 'config':
      return e.detail;
    case 'unreachable':
      return `cannot reach the Kubernetes API server at ${e.server}: ${e.detail}`;
    case 'unauthorized':
      return `the API server at ${e.server} rejected the credentials (401 Unauthorized): they are missing or expired; log in again or refresh the kubeconfig`;
    case 'forbidden': {
      const what = e.subresource ? `${e.resource}/${e.subresource}` : e.resource;
      const group = e.group ? ` in API group "${e.group}"` : '';
      const where = e.namespace ? ` in namespace "${e.namespace}"` : ' cluster-wide';
      return `forbidden: RBAC does not allow "${e.verb}" on ${what}${group}${where}; check with: ${canICommand(e)}`;
    }
    case 'notFound': {
      const singular = SINGULAR[e.resource] ?? e.resource;
      const where = e.namespace ? ` in namespace "${e.namespace}"` : '';
      return `${singular} "${e.name}" not found${where}`;
    }
    case 'timeout':
      if (e.scope === 'command') return `the command's deadline of ${formatMs(e.timeoutMs)} for API requests passed before ${e.path} was answered`;
      if (e.scope === 'default') return `the API server did not answer ${e.path} within ${formatMs(e.timeoutMs)} (the default request timeout; raise it with --request-timeout)`;
      return e.timeoutMs > 0
        ? `the API server did not answer ${e.path} within ${formatMs(e.timeoutMs)} (--request-timeout)`
        : `the API server timed out on ${e.path}`;
    case 'server': {
      const retried = e.retries ? ` after ${e.retries} ${e.retries === 1 ? 'retry' : 'retries'} honouring Retry-After` : '';
      if (e.status === 429) return `the API server is throttling requests (HTTP 429 Too Many Requests) on ${e.path}${retried}: ${e.detail}`;
      return `the API server failed on ${e.path} (HTTP ${e.status})${retried}: ${e.detail}`;
    }
    case 'badResponse':
      return `unexpected answer from the API server on ${e.path}: ${e.detail}`;
    case 'nothingRead': {
      const first = e.denied[0];
      const n = e.denied.length;
      const example = first ? `; first: ${describeClusterError(first)}` : '';
      return `nothing could be read: RBAC refused all ${n} ${n === 1 ? 'read' : 'reads'} this command needs (the results would be empty, not true)${example}`;
    }
  }
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * A ClusterError thrown across a command boundary: main prints its message as one line and
 * exits 2 (CONTRACT.md: the cluster could not be reached / read).
 */
export class ClusterFailure extends UsageError {
  readonly error: ClusterError;
  constructor(error: ClusterError) {
    super(describeClusterError(error));
    this.error = error;
  }
}
