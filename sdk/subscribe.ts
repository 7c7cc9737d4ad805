// subscribe(): events matching a filter over `WS /api/events/out`, as an async iterator —
// backfill first, then live ([compat S2.7], [compat S8.4]).
//
// Resilience, beyond Prefect's subscriber:
// - abnormal close → reconnect with backoff, resuming from the last seen `occurred` minus
//   `resumeOverlapMs`, and de-duplicating by id so the overlap is never yielded twice;
// - `{"type":"dropped","count","since"}` (the server shed events because we were slow) → we call
//   `onDropped` and, unless `recoverDropped: false`, re-query `/events/filter` from `since` and
//   yield what was missed (de-duplicated) before continuing with live events. Chosen over
//   "reconnect from since" because the query API is not limited to the 15-minute backfill window;
// - a slow consumer pauses the socket (TCP back-pressure) once `bufferSize` events are waiting,
//   instead of buffering without bound (Node; a browser WebSocket cannot be paused).
//
// Shared by both entries: the WebSocket comes from the transport each entry passes in.

import { type BackoffOptions, type ReconnectNotice, backoffDelay } from './backoff.js';
import { type Clock, type TimerHandle, awaitedClock } from './clock.js';
import { HeraldSdkError } from './errors.js';
import { HeraldClient } from './http-client.js';
import { type PrefectSocket, openPrefectSocket } from './prefect-socket.js';
import { parseTimestamp, toTimestamp } from './timestamps.js';
import type { SocketTransport } from './transport.js';
import type { EventFilterInput, ReceivedEvent } from './wire-types.js';

export interface DroppedNotice {
  type: 'dropped';
  /** Events the server could not deliver to this subscriber. */
  count: number;
  /** `occurred` of the first dropped event: everything from here on may be missing. */
  since: string;
  [key: string]: unknown;
}

export interface SubscribeOptions {
  /** Server base URL, e.g. `http://127.0.0.1:4200`. */
  url: string;
  apiKey?: string;
  /** Replay stored events from `filter.occurred.since` first (default true; the server caps it at 15 min back). */
  backfill?: boolean;
  clock?: Clock;
  reconnect?: BackoffOptions;
  /** Consecutive failed reconnects before the iterator throws (default: never give up). */
  maxReconnectAttempts?: number;
  /** How far before the last seen event a resumed subscription starts (default 60 s, like Prefect). */
  resumeOverlapMs?: number;
  /** Called for each `dropped` notice from the server. */
  onDropped?: (notice: DroppedNotice) => void;
  /** Re-query `/events/filter` to fill the gap a `dropped` notice reports (default true). */
  recoverDropped?: boolean;
  onConnected?: () => void;
  onReconnecting?: (notice: ReconnectNotice) => void;
  /** Events held for a slow consumer before the socket is paused (default 1000). */
  bufferSize?: number;
  connectTimeoutMs?: number;
  fetch?: typeof fetch;
}

const ONE_YEAR_MS = 365 * 86_400_000;

/**
 * A subscription; iterate it with `for await`, stop it with `close()` or `break`. Each entry's
 * `subscribe()` creates one with its own transport.
 */
export class EventSubscription implements AsyncIterableIterator<ReceivedEvent> {
  /** Resolves when the first connection is up and the filter is sent; rejects if it cannot be made. */
  readonly ready: Promise<void>;

  readonly #filter: EventFilterInput;
  readonly #options: SubscribeOptions;
  readonly #clock: Clock;
  readonly #overlapMs: number;
  readonly #bufferSize: number;
  readonly #transport: SocketTransport;

  #queue: ReceivedEvent[] = [];
  /** Callers of next() waiting for an event, oldest first. */
  #waiters: { resolve(r: IteratorResult<ReceivedEvent>): void; reject(err: Error): void }[] = [];
  #failure: Error | undefined;
  #ended = false;

  #connection: PrefectSocket | undefined;
  #retryTimer: TimerHandle | undefined;
  #attempt = 0;
  /** A reconnect always backfills (from just before the last event seen), whatever `backfill` said. */
  #connectedBefore = false;
  /** Serialises message handling: a dropped-notice re-query must finish before later events are queued. */
  #chain: Promise<void> = Promise.resolve();

  #lastOccurred: string | undefined;
  #seen = new Map<string, string>();
  #pruneAt = 10_000;

  constructor(filter: EventFilterInput, options: SubscribeOptions, transport: SocketTransport) {
    this.#filter = filter;
    this.#transport = transport;
    this.#options = options;
    this.#clock = options.clock ?? awaitedClock;
    this.#overlapMs = options.resumeOverlapMs ?? 60_000;
    this.#bufferSize = options.bufferSize ?? 1000;
    this.ready = this.#connect();
    // The failure also surfaces from next(); don't let an un-awaited `ready` crash the process.
    this.ready.catch(() => {});
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ReceivedEvent>> {
    const event = this.#queue.shift();
    if (event) {
      if (this.#queue.length <= this.#bufferSize / 2 && this.#connection?.socket.isPaused) this.#connection.socket.resume();
      return Promise.resolve({ value: event, done: false });
    }
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
    });
  }

  async return(): Promise<IteratorResult<ReceivedEvent>> {
    await this.close();
    return { value: undefined, done: true };
  }

  /** Ends the subscription; a pending next() resolves as done. */
  async close(): Promise<void> {
    this.#end();
  }

  #end(failure?: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#failure = failure;
    this.#retryTimer?.cancel();
    const connection = this.#connection;
    this.#connection = undefined;
    connection?.socket.close(1000, 'subscriber closing');
    for (const waiter of this.#waiters.splice(0)) {
      if (failure) waiter.reject(failure);
      else waiter.resolve({ value: undefined, done: true });
    }
  }

  async #connect(): Promise<void> {
    const resuming = this.#connectedBefore;
    let connection: PrefectSocket;
    try {
      connection = await openPrefectSocket({
        url: this.#options.url,
        path: '/events/out',
        apiKey: this.#options.apiKey,
        clock: this.#clock,
        timeoutMs: this.#options.connectTimeoutMs,
        transport: this.#transport,
      });
    } catch (err) {
      const error = err as HeraldSdkError;
      // Fail fast when the very first connection (or the key) is wrong; ride out later outages.
      if (!resuming && this.#attempt === 0) {
        this.#end(error);
        throw error;
      }
      if (error.code === 'HERALD_SDK_UNAUTHORIZED') this.#end(error);
      else this.#scheduleReconnect(error);
      return;
    }
    if (this.#ended) {
      connection.socket.close(1000, 'subscriber closing');
      return;
    }
    this.#connection = connection;
    connection.onMessage((message) => {
      this.#chain = this.#chain.then(() => this.#onMessage(message)).catch((err: Error) => this.#end(err));
    });
    connection.onClose((code, reason) => this.#onClose(connection, code, reason));
    connection.socket.send(
      JSON.stringify({ type: 'filter', filter: this.#wireFilter(), backfill: resuming || (this.#options.backfill ?? true), notices: true }),
    );
    this.#attempt = 0;
    this.#connectedBefore = true;
    this.#options.onConnected?.();
  }

  /**
   * The filter as sent: `until` defaults to a year ahead because Prefect servers otherwise stop the
   * live stream at "now" ([compat D10.2]; Herald treats a missing `until` as open-ended anyway), and a resumed
   * subscription starts shortly before the last event it saw.
   */
  #wireFilter(): EventFilterInput {
    const now = this.#clock.now();
    const given = this.#filter.occurred ?? {};
    let since = given.since ?? toTimestamp(now - this.#overlapMs);
    if (this.#lastOccurred !== undefined) {
      const resumeFrom = toTimestamp(parseTimestamp(this.#lastOccurred) - this.#overlapMs);
      if (parseTimestamp(resumeFrom) > parseTimestamp(since)) since = resumeFrom;
    }
    return { ...this.#filter, occurred: { since, until: given.until ?? toTimestamp(now + ONE_YEAR_MS) } };
  }

  #onClose(connection: PrefectSocket, code: number, reason: string): void {
    if (this.#connection !== connection) return;
    this.#connection = undefined;
    if (this.#ended) return;
    if (code === 1000) {
      this.#end(); // the server ended the stream on purpose (Prefect: clean close ends iteration)
      return;
    }
    if (code === 1002 || code === 1008) {
      // Our filter or key was refused: reconnecting would be refused again.
      const what = code === 1008 ? 'HERALD_SDK_UNAUTHORIZED' : 'HERALD_SDK_PROTOCOL';
      this.#end(new HeraldSdkError(what, `Herald closed the subscription: ${reason || code}`));
      return;
    }
    this.#scheduleReconnect();
  }

  #scheduleReconnect(error?: HeraldSdkError): void {
    this.#attempt++;
    const max = this.#options.maxReconnectAttempts ?? Infinity;
    if (this.#attempt > max) {
      this.#end(error ?? new HeraldSdkError('HERALD_SDK_UNREACHABLE', `Subscription lost; gave up after ${max} reconnect attempts`));
      return;
    }
    const delayMs = backoffDelay(this.#attempt, this.#options.reconnect);
    this.#retryTimer = this.#clock.setTimeout(() => {
      this.#retryTimer = undefined;
      if (!this.#ended) void this.#connect();
    }, delayMs);
    this.#options.onReconnecting?.({ attempt: this.#attempt, delayMs, error });
  }

  async #onMessage(message: unknown): Promise<void> {
    if (this.#ended || typeof message !== 'object' || message === null) return;
    const m = message as { type?: string; event?: ReceivedEvent };
    if (m.type === 'event' && m.event) this.#deliver(m.event);
    else if (m.type === 'dropped') await this.#onDropped(message as DroppedNotice);
  }

  async #onDropped(notice: DroppedNotice): Promise<void> {
    this.#options.onDropped?.(notice);
    if (this.#options.recoverDropped === false) return;
    const client = new HeraldClient({
      url: this.#options.url,
      apiKey: this.#options.apiKey,
      fetch: this.#options.fetch,
      clock: this.#clock,
    });
    const until = this.#filter.occurred?.until ?? toTimestamp(this.#clock.now());
    const missed = client.queryEvents({ ...this.#filter, occurred: { since: notice.since, until }, order: 'ASC' });
    // Hold live frames in the kernel while we catch up, rather than in an ever-longer #chain.
    const connection = this.#connection;
    connection?.socket.pause();
    try {
      for await (const event of missed) this.#deliver(event);
    } finally {
      if (connection && this.#queue.length < this.#bufferSize) connection.socket.resume();
    }
  }

  #deliver(event: ReceivedEvent): void {
    if (this.#seen.has(event.id)) return;
    this.#seen.set(event.id, event.occurred);
    if (this.#lastOccurred === undefined || parseTimestamp(event.occurred) > parseTimestamp(this.#lastOccurred))
      this.#lastOccurred = event.occurred;
    this.#pruneSeen();
    const waiter = this.#waiters.shift();
    if (waiter) {
      waiter.resolve({ value: event, done: false });
      return;
    }
    this.#queue.push(event);
    if (this.#queue.length >= this.#bufferSize) this.#connection?.socket.pause();
  }

  /** Ids only need remembering while a resume could replay them (the overlap window, with margin). */
  #pruneSeen(): void {
    if (this.#seen.size < this.#pruneAt || this.#lastOccurred === undefined) return;
    const horizon = parseTimestamp(this.#lastOccurred) - 2 * this.#overlapMs;
    for (const [id, occurred] of this.#seen) if (parseTimestamp(occurred) < horizon) this.#seen.delete(id);
    this.#pruneAt = Math.max(10_000, this.#seen.size * 2);
  }
}
