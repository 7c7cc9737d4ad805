// WS /events/out — live subscription with backfill ([compat S2.7]). The protocol lives
// here; subscription mechanics (fan-out, backfill, back-pressure) live in src/stream/.

import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { filterLimitsFrom, nowTimestamp, parseEventFilter } from '../../events/index.js';
import { jsonDepthIssue } from '../../events/json-depth.js';
import { Distributor, LiveSubscription, streamFilters, wsFrameChannel } from '../../stream/index.js';
import type { ServerDeps } from '../deps.js';
import { acceptPrefectSocket, MessageInbox } from '../ws-handshake.js';
import { preAuthGate, type WsPreAuthGate } from '../ws-preauth.js';
import * as R from '../schemas/events.js';

/** Close codes and reasons clients rely on ([compat S2.7] step 2). */
const PROTOCOL_ERROR = 1002;
const INTERNAL_ERROR = 1011;
/** RFC 6455 "Try Again Later": the subscriber fell behind (Prefect's client reconnects and backfills). */
const TRY_AGAIN_LATER = 1013;
/** RFC 6455 §5.5: a close frame's reason is at most 123 bytes of UTF-8. */
const MAX_CLOSE_REASON_BYTES = 123;

export async function eventsOutRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const distributor = new Distributor(deps.bus, { logger: deps.logger });
  const preAuth = preAuthGate(app.websocketServer, deps);
  app.addHook('onClose', async () => distributor.close());

  app.get('/events/out', { websocket: true, schema: R.eventsOutSocket }, (socket, request) => {
    // Attached synchronously, before any await, so pipelined frames are not lost (ws-handshake.ts).
    const inbox = new MessageInbox(socket);
    // Called synchronously too: the auth timeout starts in acceptPrefectSocket.
    serve(socket, inbox, request.headers, deps, distributor, preAuth).catch((err: unknown) => {
      deps.logger.error({ err }, '/events/out failed');
      closeWith(socket, INTERNAL_ERROR, 'Internal error');
    });
  });
}

async function serve(
  socket: WebSocket,
  inbox: MessageInbox,
  headers: IncomingHttpHeaders,
  deps: ServerDeps,
  distributor: Distributor,
  preAuth: WsPreAuthGate,
) {
  const context = await acceptPrefectSocket(socket, inbox, { authenticator: deps.authenticator, headers, preAuth });
  if (!context) return;
  const first = await inbox.next();
  if (first === null) return;
  const message = parseJsonObject(first);
  if (message?.type !== 'filter') return closeWith(socket, PROTOCOL_ERROR, "Expected 'filter' message");
  // Before the filter parser, which (like the close reason's issue text) must never see unbounded nesting.
  const tooDeep = jsonDepthIssue(message, deps.settings.maxJsonDepth);
  if (tooDeep) return closeWith(socket, PROTOCOL_ERROR, `Invalid filter: ${describeIssues([tooDeep])}`);

  const now = deps.clock.now();
  // An absent or null filter means "everything" (Prefect's SDK always sends one).
  const parsed = parseEventFilter(message.filter ?? {}, nowTimestamp(deps.clock), [], filterLimitsFrom(deps.settings));
  if (!parsed.ok) return closeWith(socket, PROTOCOL_ERROR, `Invalid filter: ${describeIssues(parsed.issues)}`);

  const untilGiven = parsed.untilGiven;
  const { filter, matches } = streamFilters(parsed.filter, untilGiven, now, deps.settings.streamMaxBackfill);
  // Prefect reads (and ignores) whatever the client sends after the filter; so do we.
  inbox.onMessage(() => {});
  if (socket.readyState !== socket.OPEN) return;

  const subscription = new LiveSubscription({
    workspaceId: context.workspaceId,
    backfillFilter: filter,
    // Prefect: `message.get("backfill", True)`, read for truthiness.
    backfill: 'backfill' in message ? pythonTruthy(message.backfill) : true,
    matches,
    events: deps.storage.events,
    distributor,
    channel: wsFrameChannel(socket),
    pageSize: deps.settings.streamBackfillPageSize,
    bufferLimit: deps.settings.streamSubscriberBuffer,
    clock: deps.clock,
    logger: deps.logger,
    // Herald extension: `"notices": true` in the filter message asks for `dropped` notices when the
    // subscriber falls behind (Herald's SDK does). Other clients — Prefect's reads every message as
    // an event — are closed instead, and reconnect + backfill from where they stopped ([compat D10.21]).
    onFellBehind: pythonTruthy(message.notices)
      ? undefined
      : (since) => closeWith(socket, TRY_AGAIN_LATER, `Subscriber fell behind at ${since}; reconnect to resume`),
    onFailure: () => closeWith(socket, INTERNAL_ERROR, 'Backfill failed'),
  });
  socket.on('close', () => subscription.close());
  await subscription.start();
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function describeIssues(issues: { loc: (string | number)[]; msg: string }[]): string {
  return issues.map((i) => (i.loc.length > 0 ? `${i.loc.join('.')}: ${i.msg}` : i.msg)).join('; ');
}

function pythonTruthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && v !== null) return Object.keys(v).length > 0;
  return Boolean(v);
}

function closeWith(socket: WebSocket, code: number, reason: string): void {
  if (socket.readyState === socket.CLOSED || socket.readyState === socket.CLOSING) return;
  socket.close(code, truncateUtf8(reason, MAX_CLOSE_REASON_BYTES));
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = text.slice(0, maxBytes);
  while (Buffer.byteLength(out) > maxBytes) out = out.slice(0, -1);
  return out;
}
