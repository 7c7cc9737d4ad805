// EventsWorker: sends events over one WebSocket (`/api/events/in?acks=1`) in the background and
// keeps each one until the server acknowledges that it is durably stored.
//
// Where Prefect's worker ([compat S8.2]–[compat S8.3], [compat D10.23]) has an unbounded queue and only
// ping-based checkpoints, this one keeps every event until its own ack arrives, bounds the queue
// (`maxQueue`), and after any reconnect resends everything unacknowledged — safe because the server
// stores an id once (duplicates are acked as `duplicate`). Delivery is therefore at-least-once on the
// wire and exactly-once in storage.
//
// Node entry only: it is an EventEmitter, drains itself at process exit and relies on `ws` for
// write callbacks, corking and ref/unref.

import { EventEmitter } from 'node:events';
import { type BackoffOptions, type ReconnectNotice, backoffDelay } from './backoff.js';
import { type EventInput, type EventLimits, type PreparedEvent, defaultEventLimits, prepareEvent } from './build-event.js';
import { type Clock, type TimerHandle, systemClock } from './clock.js';
import { HeraldSdkError, describeValidationDetail } from './errors.js';
import { installExitFlush } from './exit-flush.js';
import { type PendingEvent, PendingLedger } from './pending-ledger.js';
import { type PrefectSocket, openPrefectSocket } from './prefect-socket.js';
import type { Event } from './wire-types.js';
import { wsTransport } from './ws-transport.js';

export interface EventsWorkerOptions {
  /** Server base URL, e.g. `http://127.0.0.1:4200`. */
  url: string;
  apiKey?: string;
  /**
   * Most events held unacknowledged (queued + in flight), default 10,000. When full, `send()` throws
   * HERALD_SDK_QUEUE_FULL and `sendWithBackpressure()` waits for room — memory stays bounded
   * however long the server is away (Prefect's queue is unbounded, [compat D10.23]).
   */
  maxQueue?: number;
  /** Frames written per burst before waiting for the socket to take them (default 500). */
  batchMax?: number;
  /** Time source for reconnect delays and timeouts (tests pass a FakeClock). */
  clock?: Clock;
  reconnect?: BackoffOptions;
  /** Connect + handshake timeout (default 10 s). */
  connectTimeoutMs?: number;
  limits?: Partial<EventLimits>;
  /**
   * Receives every error the worker cannot throw at a caller: events the server rejected
   * (HERALD_SDK_EVENT_REJECTED, with `event` and the server's `detail`), a refused API key, events
   * lost when the process exited before they were acknowledged. Without it (and without a
   * `rejected` listener) errors become process warnings — never silent.
   */
  onError?: (err: HeraldSdkError) => void;
  /** On `beforeExit`, wait for unacknowledged events (default true), at most `exitFlushTimeoutMs` (5 s). */
  flushOnExit?: boolean;
  exitFlushTimeoutMs?: number;
}

export interface AckNotice {
  id: string;
  status: 'accepted' | 'duplicate';
}

export interface DeferredNotice {
  id: string;
  /** The server's reason, e.g. HERALD_ERR_OVERLOADED. */
  code: string;
  /** The event is sent again after this long. */
  retryInMs: number;
}

export interface EventsWorkerEvents {
  connected: [];
  deferred: [DeferredNotice];
  disconnected: [{ code: number; reason: string }];
  reconnecting: [ReconnectNotice];
  ack: [AckNotice];
  rejected: [HeraldSdkError];
}

/**
 * idle: no connection and nothing to send (connects on the next send); connecting; connected;
 * waiting: a reconnect is scheduled (see the `reconnecting` event); closed.
 */
export type EventsWorkerState = 'idle' | 'connecting' | 'connected' | 'waiting' | 'closed';
type State = EventsWorkerState;

/** Server error codes meaning "not stored, try again later" rather than "this event is wrong". */
const RETRYABLE_CODES = new Set(['HERALD_ERR_OVERLOADED', 'HERALD_ERR_SHUTTING_DOWN', 'HERALD_ERR_STORAGE']);

export class EventsWorker extends EventEmitter<EventsWorkerEvents> {
  readonly #url: string;
  readonly #apiKey: string | undefined;
  readonly #batchMax: number;
  readonly #clock: Clock;
  readonly #reconnect: BackoffOptions;
  readonly #connectTimeoutMs: number;
  readonly #limits: EventLimits;
  readonly #onError: ((err: HeraldSdkError) => void) | undefined;

  readonly #pending: PendingLedger;
  /** Events still to be written on the current connection; `#outboxHead` avoids O(n) shifts. */
  #outbox: PendingEvent[] = [];
  #outboxHead = 0;
  #frameIds = new Map<number, string>();
  #framesSent = 0;
  #writing = false;

  #state: State = 'idle';
  #closing = false;
  #connection: PrefectSocket | undefined;
  #attempt = 0;
  #retryTimer: TimerHandle | undefined;
  #closePromise: Promise<void> | undefined;
  #uninstallExitFlush: () => void = () => {};

  constructor(options: EventsWorkerOptions) {
    super();
    this.#url = options.url;
    this.#apiKey = options.apiKey || undefined;
    this.#pending = new PendingLedger(options.maxQueue ?? 10_000);
    this.#batchMax = options.batchMax ?? 500;
    this.#clock = options.clock ?? systemClock;
    this.#reconnect = options.reconnect ?? {};
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#limits = { ...defaultEventLimits, ...options.limits };
    this.#onError = options.onError;
    if (options.flushOnExit ?? true) {
      this.#uninstallExitFlush = installExitFlush(
        {
          pendingCount: () => this.#pending.size,
          flush: () => this.flush(),
          destroy: () => this.destroy().length,
          report: (err) => this.#report(err),
        },
        this.#clock,
        options.exitFlushTimeoutMs ?? 5000,
      );
    }
  }

  /** Unacknowledged events (queued or in flight). */
  get pendingCount(): number {
    return this.#pending.size;
  }

  get state(): EventsWorkerState {
    return this.#state;
  }

  /**
   * Queues one event and returns it (with its id) at once; delivery happens in the background.
   * Throws HERALD_SDK_INVALID_EVENT for a bad event, HERALD_SDK_QUEUE_FULL when `maxQueue` events are
   * unacknowledged, HERALD_SDK_WORKER_CLOSED after close(). Sending an id that is still pending is
   * a no-op (it is already on its way).
   */
  send(input: EventInput): Event {
    this.#assertOpen();
    if (this.#pending.full) throw this.#queueFull();
    return this.#enqueue(prepareEvent(input, this.#clock.now(), this.#limits));
  }

  /** Like send(), but waits for room instead of throwing when the queue is full. */
  async sendWithBackpressure(input: EventInput): Promise<Event> {
    this.#assertOpen();
    // Validated (and stamped) before waiting, so a bad event fails at once, not after the queue drains.
    const prepared = prepareEvent(input, this.#clock.now(), this.#limits);
    // Another sender may take the room first: check again after every wake-up.
    while (this.#pending.full) {
      await this.#pending.room();
      this.#assertOpen();
    }
    return this.#enqueue(prepared);
  }

  #enqueue(prepared: PreparedEvent): Event {
    const pending = this.#pending.add(prepared);
    if (!pending) return prepared.event;
    this.#outbox.push(pending);
    if (this.#pending.size === 1) this.#updateKeepAlive();
    if (this.#state === 'idle') this.#connect();
    else if (this.#state === 'connected') this.#scheduleWrite();
    return prepared.event;
  }

  #queueFull(): HeraldSdkError {
    return new HeraldSdkError(
      'HERALD_SDK_QUEUE_FULL',
      `EventsWorker queue is full: ${this.#pending.size} events are waiting for the server's ack (maxQueue ${this.#pending.maxQueue}); ` +
        'use sendWithBackpressure() to wait for room, or raise maxQueue',
      { undelivered: this.#pending.size },
    );
  }

  /**
   * Resolves when every event sent before this call is acknowledged by the server (stored, stored
   * before, or rejected — rejections go to onError). Across server restarts it keeps waiting; pass
   * `timeoutMs` to give up (HERALD_SDK_FLUSH_TIMEOUT, events stay queued).
   */
  flush(options: { timeoutMs?: number } = {}): Promise<void> {
    const flushed = this.#pending.flushed(this.#clock, options.timeoutMs);
    this.#updateKeepAlive();
    return flushed;
  }

  /**
   * Stops accepting events, flushes (see flush(); with `timeoutMs` gives up and drops what is left,
   * rejecting with HERALD_SDK_FLUSH_TIMEOUT), then closes the socket. Idempotent.
   */
  close(options: { timeoutMs?: number } = {}): Promise<void> {
    this.#closePromise ??= (async () => {
      this.#closing = true;
      try {
        await this.flush(options);
      } finally {
        this.destroy();
      }
    })();
    return this.#closePromise;
  }

  /** Closes at once without flushing; returns the events that were not acknowledged (pending flushes reject). */
  destroy(): Event[] {
    this.#closing = true;
    this.#state = 'closed';
    this.#retryTimer?.cancel();
    this.#uninstallExitFlush();
    const connection = this.#connection;
    this.#connection = undefined;
    connection?.socket.close(1000, 'client closing');
    this.#outbox = [];
    this.#outboxHead = 0;
    const count = this.#pending.size;
    return this.#pending.clear(
      new HeraldSdkError('HERALD_SDK_WORKER_CLOSED', `EventsWorker was destroyed with ${count} events unacknowledged`, {
        undelivered: count,
      }),
    );
  }

  #assertOpen(): void {
    if (this.#closing) throw new HeraldSdkError('HERALD_SDK_WORKER_CLOSED', 'EventsWorker is closed; create a new one to send more events');
  }

  #connect(): void {
    this.#state = 'connecting';
    openPrefectSocket({
      url: this.#url,
      path: '/events/in',
      query: { acks: '1' },
      apiKey: this.#apiKey,
      clock: this.#clock,
      timeoutMs: this.#connectTimeoutMs,
      transport: wsTransport,
    }).then(
      (connection) => this.#onConnected(connection),
      (err: HeraldSdkError) => {
        if (this.#state === 'closed') return;
        // A refused key will not fix itself by retrying faster; say so once per outage.
        if (err.code === 'HERALD_SDK_UNAUTHORIZED' && this.#attempt === 0) this.#report(err);
        this.#scheduleReconnect(err);
      },
    );
  }

  #onConnected(connection: PrefectSocket): void {
    if (this.#state === 'closed') {
      connection.socket.close(1000, 'client closing');
      return;
    }
    this.#connection = connection;
    this.#state = 'connected';
    this.#attempt = 0;
    this.#frameIds.clear();
    this.#framesSent = 0;
    // Everything unacknowledged goes again, in the original order (the old connection's frames may
    // or may not have been stored; the server de-dups by id).
    this.#outbox = this.#pending.events();
    this.#outboxHead = 0;
    connection.onMessage((message) => this.#onMessage(message));
    connection.onClose((code, reason) => this.#onClose(connection, code, reason));
    this.#updateKeepAlive();
    this.emit('connected');
    this.#scheduleWrite();
  }

  #onClose(connection: PrefectSocket, code: number, reason: string): void {
    if (this.#connection !== connection) return;
    this.#connection = undefined;
    this.#writing = false;
    if (this.#state === 'closed') return;
    this.emit('disconnected', { code, reason });
    // Idle workers reconnect lazily on the next send; busy ones retry with backoff.
    if (this.#pending.size === 0) this.#state = 'idle';
    else this.#scheduleReconnect();
  }

  #scheduleReconnect(error?: HeraldSdkError): void {
    this.#state = 'waiting';
    this.#attempt++;
    const delayMs = backoffDelay(this.#attempt, this.#reconnect);
    this.#retryTimer = this.#clock.setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.#state === 'waiting') this.#connect();
    }, delayMs);
    this.emit('reconnecting', { attempt: this.#attempt, delayMs, error });
  }

  #scheduleWrite(): void {
    if (this.#writing || this.#state !== 'connected') return;
    this.#writing = true;
    setImmediate(() => this.#writeBurst());
  }

  /**
   * Writes up to `batchMax` frames in one corked burst, then waits for ws to hand the last one to
   * the kernel before the next burst — so user-space buffers hold at most one burst.
   */
  #writeBurst(): void {
    const connection = this.#connection;
    if (!connection || this.#state !== 'connected') {
      this.#writing = false;
      return;
    }
    const burst: PendingEvent[] = [];
    while (this.#outboxHead < this.#outbox.length && burst.length < this.#batchMax) {
      const p = this.#outbox[this.#outboxHead++];
      if (this.#pending.get(p.event.id) === p) burst.push(p); // else acknowledged meanwhile
    }
    if (this.#outboxHead > 1024 && this.#outboxHead * 2 > this.#outbox.length) {
      this.#outbox = this.#outbox.slice(this.#outboxHead);
      this.#outboxHead = 0;
    }
    if (burst.length === 0) {
      this.#writing = false;
      return;
    }
    connection.socket.corked(() => {
      for (let i = 0; i < burst.length; i++) {
        const p = burst[i];
        p.frame = this.#framesSent++;
        this.#frameIds.set(p.frame, p.event.id);
        connection.socket.send(p.json, i === burst.length - 1 ? () => this.#afterBurst(connection) : undefined);
      }
    });
  }

  #afterBurst(connection: PrefectSocket): void {
    if (this.#connection !== connection) return;
    if (this.#outboxHead < this.#outbox.length) setImmediate(() => this.#writeBurst());
    else this.#writing = false;
  }

  #onMessage(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const m = message as { type?: string; id?: string; status?: string; code?: string; detail?: unknown; index?: number };
    if (m.type === 'ack' && typeof m.id === 'string') {
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#settle(p);
      if (m.status === 'accepted' || m.status === 'duplicate') this.emit('ack', { id: m.id, status: m.status });
      else this.#rejected(p, m.code ?? String(m.status), m.detail);
    } else if (m.type === 'error') {
      const id = typeof m.index === 'number' ? this.#frameIds.get(m.index) : undefined;
      const p = id === undefined ? undefined : this.#pending.get(id);
      if (!p) {
        this.#report(
          new HeraldSdkError(
            'HERALD_SDK_PROTOCOL',
            `Herald reported an error for an unknown frame ${m.index}: ${m.code} ${describeValidationDetail(m.detail)}`,
            { serverCode: m.code, detail: m.detail },
          ),
        );
        return;
      }
      if (m.code && RETRYABLE_CODES.has(m.code)) {
        this.#retryLater(p, m.code);
        return;
      }
      this.#settle(p);
      this.#rejected(p, m.code ?? 'unknown', m.detail);
    }
  }

  #rejected(p: PendingEvent, code: string, detail: unknown): void {
    const err = new HeraldSdkError(
      'HERALD_SDK_EVENT_REJECTED',
      `Herald rejected event ${p.event.id} ("${p.event.event}"): ${code}${detail ? ': ' + describeValidationDetail(detail) : ''}`,
      { serverCode: code, detail, event: p.event },
    );
    this.emit('rejected', err);
    this.#report(err, true);
  }

  /** The server could not take the event just now (overload, shutdown): resend it after a pause. */
  #retryLater(p: PendingEvent, code: string): void {
    this.#frameIds.delete(p.frame);
    p.frame = -1;
    const retryInMs = backoffDelay(3, this.#reconnect);
    this.#clock.setTimeout(() => {
      // Skip if acknowledged meanwhile, or already resent by a reconnect.
      if (this.#pending.get(p.event.id) !== p || p.frame !== -1) return;
      this.#outbox.push(p);
      this.#scheduleWrite();
    }, retryInMs);
    this.emit('deferred', { id: p.event.id, code, retryInMs });
  }

  #settle(p: PendingEvent): void {
    this.#frameIds.delete(p.frame);
    this.#pending.settle(p);
    if (this.#pending.size === 0) this.#updateKeepAlive();
  }

  /** An open socket keeps the process alive only while there is something to deliver. */
  #updateKeepAlive(): void {
    this.#connection?.socket.setKeepsProcessAlive(this.#pending.size > 0);
  }

  /** Errors nobody awaited go to onError; failing that to process warnings — never silently lost. */
  #report(err: HeraldSdkError, emittedAsRejected = false): void {
    if (this.#onError) this.#onError(err);
    else if (!(emittedAsRejected && this.listenerCount('rejected') > 0)) process.emitWarning(err.message, { code: err.code });
  }
}
