// WebSockets before authentication (issue #9; docs/server.md "Before authentication"). A socket that
// uses Prefect's in-band handshake (subprotocol `prefect`) is unauthenticated until its auth message
// is accepted; until then it may cost the server only a little memory, for a little while:
//
//   - message size: the ws server's `maxPayload` is the small pre-auth limit, and `authenticate()`
//     raises it for this one socket to `maxRequestBytes` (so an oversize *event* still gets a
//     per-frame error, not 1009). Why ws's own limit, not counting raw socket bytes: ws checks
//     `maxPayload` against the length in each frame *header* (also across fragments and for bytes
//     sent along with the upgrade), before it buffers any payload, and then closes 1009 and discards
//     the rest unread. A byte counter beside ws cannot take back what ws has already buffered and can
//     only destroy the socket. ws has no public setter, so the raise writes its Receiver's
//     `_maxPayload`; this fails safe: if a future ws renames it, the raise throws here (the socket is
//     closed 1011) and authenticated sockets keep the small limit — never the other way round.
//     (Compression, whose inflater has its own limit, is off: ws's default `perMessageDeflate: false`.)
//   - time: closed with 1008 "Authentication timed out" after `wsAuthTimeout` (injected clock);
//   - number: at most `wsMaxUnauthenticated` such sockets; further `prefect` upgrades are refused with
//     HTTP 503 before any WebSocket exists. A socket counts until its TCP connection has closed (a
//     peer that ignores our close frame still holds memory), or until it authenticates.
//
// Legacy sockets (no subprotocol) are authenticated at once (no key, or a valid Authorization
// header) and never have a pre-auth phase.

import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Clock } from '../clock.js';
import type { Settings } from '../config.js';
import { HeraldError } from '../errors.js';
import { heraldErrorBody } from './error-handler.js';

/** The WebSocket subprotocol of Prefect's in-band handshake ([compat S2.6]). */
export const PREFECT_SUBPROTOCOL = 'prefect';

/** RFC 6455 1008 "Policy Violation", as Prefect uses for its other handshake failures. */
export const AUTH_TIMEOUT_CLOSE = { code: 1008, reason: 'Authentication timed out' } as const;
const INTERNAL_ERROR = 1011;
/** A hint only: slots free as soon as waiting sockets authenticate or go away. */
const RETRY_AFTER_SECONDS = 1;

type PreAuthSettings = Pick<Settings, 'wsPreAuthMaxBytes' | 'wsAuthTimeout' | 'wsMaxUnauthenticated' | 'maxRequestBytes'>;

interface GateDeps {
  settings: PreAuthSettings;
  clock: Clock;
  logger: { error(obj: object, msg: string): void };
}

/** The ws server's `maxPayload`: what any socket may send before it has authenticated. */
export function preAuthMaxPayload(settings: Pick<Settings, 'wsPreAuthMaxBytes' | 'maxRequestBytes'>): number {
  return Math.min(settings.wsPreAuthMaxBytes, settings.maxRequestBytes);
}

/** One socket's pre-auth phase, from `WsPreAuthGate.begin`. */
export interface PendingAuth {
  /** The auth message was accepted: stop the clock and the count, lift the message limit. False (socket closed 1011) if the limit could not be lifted. */
  authenticated(): boolean;
}

export class WsPreAuthGate {
  readonly #deps: GateDeps;
  #pending = 0;

  constructor(deps: GateDeps) {
    this.#deps = deps;
  }

  /** Sockets open now that have not authenticated. */
  get pending(): number {
    return this.#pending;
  }

  /**
   * The ws server's `verifyClient`. It answers synchronously and ws completes the upgrade in the same
   * turn, which calls `begin` — so concurrent upgrades cannot all slip under the cap.
   */
  verifyClient = (
    info: { req: IncomingMessage },
    done: (ok: boolean, code?: number, message?: string, headers?: OutgoingHttpHeaders) => void,
  ): void => {
    const limit = this.#deps.settings.wsMaxUnauthenticated;
    if (this.#pending < limit || !offersPrefect(info.req)) return done(true);
    const err = new HeraldError('HERALD_ERR_WS_TOO_MANY_UNAUTHENTICATED', { limit });
    const body = JSON.stringify(heraldErrorBody(err));
    done(false, err.statusCode, body, { 'Content-Type': 'application/json', 'Retry-After': String(RETRY_AFTER_SECONDS) });
  };

  /** Starts the pre-auth phase of a `prefect` socket: counts it and arms the auth timeout. */
  begin(socket: WebSocket): PendingAuth {
    this.#pending++;
    let waiting = true;
    const timer = this.#deps.clock.setTimeout(() => {
      if (waiting && socket.readyState === socket.OPEN) socket.close(AUTH_TIMEOUT_CLOSE.code, AUTH_TIMEOUT_CLOSE.reason);
    }, this.#deps.settings.wsAuthTimeout);
    const stop = () => {
      if (!waiting) return;
      waiting = false;
      this.#pending--;
      timer.cancel();
    };
    socket.once('close', stop);
    return {
      authenticated: () => {
        stop();
        return this.admit(socket);
      },
    };
  }

  /** An authenticated socket (legacy mode, or after the handshake): lifts its message limit. */
  admit(socket: WebSocket): boolean {
    try {
      raiseMaxPayload(socket, this.#deps.settings.maxRequestBytes);
      return true;
    } catch (err) {
      this.#deps.logger.error({ err }, 'cannot lift the WebSocket message limit after authentication');
      socket.close(INTERNAL_ERROR, 'Internal error');
      return false;
    }
  }
}

const gates = new WeakMap<WebSocketServer, WsPreAuthGate>();

/** The gate of a ws server (one per Herald server, shared by every WebSocket route). */
export function preAuthGate(wss: WebSocketServer, deps: GateDeps): WsPreAuthGate {
  let gate = gates.get(wss);
  if (!gate) {
    gate = new WsPreAuthGate(deps);
    gates.set(wss, gate);
  }
  return gate;
}

/** ws reads its Receiver's `_maxPayload` at every frame header; there is no public setter (see top). */
function raiseMaxPayload(socket: WebSocket, bytes: number): void {
  const receiver = (socket as unknown as { _receiver?: { _maxPayload?: unknown } })._receiver;
  if (!receiver || typeof receiver._maxPayload !== 'number') throw new Error('ws Receiver has no _maxPayload (ws internals changed)');
  receiver._maxPayload = bytes;
}

/** Whether the upgrade offers the `prefect` subprotocol (then `handleProtocols` picks it). */
function offersPrefect(req: IncomingMessage): boolean {
  const header = req.headers['sec-websocket-protocol'];
  return typeof header === 'string' && header.split(',').some((p) => p.trim() === PREFECT_SUBPROTOCOL);
}
