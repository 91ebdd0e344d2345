/**
 * A byte stream to a port inside a pod, over client-node's PortForward (WebSocket,
 * v4.channel.k8s.io). One call = one WebSocket = one TCP connection in the pod.
 *
 * What client-node 2.0.1 leaves to the caller (/work/shared/notes/client-node.md):
 *  - it never ends the output stream: the Duplex here ends when the socket closes;
 *  - error-channel text ("error forwarding port 53 to pod ...: connection refused") goes to a
 *    stream nobody reads: here it destroys the Duplex with that text as the error;
 *  - unknown channels and server close frames: dropped and counted, never thrown, and the
 *    handler gets its own streams so process.stdout is never ended;
 *  - no handshake timeout: the socket factory sets one.
 * DNS over it is TCP framing (src/dns/stream.ts).
 */
import type * as K8s from '@kubernetes/client-node';
import { Duplex, PassThrough, type Readable, type Writable } from 'node:stream';
import { loadWebSocketKit, type WebSocketKit } from './client.ts';
import { guardChannels } from './ws-guard.ts';
import { outcomeOfConnectError } from './exec.ts';

export type PortForwardFailure = 'forbidden' | 'timeout' | 'error';

/** Why a port-forward could not be opened; `message` is one line for the user. */
export class PortForwardError extends Error {
  override readonly name = 'PortForwardError';
  readonly kind: PortForwardFailure;
  readonly httpStatus: number | undefined;
  constructor(kind: PortForwardFailure, message: string, httpStatus?: number) {
    super(message);
    this.kind = kind;
    this.httpStatus = httpStatus;
  }
}

export interface PortForwardOptions {
  /** Bound for opening the forward (the WebSocket upgrade). */
  timeoutMs: number;
  /** Extra headers on the upgrade request (e.g. Impersonate-Group). */
  headers?: Record<string, string | string[]>;
}

/** The Duplex plus what was seen on the wire, for tests and diagnostics. */
export interface PortForwardStream extends Duplex {
  /** Frames dropped: unknown channels, close frames. */
  readonly ignoredFrames: number;
  /** The subprotocol the server chose. */
  readonly protocol: string | undefined;
}

interface SocketLike {
  protocol?: string;
  readyState: number;
  on(event: 'close', cb: () => void): void;
  close(): void;
  terminate(): void;
}

export async function openPortForward(
  kubeConfig: K8s.KubeConfig,
  namespace: string,
  pod: string,
  port: number,
  opts: PortForwardOptions,
): Promise<PortForwardStream> {
  let kit: WebSocketKit;
  try {
    kit = await loadWebSocketKit();
  } catch (e) {
    throw new PortForwardError('error', `cannot load the Kubernetes client: ${(e as Error).message}`);
  }
  const { k8s, Handler, WebSocket: WebSocketCtor } = kit;

  let socket: SocketLike | undefined;
  let socketClosed = false;
  let ignoredFrames = 0;
  let errorText = '';
  /** Bytes the client writes; PortForward sends them on channel 0. */
  const input = new PassThrough();

  const duplex = new Duplex({
    read() {
      /* data is pushed as frames arrive */
    },
    write(chunk: Buffer, _enc, cb) {
      if (socketClosed) return cb(new Error(`port-forward to ${namespace}/${pod}:${port} is closed`));
      input.write(chunk);
      cb();
    },
    final(cb) {
      input.end(); // PortForward closes the socket when its input ends
      cb();
    },
    destroy(err, cb) {
      input.destroy();
      try {
        socket?.close();
      } catch {
        /* gone */
      }
      cb(err);
    },
  }) as PortForwardStream;
  Object.defineProperties(duplex, {
    ignoredFrames: { get: () => ignoredFrames },
    protocol: { get: () => socket?.protocol },
  });

  const output = {
    write(b: Buffer): boolean {
      if (b.length > 0 && !duplex.destroyed) duplex.push(b);
      return true;
    },
    end(): void {},
  } as unknown as Writable;
  const errSink = {
    write(b: Buffer): boolean {
      if (b.length === 0) return true;
      errorText += b.toString('utf8');
      // Let bytes that came before the error be read first.
      setImmediate(() => {
        if (!duplex.destroyed) duplex.destroy(new Error(`port-forward to ${namespace}/${pod}:${port}: ${errorText.replace(/\s+/g, ' ').trim()}`));
      });
      return true;
    },
    end(): void {},
  } as unknown as Writable;

  const socketFactory = (uri: string, protocols: string[], wsOpts: import('ws').ClientOptions): import('ws').WebSocket => {
    const headers = { ...(wsOpts.headers ?? {}), ...(opts.headers ?? {}) } as Record<string, string>;
    const ws = new WebSocketCtor(uri, protocols, { ...wsOpts, headers, handshakeTimeout: opts.timeoutMs });
    socket = ws as unknown as SocketLike;
    ws.on('close', () => {
      socketClosed = true;
      setImmediate(() => {
        if (!duplex.destroyed && !errorText) duplex.push(null);
      });
    });
    return ws;
  };
  const noStdin = { pause() {}, on() {} } as unknown as Readable;
  const inner = new Handler(kubeConfig, socketFactory as never, { stdin: noStdin, stdout: output, stderr: errSink });
  // one port uses channels 0 and 1; 255 close frames, garbage
  const guarded = guardChannels(inner, { maxChannel: 1, dropped: () => void ignoredFrames++ });

  const pf = new k8s.PortForward(kubeConfig, true, guarded);
  const opening = pf.portForward(namespace, pod, [port], output, errSink, input);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PortForwardError('timeout', `port-forward to ${namespace}/${pod}:${port} did not open within ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );
  });
  try {
    await Promise.race([opening, timeout]);
    return duplex;
  } catch (e) {
    try {
      socket?.terminate();
    } catch {
      /* gone */
    }
    duplex.destroy();
    if (e instanceof PortForwardError) throw e;
    const o = outcomeOfConnectError(e);
    const what = `port-forward to ${namespace}/${pod}:${port}`;
    const detail = o.detail.replace(/^exec (was refused|failed)/, `${what} $1`).replace('pods/exec', 'pods/portforward');
    throw new PortForwardError(o.outcome === 'forbidden' ? 'forbidden' : o.outcome === 'timeout' ? 'timeout' : 'error', detail, o.httpStatus);
  } finally {
    clearTimeout(timer);
    opening.catch(() => undefined);
  }
}
