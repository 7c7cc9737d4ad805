// Prefect's WebSocket handshake (spec prefect-events.md §2.6), shared by /events/in and /events/out.
//
// Messages are buffered from the moment the socket opens: `ws` can emit several messages from one
// TCP read synchronously, so a listener attached after an `await` could miss frames a fast client
// pipelined right behind its auth message.

import type { IncomingHttpHeaders } from 'node:http';
import type { WebSocket } from 'ws';
import { apiKeyMatches, bearerOrBasicToken } from './auth.js';

export const PREFECT_SUBPROTOCOL = 'prefect';

/** Queues a socket's text messages until a consumer asks for them. */
export class MessageInbox {
  #queue: string[] = [];
  #waiter: ((msg: string | null) => void) | null = null;
  #handler: ((msg: string) => void) | null = null;
  #closed = false;

  constructor(socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      if (this.#handler) this.#handler(text);
      else if (this.#waiter) {
        const w = this.#waiter;
        this.#waiter = null;
        w(text);
      } else this.#queue.push(text);
    });
    socket.on('close', () => {
      this.#closed = true;
      this.#waiter?.(null);
      this.#waiter = null;
    });
  }

  /** The next message, or null once the socket has closed. */
  next(): Promise<string | null> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.#closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  /** Hands every buffered and future message to `handler`, in order. */
  onMessage(handler: (msg: string) => void): void {
    this.#handler = handler;
    for (const msg of this.#queue.splice(0)) handler(msg);
  }
}

export interface HandshakeOptions {
  /** Configured API key; empty = authentication off. */
  apiKey: string;
  headers: IncomingHttpHeaders;
  /** Sees the accepted auth message (e.g. for Herald options such as `"acks": true`). */
  onAuth?: (message: Record<string, unknown>) => void;
}

/**
 * Runs the handshake. Resolves true when the socket may be used (the caller then reads the inbox),
 * false when it was closed with Prefect's close code and reason.
 */
export async function acceptPrefectSocket(socket: WebSocket, inbox: MessageInbox, opts: HandshakeOptions): Promise<boolean> {
  if (socket.protocol !== PREFECT_SUBPROTOCOL) {
    // Legacy mode. Herald also accepts a valid Authorization header on the upgrade (Prefect Cloud
    // style); Prefect itself closes 1002 here whenever an auth string is configured.
    if (!opts.apiKey || apiKeyMatches(opts.apiKey, bearerOrBasicToken(opts.headers.authorization))) return true;
    socket.close(1002);
    return false;
  }
  const first = await inbox.next();
  if (first === null) return false;
  let message: unknown;
  try {
    message = JSON.parse(first);
  } catch {
    message = null;
  }
  if (!isRecord(message) || message.type !== 'auth') {
    socket.close(1008, "Expected 'auth' message");
    return false;
  }
  if (opts.apiKey) {
    const token = typeof message.token === 'string' ? message.token : '';
    if (!token) {
      socket.close(1008, 'Auth required but no token provided');
      return false;
    }
    if (!apiKeyMatches(opts.apiKey, token)) {
      socket.close(1008, 'Invalid token');
      return false;
    }
  }
  opts.onAuth?.(message);
  socket.send(JSON.stringify({ type: 'auth_success' }));
  return true;
}

/** Picks `prefect` when the client offers it (`handleProtocols` of the ws server). */
export function selectSubprotocol(offered: Set<string>): string | false {
  return offered.has(PREFECT_SUBPROTOCOL) ? PREFECT_SUBPROTOCOL : false;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
