// The EventsWorker's book of unacknowledged events, and the callers waiting on it: flush() waits
// for everything sent before it to be settled, sendWithBackpressure() waits for room below
// `maxQueue`. Kept apart from the worker, which deals with the socket.

import type { Event } from './wire-types.js';
import type { PreparedEvent } from './build-event.js';
import type { Clock, TimerHandle } from './clock.js';
import { HeraldSdkError } from './errors.js';

export interface PendingEvent {
  event: Event;
  json: string;
  /** Order of sends; flush() waits for every seq up to the one current when it was called. */
  seq: number;
  /** Frame number on the current connection (the server's error frames refer to it), -1 if unsent. */
  frame: number;
}

interface FlushWaiter {
  seq: number;
  resolve(): void;
  reject(err: Error): void;
}

export class PendingLedger {
  readonly maxQueue: number;
  /** Every unacknowledged event, in send order (a Map keeps insertion order). */
  readonly #pending = new Map<string, PendingEvent>();
  #lastSeq = 0;
  #flushWaiters: FlushWaiter[] = [];
  #roomWaiters: Array<(err?: Error) => void> = [];

  constructor(maxQueue: number) {
    this.maxQueue = maxQueue;
  }

  get size(): number {
    return this.#pending.size;
  }

  get full(): boolean {
    return this.#pending.size >= this.maxQueue;
  }

  get(id: string): PendingEvent | undefined {
    return this.#pending.get(id);
  }

  /** All unacknowledged events, oldest first. */
  events(): PendingEvent[] {
    return [...this.#pending.values()];
  }

  /** Records a new event; returns undefined when that id is already pending (it is on its way). */
  add({ event, json }: PreparedEvent): PendingEvent | undefined {
    if (this.#pending.has(event.id)) return undefined;
    const pending: PendingEvent = { event, json, seq: ++this.#lastSeq, frame: -1 };
    this.#pending.set(event.id, pending);
    return pending;
  }

  /** The event is done with (stored, duplicate or rejected): wake whoever waited for it. */
  settle(p: PendingEvent): void {
    if (this.#pending.get(p.event.id) !== p) return;
    this.#pending.delete(p.event.id);
    const lowest = this.#lowestSeq();
    if (this.#flushWaiters.length > 0 && this.#flushWaiters[0].seq < lowest) {
      const done = this.#flushWaiters.filter((w) => w.seq < lowest);
      this.#flushWaiters = this.#flushWaiters.filter((w) => w.seq >= lowest);
      for (const w of done) w.resolve();
    }
    while (this.#roomWaiters.length > 0 && !this.full) this.#roomWaiters.shift()!();
  }

  /** Resolves when the queue has room (rejects if the ledger is cleared meanwhile). */
  room(): Promise<void> {
    if (!this.full) return Promise.resolve();
    return new Promise((resolve, reject) => this.#roomWaiters.push((err) => (err ? reject(err) : resolve())));
  }

  /** Resolves when everything added so far is settled; rejects with HERALD_SDK_FLUSH_TIMEOUT after `timeoutMs`. */
  flushed(clock: Clock, timeoutMs?: number): Promise<void> {
    const seq = this.#lastSeq;
    if (this.#lowestSeq() > seq) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let timer: TimerHandle | undefined;
      const waiter: FlushWaiter = {
        seq,
        resolve: () => {
          timer?.cancel();
          resolve();
        },
        reject: (err) => {
          timer?.cancel();
          reject(err);
        },
      };
      this.#flushWaiters.push(waiter);
      if (timeoutMs !== undefined) {
        timer = clock.setTimeout(() => {
          this.#flushWaiters = this.#flushWaiters.filter((w) => w !== waiter);
          const undelivered = this.events().filter((p) => p.seq <= seq).length;
          reject(
            new HeraldSdkError(
              'HERALD_SDK_FLUSH_TIMEOUT',
              `flush() timed out after ${timeoutMs} ms with ${undelivered} events unacknowledged`,
              { undelivered },
            ),
          );
        }, timeoutMs);
      }
    });
  }

  /** Forgets everything; waiting callers are rejected with `err`. Returns what was pending. */
  clear(err: Error): Event[] {
    const events = this.events().map((p) => p.event);
    this.#pending.clear();
    for (const wake of this.#roomWaiters.splice(0)) wake(err);
    for (const w of this.#flushWaiters.splice(0)) w.reject(err);
    return events;
  }

  #lowestSeq(): number {
    const first = this.#pending.values().next();
    return first.done ? Infinity : first.value.seq;
  }
}
