/**
 * client-node 2.0.1 throws, uncaught, on frames it does not expect: unknown channels, server
 * close frames, a status it cannot parse (/work/shared/notes/client-node.md). guardChannels wraps
 * the WebSocketHandler that Exec and PortForward use so such frames are dropped and counted.
 */
import type { WebSocketInterface } from '@kubernetes/client-node/dist/web-socket-handler.js';

export interface ChannelGuard {
  /** Channels above this are dropped. */
  maxChannel: number;
  /** Called once per dropped frame (an unknown channel, or one whose handler threw). */
  dropped(): void;
  /** A handler threw on `channel`: true keeps the socket open (default), false lets the library close it. */
  threw?(channel: number, e: Error): boolean;
}

export function guardChannels(inner: WebSocketInterface, guard: ChannelGuard): WebSocketInterface {
  return {
    connect: (path, textHandler, binaryHandler) =>
      inner.connect(
        path,
        textHandler,
        binaryHandler &&
          ((channel: number, buff: Buffer): boolean => {
            if (channel > guard.maxChannel) {
              guard.dropped();
              return true;
            }
            try {
              return binaryHandler(channel, buff);
            } catch (e) {
              guard.dropped();
              return guard.threw ? guard.threw(channel, e as Error) : true;
            }
          }),
      ),
  };
}
