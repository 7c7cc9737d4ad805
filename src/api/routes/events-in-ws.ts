// WS /events/in — streaming ingestion ([compat S2.6]): Prefect's handshake (incl. legacy mode), then
// every text frame is one event.
//
// Improvements that keep Prefect's protocol:
//   - an invalid frame gets `{"type":"error","code":"HERALD_ERR_VALIDATION","detail":[issues],
//     "index":n}` and the connection stays open; frames before and after are stored ([compat D10.16], [compat D10.32]:
//     Prefect tears the socket down, and drops oversize events silently);
//   - frames go through the group-commit writer, so each is durable before anything is said about it;
//   - opt-in acks (`?acks=1` or `"acks": true` in the auth message): after each event is committed
//     `{"type":"ack","id":…,"status":"accepted"|"duplicate"}`. Never sent unasked: Prefect's Python
//     client does not read the socket and unread messages would eventually stall it ([compat S8.3]);
//   - a full writer queue, or a full admission budget (src/ingest/admission.ts, checked right after a
//     frame is parsed, before it is validated or queued) → `{"type":"error","code":"HERALD_ERR_OVERLOADED",…}`
//     for that frame.
// `index` counts event frames from 0, after the auth message.

import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { HeraldError, isHeraldError } from '../../errors.js';
import type { AdmissionTicket } from '../../ingest/admission.js';
import { eventLimitsFrom, issue, validateEvent, type ValidationIssue, validationError } from '../../events/index.js';
import { jsonDepthIssue } from '../../events/json-depth.js';
import type { Event } from '../../events/types.js';
import type { ServerDeps } from '../deps.js';
import { boundedIssues } from '../error-echo.js';
import { jsonFailureReason } from '../json-body.js';
import { acceptPrefectSocket, MessageInbox } from '../ws-handshake.js';
import { preAuthGate } from '../ws-preauth.js';
import * as R from '../schemas/events.js';

interface Frame {
  index: number;
  event: Event;
  /** Its share of the admission budget, released once it is durable or refused. */
  ticket: AdmissionTicket;
}

/**
 * The open /events/in sockets' not-yet-submitted frames. Graceful shutdown calls `flushAll()` before
 * the writer stops accepting, so a frame that arrived just before shutdown is written, not refused.
 */
export class EventsInSessions {
  readonly #flushers = new Set<() => void>();

  add(flush: () => void): () => void {
    this.#flushers.add(flush);
    return () => this.#flushers.delete(flush);
  }

  flushAll(): void {
    for (const flush of this.#flushers) flush();
  }
}

export async function eventsInWsRoutes(
  app: FastifyInstance,
  deps: Pick<ServerDeps, 'settings' | 'authenticator' | 'services' | 'logger' | 'admission' | 'clock'>,
  sessions: EventsInSessions = new EventsInSessions(),
): Promise<void> {
  const limits = eventLimitsFrom(deps.settings);
  const echo = { maxBytes: deps.settings.maxErrorEchoBytes, maxDepth: deps.settings.maxJsonDepth };
  const preAuth = preAuthGate(app.websocketServer, deps);

  app.get('/events/in', { websocket: true, schema: R.eventsInSocket }, async (socket: WebSocket, request) => {
    // Created before any await: a fast client may pipeline events right behind its auth message.
    const inbox = new MessageInbox(socket);

    let acks = truthy((request.query as Record<string, unknown> | undefined)?.acks);
    const context = await acceptPrefectSocket(socket, inbox, {
      authenticator: deps.authenticator,
      headers: request.headers,
      preAuth,
      onAuth: (message) => {
        if (message.acks === true) acks = true;
      },
    });
    if (!context) return;

    const send = (message: unknown) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    let nextIndex = 0;
    // Frames that arrived in the same turn of the event loop (ws emits every frame of one TCP read
    // synchronously) are handed to the writer together, as one entry, in frame order.
    let pending: Frame[] = [];

    const submit = () => {
      if (pending.length === 0) return;
      const frames = pending;
      pending = [];
      const release = () => {
        for (const frame of frames) frame.ticket.release();
      };
      deps.services.events
        .ingest(
          context,
          frames.map((f) => f.event),
        )
        .then(
          (result) => {
            release();
            if (!acks) return;
            const inserted = new Set(result.inserted);
            for (const { event } of frames) {
              // A repeated id within the group: the first is accepted, later ones are duplicates.
              const status = inserted.delete(event.id) ? 'accepted' : 'duplicate';
              send({ type: 'ack', id: event.id, status });
            }
          },
          (err: unknown) => {
            release();
            if (!isHeraldError(err)) deps.logger.error({ err }, 'ingest over WebSocket failed');
            const failure = isHeraldError(err) ? err : new HeraldError('HERALD_ERR_INTERNAL');
            const extra = isHeraldError(failure, 'HERALD_ERR_OVERLOADED') ? { retry_after: failure.params.retryAfter } : {};
            for (const { index, event } of frames)
              send({ type: 'error', code: failure.code, detail: failure.message, index, id: event.id, ...extra });
          },
        );
    };

    const removeSession = sessions.add(submit);
    socket.once('close', () => {
      // Frames already received are still written (submit runs on the next turn).
      setImmediate(removeSession);
    });

    inbox.onMessage((text) => {
      const index = nextIndex++;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        rejectFrame(index, [issue([], 'json_invalid', `Invalid JSON: ${jsonFailureReason(text)}`)]);
        return;
      }
      // Before validation: the validator (and the error message's own serialisation) recurse.
      const tooDeep = jsonDepthIssue(parsed, deps.settings.maxJsonDepth);
      if (tooDeep) {
        rejectFrame(index, [tooDeep]);
        return;
      }
      // Admitted after parsing (so the refusal can name the id) but before validation and queueing.
      const ticket = deps.admission.tryAdmit(Buffer.byteLength(text));
      if (!ticket) {
        const err = deps.admission.overloaded();
        const id = (parsed as { id?: unknown } | null)?.id;
        send({
          type: 'error',
          code: err.code,
          detail: err.message,
          index,
          ...(typeof id === 'string' ? { id } : {}),
          retry_after: err.params.retryAfter,
        });
        return;
      }
      ticket.start(); // the frame is complete: from here on it is the server's work
      const checked = validateEvent(parsed, limits);
      if (!checked.ok) {
        ticket.release();
        rejectFrame(index, checked.issues);
        return;
      }
      if (pending.length === 0) setImmediate(submit);
      pending.push({ index, event: checked.event, ticket });
    });

    function rejectFrame(index: number, issues: ValidationIssue[]) {
      // Issue inputs bounded like a 422's (error-echo.ts): an oversize frame is not echoed back whole.
      // A validation error's `detail` on this socket is its issue list (docs/server.md).
      const err = validationError(issues, null);
      send({ type: 'error', code: err.code, detail: boundedIssues(issues, echo), index });
    }
  });
}

function truthy(value: unknown): boolean {
  return value === '1' || value === 'true';
}
