/**
 * `kubectl dns explain --debug-container IMAGE`: an ephemeral container with dig added to the
 * pod, the ONE change kubectl-dns ever makes to a cluster, and only with that flag.
 *
 * As `kubectl debug POD --image=IMAGE` does (kubernetes/kubectl pkg/cmd/debug): a strategic merge
 * PATCH of pods/POD/ephemeralcontainers adding one entry to spec.ephemeralContainers (merge key
 * `name`), then a wait for its status in status.ephemeralContainerStatuses. Unlike kubectl debug it
 * is not interactive (stdin and tty false), it runs `sleep 300` so it exits by itself, it sets no
 * target container (the network namespace, all dig needs, is the pod's anyway; a target would also
 * share the app's processes) and it asks for no privileges (no privilege escalation, every
 * capability dropped: dig needs none).
 *
 * Kubernetes cannot remove an ephemeral container: it stays in the pod's spec until the pod is
 * deleted. So a running one added by an earlier run, with the same image and time left, is
 * reused instead of adding another.
 *
 * The PATCH is a raw request authenticated by the KubeConfig (like client.ts's reads), with the
 * content type set explicitly: client-node 2.x's patchNamespacedPodEphemeralcontainers sends
 * `application/json-patch+json` (the first type its generated code lists) unless a middleware
 * overrides it, and a JSON patch is not what this body is.
 *
 * Pure parts (name, spec, status reading, reuse, error classification) are exported for tests.
 * Never throws for cluster trouble: the outcome says what happened.
 */
import type * as K8s from '@kubernetes/client-node';
import type { ClusterClient } from './client.ts';
import { loadK8s, networkDetail } from './client.ts';
import { describeClusterError, errorFromResponse, parseStatus, canICommand } from './errors.ts';
import type { DebugContainerReport } from '../explain/types.ts';

export const NAME_PREFIX = 'kubectl-dns-';
export const DEFAULT_SLEEP_SECONDS = 300;
export const PATCH_CONTENT_TYPE = 'application/strategic-merge-patch+json';
/** k8s.io/apimachinery/pkg/util/rand's alphabet (kubectl debug's `debugger-xxxxx`): no vowels, no 0, 1, 3. */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** Waiting reasons that never clear by waiting longer. */
const HOPELESS_WAITING = new Set(['InvalidImageName', 'ErrImageNeverPull']);

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}
function arr(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map(obj) : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Every container name the pod has (containers, init containers, ephemeral containers). */
export function containerNames(pod: unknown): string[] {
  const spec = obj(obj(pod)['spec']);
  return ['containers', 'initContainers', 'ephemeralContainers'].flatMap((k) => arr(spec[k]).map((c) => str(c['name']) ?? ''));
}

/** `kubectl-dns-` and five random characters, not colliding with a name the pod has. */
export function debugContainerName(taken: Iterable<string>, random: () => number = Math.random): string {
  const used = new Set(taken);
  for (;;) {
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += SUFFIX_ALPHABET[Math.floor(random() * SUFFIX_ALPHABET.length) % SUFFIX_ALPHABET.length];
    const name = NAME_PREFIX + suffix;
    if (!used.has(name)) return name;
  }
}

/** The EphemeralContainer (core/v1) added to the pod. */
export function ephemeralContainerSpec(name: string, image: string, sleepSeconds = DEFAULT_SLEEP_SECONDS): Obj {
  return {
    name,
    image,
    command: ['sleep', String(sleepSeconds)],
    stdin: false,
    tty: false,
    terminationMessagePolicy: 'File',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  };
}

/** The strategic merge patch body: spec.ephemeralContainers merges by name, so this adds one. */
export function ephemeralContainersPatch(container: Obj): Obj {
  return { spec: { ephemeralContainers: [container] } };
}

export type EphemeralState =
  | { state: 'missing' } // not in the pod's spec
  | { state: 'pending' } // in the spec, no status from the kubelet yet
  | { state: 'waiting'; reason?: string; message?: string }
  | { state: 'running'; startedAt?: string }
  | { state: 'terminated'; reason?: string; message?: string; exitCode?: number };

/** The state of ephemeral container `name` in a pod object as the API returns it. */
export function ephemeralState(pod: unknown, name: string): EphemeralState {
  const p = obj(pod);
  if (!arr(obj(p['spec'])['ephemeralContainers']).some((c) => c['name'] === name)) return { state: 'missing' };
  const st = arr(obj(p['status'])['ephemeralContainerStatuses']).find((s) => s['name'] === name);
  const state = obj(st?.['state']);
  if (state['running'] !== undefined) {
    const at = str(obj(state['running'])['startedAt']);
    return at ? { state: 'running', startedAt: at } : { state: 'running' };
  }
  if (state['terminated'] !== undefined) {
    const t = obj(state['terminated']);
    const r: EphemeralState = { state: 'terminated' };
    if (str(t['reason'])) r.reason = str(t['reason']);
    if (str(t['message'])) r.message = str(t['message']);
    if (typeof t['exitCode'] === 'number') r.exitCode = t['exitCode'];
    return r;
  }
  if (state['waiting'] !== undefined) {
    const w = obj(state['waiting']);
    const r: EphemeralState = { state: 'waiting' };
    if (str(w['reason'])) r.reason = str(w['reason']);
    if (str(w['message'])) r.message = str(w['message']);
    return r;
  }
  return { state: 'pending' };
}

/** The state as words: "waiting: ImagePullBackOff (Back-off pulling image "x")". */
export function describeState(s: EphemeralState): string {
  switch (s.state) {
    case 'missing':
      return 'not in the pod spec';
    case 'pending':
      return 'no status reported by the kubelet yet';
    case 'running':
      return 'running';
    case 'waiting':
      return `waiting${s.reason ? `: ${s.reason}` : ''}${s.message ? ` (${oneLine(s.message)})` : ''}`;
    case 'terminated':
      return `terminated${s.reason ? `: ${s.reason}` : ''}${s.exitCode !== undefined ? `, exit code ${s.exitCode}` : ''}${s.message ? ` (${oneLine(s.message)})` : ''}`;
  }
}

/**
 * A running ephemeral container an earlier run added (our name prefix, the same image, `sleep N`)
 * with at least `neededMs` of its sleep left; the one with most time left.
 */
export function findReusable(pod: unknown, image: string, nowMs: number, neededMs: number): { name: string; remainingMs: number } | undefined {
  let best: { name: string; remainingMs: number } | undefined;
  for (const c of arr(obj(obj(pod)['spec'])['ephemeralContainers'])) {
    const name = str(c['name']);
    const command = Array.isArray(c['command']) ? (c['command'] as unknown[]) : [];
    if (!name?.startsWith(NAME_PREFIX) || c['image'] !== image || command.length !== 2 || command[0] !== 'sleep') continue;
    const seconds = Number(command[1]);
    if (!Number.isFinite(seconds)) continue;
    const s = ephemeralState(pod, name);
    if (s.state !== 'running' || !s.startedAt) continue;
    const started = Date.parse(s.startedAt);
    if (Number.isNaN(started)) continue;
    const remainingMs = started + seconds * 1000 - nowMs;
    if (remainingMs >= neededMs && (!best || remainingMs > best.remainingMs)) best = { name, remainingMs };
  }
  return best;
}

export type PatchFailureKind = 'forbidden' | 'pod-security' | 'unsupported' | 'invalid' | 'pod-gone' | 'other';

/** What a refused PATCH of pods/POD/ephemeralcontainers means, in one sentence. */
export function classifyPatchFailure(status: number, body: string, namespace: string, pod: string, server = ''): { kind: PatchFailureKind; detail: string } {
  const st = parseStatus(body);
  const message = oneLine(st?.message ?? body.split('\n')[0] ?? '').slice(0, 300);
  const path = `/api/v1/namespaces/${namespace}/pods/${pod}/ephemeralcontainers`;
  if (status === 403) {
    // PodSecurity admission also answers 403: that is the namespace's policy, not RBAC.
    if (/violates PodSecurity/i.test(message)) {
      return { kind: 'pod-security', detail: `the namespace's Pod Security admission refused the ephemeral container: ${message}` };
    }
    const e = errorFromResponse(status, body, path, server, 'PATCH');
    const can = e.kind === 'forbidden' ? canICommand(e) : `kubectl auth can-i patch pods --subresource=ephemeralcontainers -n ${namespace}`;
    return {
      kind: 'forbidden',
      detail: `forbidden: RBAC does not allow "patch" on pods/ephemeralcontainers in namespace "${namespace}" (ClusterRole kubectl-dns-debug-container in deploy/rbac.yaml grants it); check with: ${can}`,
    };
  }
  if (status === 404) {
    // kubectl debug's test: a missing pod names itself in details; a missing subresource does not.
    if (st?.details?.name) return { kind: 'pod-gone', detail: `pod ${namespace}/${pod} no longer exists` };
    return { kind: 'unsupported', detail: `ephemeral containers are disabled or not supported on this cluster (404 on pods/ephemeralcontainers${message ? `: ${message}` : ''})` };
  }
  if (status === 405 || status === 415) {
    return { kind: 'unsupported', detail: `the API server does not accept ephemeral containers this way (HTTP ${status}${message ? `: ${message}` : ''})` };
  }
  if (status === 422) return { kind: 'invalid', detail: `the API server rejected the ephemeral container (422 Invalid): ${message}` };
  if (status === 400 && /not registered|no kind/i.test(message)) {
    return { kind: 'unsupported', detail: `the API server only has the pre-1.22 ephemeral containers API: ${message}` };
  }
  return { kind: 'other', detail: describeClusterError(errorFromResponse(status, body, path, server, 'PATCH')) };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export type PatchResult = { ok: true; pod: unknown } | { ok: false; detail: string; kind: PatchFailureKind | 'unreachable' | 'timeout' };

/** The one write request: PATCH pods/POD/ephemeralcontainers with a strategic merge patch. */
export async function patchEphemeralContainers(client: ClusterClient, namespace: string, pod: string, patch: Obj, timeoutMs: number): Promise<PatchResult> {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/ephemeralcontainers`;
  const url = client.server.replace(/\/+$/, '') + path;
  const kc = client.kubeConfig as K8s.KubeConfig;
  let headers: Record<string, string | string[]>;
  let dispatcher: ReturnType<K8s.RequestContext['getDispatcher']>;
  try {
    const k8s = await loadK8s();
    const ctx = new k8s.RequestContext(url, k8s.HttpMethod.PATCH);
    await kc.applySecurityAuthentication(ctx);
    headers = { ...ctx.getHeaders(), accept: 'application/json', 'content-type': PATCH_CONTENT_TYPE };
    dispatcher = ctx.getDispatcher();
  } catch (e) {
    return { ok: false, kind: 'other', detail: `cannot prepare credentials for ${client.server}: ${(e as Error).message.split('\n')[0]}` };
  }
  if (client.impersonateGroups.length > 0) headers['Impersonate-Group'] = client.impersonateGroups;
  const body = JSON.stringify(patch);
  const signal = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
  let status: number;
  let text: string;
  try {
    if (dispatcher) {
      const u = new URL(url);
      const r = await dispatcher.request({ origin: u.origin, path: u.pathname + u.search, method: 'PATCH', headers, body, ...(signal ? { signal } : {}) });
      status = r.statusCode;
      text = await r.body.text();
    } else {
      const h = new Headers();
      for (const [k, v] of Object.entries(headers)) for (const one of Array.isArray(v) ? v : [v]) h.append(k, one);
      const r = await fetch(url, { method: 'PATCH', headers: h, body, ...(signal ? { signal } : {}) });
      status = r.status;
      text = await r.text();
    }
  } catch (e) {
    if (signal?.aborted) return { ok: false, kind: 'timeout', detail: `the API server did not answer the PATCH of pods/ephemeralcontainers within ${timeoutMs} ms` };
    return { ok: false, kind: 'unreachable', detail: `cannot reach the API server at ${client.server}: ${networkDetail(e)}` };
  }
  if (status < 200 || status > 299) return { ok: false, ...classifyPatchFailure(status, text, namespace, pod, client.server) };
  try {
    return { ok: true, pod: JSON.parse(text) as unknown };
  } catch {
    return { ok: true, pod: undefined };
  }
}

export interface DebugContainerOptions {
  namespace: string;
  pod: string;
  image: string;
  /** Bound for the container to reach running. */
  waitMs: number;
  /** Time the queries need inside it: a reused container must have that much sleep left. */
  neededMs: number;
  /** Bound for each API request. */
  requestTimeoutMs: number;
  pollMs?: number;
  sleepSeconds?: number;
  /** Progress and the cluster-change statement, one line each (stderr). */
  notice: (line: string) => void;
  now?: () => number;
  random?: () => number;
}

export type DebugContainerOutcome = { ok: true; name: string; report: DebugContainerReport } | { ok: false; problem: string; report: DebugContainerReport };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Adds the ephemeral container (or reuses a running one of ours) and waits, bounded, for it to
 * run. The report says what was changed in the cluster whatever happens after the PATCH.
 */
export async function startDebugContainer(client: ClusterClient, o: DebugContainerOptions): Promise<DebugContainerOutcome> {
  const now = o.now ?? Date.now;
  const sleepSeconds = o.sleepSeconds ?? DEFAULT_SLEEP_SECONDS;
  const where = `${o.namespace}/${o.pod}`;
  const report: DebugContainerReport = { pod: where, image: o.image, added: false, reused: false, used: false, detail: '' };
  const fail = (problem: string): DebugContainerOutcome => {
    report.detail = report.added ? `${report.detail} ${capital(problem)}.` : `No ephemeral container was added: ${problem}.`;
    return { ok: false, problem, report };
  };
  const podPath = `/api/v1/namespaces/${encodeURIComponent(o.namespace)}/pods/${encodeURIComponent(o.pod)}`;
  const current = await client.getJSON(podPath, { timeoutMs: o.requestTimeoutMs });
  if (!current.ok) return fail(`the pod could not be read again: ${describeClusterError(current.error)}`);
  const phase = str(obj(obj(current.value)['status'])['phase']);
  if (phase !== 'Running') return fail(`the pod is ${phase ?? 'in an unknown phase'}, not Running`);

  const reusable = findReusable(current.value, o.image, now(), o.neededMs);
  if (reusable) {
    report.name = reusable.name;
    report.reused = true;
    report.detail = `Reused ephemeral container ${reusable.name} (image ${o.image}), which an earlier run added and which is still running (its sleep ends in ${Math.round(reusable.remainingMs / 1000)}s); nothing was added to the pod this time.`;
    o.notice(`--debug-container: reusing ephemeral container ${reusable.name} that an earlier run added to pod ${where}; nothing added`);
    return { ok: true, name: reusable.name, report };
  }

  const name = debugContainerName(containerNames(current.value), o.random);
  const spec = ephemeralContainerSpec(name, o.image, sleepSeconds);
  o.notice(`--debug-container: adding ephemeral container ${name} (image ${o.image}, command "sleep ${sleepSeconds}") to pod ${where}`);
  const patched = await patchEphemeralContainers(client, o.namespace, o.pod, ephemeralContainersPatch(spec), o.requestTimeoutMs);
  if (!patched.ok) return fail(patched.detail);
  report.name = name;
  report.added = true;
  const stays = `Kubernetes cannot remove ephemeral containers: ${name} stays in the pod's spec until the pod is deleted; its process exits by itself after ${sleepSeconds}s.`;
  report.detail = `Added ephemeral container ${name} (image ${o.image}, command "sleep ${sleepSeconds}") to pod ${where} because --debug-container was given. ${stays}`;
  o.notice(`--debug-container: added ephemeral container ${name} to pod ${where}. ${stays}`);

  // Wait for it to run: the PATCH answer first, then the pod, polled.
  const deadline = now() + o.waitMs;
  let state = patched.pod !== undefined ? ephemeralState(patched.pod, name) : ({ state: 'pending' } as EphemeralState);
  let lastError: string | undefined;
  let pause = Math.min(o.pollMs ?? 250, 1000);
  for (;;) {
    if (state.state === 'running') return { ok: true, name, report };
    if (state.state === 'terminated') return fail(`it exited before dig could run (${describeState(state)})`);
    if (state.state === 'waiting' && state.reason && HOPELESS_WAITING.has(state.reason)) return fail(`it cannot start (${describeState(state)})`);
    const left = deadline - now();
    if (left <= 0) break;
    await sleep(Math.min(pause, left));
    pause = Math.min(pause * 2, o.pollMs ?? 1000);
    const r = await client.getJSON(podPath, { timeoutMs: Math.min(o.requestTimeoutMs, Math.max(1000, deadline - now())) });
    if (r.ok) {
      state = ephemeralState(r.value, name);
      lastError = undefined;
    } else lastError = describeClusterError(r.error);
  }
  return fail(`it was not running after ${formatSeconds(o.waitMs)} (--debug-container-timeout): ${lastError ? `the pod could not be read (${lastError})` : describeState(state)}`);
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
