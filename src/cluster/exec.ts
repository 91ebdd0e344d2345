/**
 * Runs a read-only command in a pod (`cat /etc/resolv.conf`) through client-node's Exec, and
 * survives what a hostile or broken API server / kubelet can send (client-node 2.0.1 hazards,
 * /work/shared/notes/client-node.md):
 *  - unknown channels (7, 255 close frames): the library throws inside the socket's message
 *    event, an uncaught exception. We wrap its binary handler: channels above 3 are dropped
 *    and counted, a throwing status parse becomes an outcome;
 *  - the library ends process.stdout on a close frame unless given its own streams: we give it
 *    plain collectors;
 *  - Exec resolves when the socket opens, not when the command ends: we wait for the status or
 *    the close, under our timeout, then ws.terminate();
 *  - no handshake timeout by default: the socket factory sets one.
 * Never throws for cluster trouble: the result's `outcome` says what happened.
 */
import type * as K8s from '@kubernetes/client-node';
import type { Writable, Readable } from 'node:stream';
import { loadWebSocketKit, type WebSocketKit } from './client.ts';
import { guardChannels } from './ws-guard.ts';

export type ExecOutcome =
  | 'ok' // exit 0
  | 'nonZeroExit' // ran, exit code in exitCode
  | 'notFound' // the binary is not in the image (126/127, or "executable file not found")
  | 'forbidden' // the upgrade was refused with 403 (RBAC: get+create pods/exec)
  | 'timeout' // no status within timeoutMs (handshake or command)
  | 'closedWithoutStatus' // the socket closed before a status arrived (some proxies)
  | 'error'; // anything else: 401, 404, unreachable, a bad status, a Failure status

export interface ExecResult {
  outcome: ExecOutcome;
  exitCode?: number;
  stdout: string;
  stderr: string;
  /** One sentence about a non-ok outcome, for the explain step detail. */
  detail: string;
  /** The HTTP status of a refused upgrade. */
  httpStatus?: number;
  /** The subprotocol the server chose. */
  protocol?: string;
  /** Frames dropped: unknown channels, close frames, unparseable status. */
  ignoredFrames: number;
}

export interface ExecOptions {
  /** Bound for the whole call (handshake + command). */
  timeoutMs: number;
  /** Bound for the WebSocket upgrade alone; default min(timeoutMs, 10 s). */
  handshakeTimeoutMs?: number;
  /** Extra headers on the upgrade request (e.g. Impersonate-Group; an array = repeated header lines). */
  headers?: Record<string, string | string[]>;
  /** Cap on collected stdout/stderr bytes each; default 1 MiB. */
  maxOutputBytes?: number;
}

/** metav1.Status as far as exec reads it. */
interface ExecStatus {
  status?: string;
  reason?: string;
  message?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

const NOT_FOUND_TEXT = /executable file not found|no such file or directory|not found in \$PATH|command not found/i;

/** Pure: what a Status from channel 3 means. */
export function outcomeOfStatus(status: ExecStatus): { outcome: ExecOutcome; exitCode?: number; detail: string } {
  if (status.status === 'Success') return { outcome: 'ok', exitCode: 0, detail: 'exit code 0' };
  const codeText = status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message;
  const code = codeText !== undefined && /^\d+$/.test(codeText) ? Number(codeText) : undefined;
  const message = status.message ?? status.reason ?? 'Failure';
  if (status.reason === 'NonZeroExitCode' && code !== undefined) {
    if (code === 126 || code === 127) return { outcome: 'notFound', exitCode: code, detail: `the command is not available in the container (exit code ${code})` };
    return { outcome: 'nonZeroExit', exitCode: code, detail: `the command exited with code ${code}` };
  }
  if (NOT_FOUND_TEXT.test(message)) return { outcome: 'notFound', detail: `the command is not available in the container: ${oneLine(message)}` };
  return { outcome: 'error', detail: `exec failed: ${oneLine(message)}` };
}

/** Pure: what a rejected connect means ("Unexpected server response: 403", ECONNREFUSED, ...). */
export function outcomeOfConnectError(e: unknown): { outcome: ExecOutcome; httpStatus?: number; detail: string } {
  const message = e instanceof Error ? e.message : typeof e === 'object' && e && 'message' in e ? String((e as { message: unknown }).message) : String(e);
  const m = /Unexpected server response: (\d{3})/.exec(message);
  if (m) {
    const httpStatus = Number(m[1]);
    if (httpStatus === 403) return { outcome: 'forbidden', httpStatus, detail: 'exec was refused (403 Forbidden): the user may not create pods/exec here' };
    if (httpStatus === 401) return { outcome: 'error', httpStatus, detail: 'exec was refused (401 Unauthorized): the credentials are not valid' };
    if (httpStatus === 404) return { outcome: 'error', httpStatus, detail: 'exec was refused (404 Not Found): the pod or container does not exist' };
    return { outcome: 'error', httpStatus, detail: `exec was refused (HTTP ${httpStatus})` };
  }
  if (/handshake has timed out/i.test(message)) return { outcome: 'timeout', detail: 'the API server did not complete the exec upgrade in time' };
  return { outcome: 'error', detail: `exec failed: ${oneLine(message)}` };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A Writable-shaped collector the library can write() and end() without ever emitting errors. */
function collector(max: number): { sink: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  let size = 0;
  const sink = {
    write(chunk: Buffer | string): boolean {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (size < max) {
        const part = b.subarray(0, max - size);
        chunks.push(Buffer.from(part));
        size += part.length;
      }
      return true;
    },
    end(): void {
      /* the library ends streams on status and close frames; nothing to do */
    },
  };
  return { sink: sink as unknown as Writable, text: () => Buffer.concat(chunks).toString('utf8') };
}

interface SocketLike {
  protocol?: string;
  readyState: number;
  on(event: 'close', cb: () => void): void;
  terminate(): void;
}

export async function execRead(
  kubeConfig: K8s.KubeConfig,
  namespace: string,
  pod: string,
  container: string | undefined,
  argv: string[],
  opts: ExecOptions,
): Promise<ExecResult> {
  const max = opts.maxOutputBytes ?? 1 << 20;
  const out = collector(max);
  const errOut = collector(max);
  let ignoredFrames = 0;
  let socket: SocketLike | undefined;

  const result = (r: { outcome: ExecOutcome; detail: string; exitCode?: number; httpStatus?: number }): ExecResult => {
    const o: ExecResult = { outcome: r.outcome, stdout: out.text(), stderr: errOut.text(), detail: r.detail, ignoredFrames };
    if (r.exitCode !== undefined) o.exitCode = r.exitCode;
    if (r.httpStatus !== undefined) o.httpStatus = r.httpStatus;
    if (socket?.protocol) o.protocol = socket.protocol;
    return o;
  };

  let kit: WebSocketKit;
  try {
    kit = await loadWebSocketKit();
  } catch (e) {
    return result({ outcome: 'error', detail: `cannot load the Kubernetes client: ${(e as Error).message}` });
  }
  const { k8s, Handler, WebSocket: WebSocketCtor } = kit;

  return new Promise<ExecResult>((resolve) => {
    let settled = false;
    let status: ExecStatus | undefined;
    let statusError: string | undefined;
    const finish = (r: { outcome: ExecOutcome; detail: string; exitCode?: number; httpStatus?: number }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        socket?.terminate();
      } catch {
        /* already gone */
      }
      resolve(result(r));
    };
    const settleFromState = (): void => {
      if (status) return finish(outcomeOfStatus(status));
      if (statusError) return finish({ outcome: 'error', detail: statusError });
      finish({ outcome: 'closedWithoutStatus', detail: 'the connection closed before the command reported an exit status' });
    };
    const timer = setTimeout(
      () => finish({ outcome: 'timeout', detail: `no exit status within ${opts.timeoutMs} ms` }),
      opts.timeoutMs,
    );

    const handshakeTimeout = opts.handshakeTimeoutMs ?? Math.min(opts.timeoutMs, 10_000);
    const socketFactory = (uri: string, protocols: string[], wsOpts: import('ws').ClientOptions): import('ws').WebSocket => {
      // node:http sends an array value as repeated header lines (what Impersonate-Group needs).
      const headers = { ...(wsOpts.headers ?? {}), ...(opts.headers ?? {}) } as Record<string, string>;
      const ws = new WebSocketCtor(uri, protocols, { ...wsOpts, headers, handshakeTimeout });
      socket = ws as unknown as SocketLike;
      ws.on('close', () => {
        // Let a status frame that arrived just before the close be handled first.
        setImmediate(() => {
          if (!settled && opened) settleFromState();
        });
      });
      return ws;
    };
    let opened = false;
    const noStdin = { pause() {}, on() {} } as unknown as Readable;
    const inner = new Handler(kubeConfig, socketFactory as never, { stdin: noStdin, stdout: out.sink, stderr: errOut.sink });
    const guarded = guardChannels(inner, {
      maxChannel: 3, // 4 resize never comes from a server; 255 close frames; garbage
      dropped: () => void ignoredFrames++,
      threw: (channel, e) => {
        if (channel !== 3) return true;
        statusError = `the exit status could not be read: ${oneLine(e.message)}`;
        return false; // the library then closes the socket
      },
    });

    const exec = new k8s.Exec(kubeConfig, guarded);
    exec
      .exec(namespace, pod, container as string, argv, out.sink, errOut.sink, null, false, (s: K8s.V1Status) => {
        status = s as ExecStatus;
        // The library closes the socket after the status; settle now, the output is complete.
        setImmediate(() => finish(outcomeOfStatus(status!)));
      })
      .then(
        (ws) => {
          opened = true;
          socket = ws as unknown as SocketLike;
          if (status) return; // already settling
          if (ws.readyState === 2 || ws.readyState === 3) setImmediate(settleFromState);
        },
        (e: unknown) => finish(outcomeOfConnectError(e)),
      );
  });
}
