// Prefect's WebSocket handshake ([compat S2.6]), shared by /events/in and /events/out.
//
// Messages are buffered from the moment the socket opens: `ws` can emit several messages from one
// TCP read synchronously, so a listener attached after an `await` could miss frames a fast client
// pipelined right behind its auth message.
//
// Limits before authentication (size, time, number of sockets) live in ws-preauth.ts.

import type { IncomingHttpHeaders } from 'node:http';
import type { WebSocket } from 'ws';
import type { RequestContext } from '../request-context.js';
import { type Authenticator, bearerOrBasicToken } from './auth.js';
import { PREFECT_SUBPROTOCOL, type WsPreAuthGate } from './ws-preauth.js';

/** Queues a socket's text messages until a consumer asks for them. */
export class MessageInbox {
  #queue: string[] = [];
  #waiter: ((msg: string | null) => void) | null = null;
  #handler: ((msg: string) => void) | null = null;
  #closed = false;
  #discarding = false;

  constructor(socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      // ws still emits frames that arrive while a closed socket waits for the peer's close frame.
      if (this.#discarding) return;
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
    return new Promise((resolve) => this.nextNow(resolve));
  }

  /**
   * Like `next`, but calls `take` synchronously from ws's 'message' event — before ws parses the
   * frame behind it (the handshake lifts the message limit there).
   */
  nextNow(take: (msg: string | null) => void): void {
    const queued = this.#queue.shift();
    if (queued !== undefined) take(queued);
    else if (this.#closed || this.#discarding) take(null);
    else this.#waiter = take;
  }

  /** Drops every buffered and future message (the socket is being closed). */
  discard(): void {
    this.#discarding = true;
    this.#queue = [];
    this.#handler = null;
  }

  /** Hands every buffered and future message to `handler`, in order. */
  onMessage(handler: (msg: string) => void): void {
    this.#handler = handler;
    for (const msg of this.#queue.splice(0)) handler(msg);
  }
}

export interface HandshakeOptions {
  /** The server's resolver, the same one HTTP requests go through (auth-hook.ts). */
  authenticator: Authenticator;
  headers: IncomingHttpHeaders;
  /** Sees the accepted auth message (e.g. for Herald options such as `"acks": true`). */
  onAuth?: (message: Record<string, unknown>) => void;
  /** Limits unauthenticated sockets (this server's gate, `preAuthGate`). */
  preAuth: WsPreAuthGate;
}

/**
 * Runs the handshake. Resolves the connection's RequestContext when the socket may be used (the
 * caller then reads the inbox), null when it was closed with Prefect's close code and reason (or
 * timed out, or was too big). Call it synchronously when the socket opens: that is when the auth
 * timeout starts.
 */
export function acceptPrefectSocket(socket: WebSocket, inbox: MessageInbox, opts: HandshakeOptions): Promise<RequestContext | null> {
  if (socket.protocol !== PREFECT_SUBPROTOCOL) {
    // Legacy mode. Herald also accepts a valid Authorization header on the upgrade (Prefect Cloud
    // style); Prefect itself closes 1002 here whenever an auth string is configured.
    const context = opts.authenticator.authenticate(bearerOrBasicToken(opts.headers.authorization));
    if (context) return Promise.resolve(opts.preAuth.admit(socket) ? context : null);
    socket.close(1002);
    inbox.discard();
    return Promise.resolve(null);
  }
  const pending = opts.preAuth.begin(socket);
  return new Promise((resolve) => {
    inbox.nextNow((first) => {
      // Not OPEN: the auth timeout closed it before this message arrived.
      const accepted = first !== null && socket.readyState === socket.OPEN ? checkAuthMessage(socket, first, opts.authenticator) : null;
      if (accepted && pending.authenticated()) {
        opts.onAuth?.(accepted.message);
        socket.send(JSON.stringify({ type: 'auth_success' }));
        resolve(accepted.context);
      } else {
        inbox.discard();
        resolve(null);
      }
    });
  });
}

/**
 * Prefect's checks of the first message: the accepted auth message and the context its token
 * grants, or null after closing the socket with Prefect's code and reason.
 */
function checkAuthMessage(
  socket: WebSocket,
  first: string,
  authenticator: Authenticator,
): { message: Record<string, unknown>; context: RequestContext } | null {
  let message: unknown;
  try {
    message = JSON.parse(first);
  } catch {
    message = null;
  }
  if (!isRecord(message) || message.type !== 'auth') {
    socket.close(1008, "Expected 'auth' message");
    return null;
  }
  const token = typeof message.token === 'string' ? message.token : '';
  if (authenticator.required && !token) {
    socket.close(1008, 'Auth required but no token provided');
    return null;
  }
  const context = authenticator.authenticate(token);
  if (!context) {
    socket.close(1008, 'Invalid token');
    return null;
  }
  return { message, context };
}

/** Picks `prefect` when the client offers it (`handleProtocols` of the ws server). */
export function selectSubprotocol(offered: Set<string>): string | false {
  return offered.has(PREFECT_SUBPROTOCOL) ? PREFECT_SUBPROTOCOL : false;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
