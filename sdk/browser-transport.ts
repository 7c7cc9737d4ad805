// The browser transport: the platform's WebSocket (or one passed in, e.g. for tests or an odd
// runtime). Browsers cannot set headers on the upgrade (the key goes in the `auth` message, which
// is all Herald needs), pause reading, cork or keep a process alive — those are no-ops here.

import type { SocketTransport } from './transport.js';

/** The part of the WHATWG WebSocket the SDK uses; `globalThis.WebSocket` and the `ws` class both fit. */
export interface WebSocketLike {
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: any) => void): void;
}

export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** A transport over `WebSocket` (default: `globalThis.WebSocket`, looked up when a socket opens). */
export function browserTransport(WebSocketClass?: WebSocketConstructor): SocketTransport {
  return {
    open(url) {
      const Ctor = WebSocketClass ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
      if (!Ctor) throw new TypeError('No WebSocket in this runtime: pass one as the `WebSocket` option');
      const socket = new Ctor(url, 'prefect');
      return {
        listen(l) {
          socket.addEventListener('open', () => l.open());
          socket.addEventListener('message', (e: { data: unknown }) => l.message(typeof e.data === 'string' ? e.data : String(e.data)));
          socket.addEventListener('close', (e: { code: number; reason: string }) => l.close(e.code, e.reason));
          // Browsers say nothing about why a connection failed.
          socket.addEventListener('error', () => l.error('connection failed'));
        },
        send(data, onWritten) {
          socket.send(data);
          if (onWritten) whenDrained(socket, onWritten);
        },
        close: (code, reason) => socket.close(code, reason),
        terminate: () => socket.close(),
        pause() {},
        resume() {},
        isPaused: false,
        setKeepsProcessAlive() {},
        corked: (write) => write(),
      };
    },
  };
}

/** Calls `fn` once the socket's send buffer is empty: the closest a browser gets to "written". */
function whenDrained(socket: WebSocketLike, fn: () => void): void {
  if (socket.bufferedAmount === 0) setTimeout(fn, 0);
  else setTimeout(() => whenDrained(socket, fn), 10);
}
