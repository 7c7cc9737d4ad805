// One live subscriber of WS /events/out: backfill from storage, then live events, with no gap and no
// duplicate ([compat S2.7] steps 3–6).
//
// Order of operations is what makes it gap-free: the subscriber joins the distributor FIRST, then
// pages through storage. Anything committed before joining is in storage (the bus publishes only
// after commit); anything committed after joining arrives live. The overlap — committed after
// joining but also seen by a backfill page — is removed by remembering the ids the backfill sent.
// Live events that arrive while backfilling wait in a queue that counts against the same bound as
// the socket buffer ([compat D10.21], see outbound.ts).

import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../clock.js';
import type { EventFilter, ReceivedEvent, Timestamp } from '../events/types.js';
import type { EventStore, PageCursor } from '../storage/storage.js';
import type { Distributor } from './distributor.js';
import { BoundedOutbound, type FrameChannel } from './outbound.js';

/**
 * How long backfilled ids are remembered once the backfill is done. A batch can be committed (and so
 * seen by a backfill page) a moment before the bus hands it to us; after this much time any such
 * batch has long been delivered, and the id set — possibly large — is released.
 */
export const BACKFILL_DEDUPE_GRACE_MS = 60_000;

export interface SubscriptionOptions {
  workspaceId: string;
  /** Backfill query (order ASC, `since` already clamped). */
  backfillFilter: EventFilter;
  /** Whether to backfill at all (`"backfill": false` skips it). */
  backfill: boolean;
  /** Predicate for live events ([compat D10.1]/[compat D10.2]: full filter incl. `related`, open-ended `until` if omitted). */
  matches: (event: ReceivedEvent) => boolean;
  events: EventStore;
  distributor: Distributor;
  channel: FrameChannel;
  pageSize: number;
  bufferLimit: number;
  clock: Clock;
  logger?: Pick<Logger, 'error'>;
  /**
   * Called, once, when the subscriber falls behind, for clients that cannot take a `dropped` notice:
   * the caller closes the socket (see outbound.ts). Without it, the subscriber gets notices.
   */
  onFellBehind?: (since: Timestamp) => void;
  /** Called when the backfill fails (storage error): the caller closes the socket. */
  onFailure?: (err: unknown) => void;
}

export class LiveSubscription {
  readonly #opts: SubscriptionOptions;
  readonly #out: BoundedOutbound;
  #phase: 'idle' | 'backfill' | 'live' | 'closed' = 'idle';
  /** Live events that arrived during backfill, in arrival order. */
  #pending: ReceivedEvent[] = [];
  #sentByBackfill: Set<string> | null = null;
  #forgetTimer: TimerHandle | null = null;
  #leave: (() => void) | null = null;

  constructor(opts: SubscriptionOptions) {
    this.#opts = opts;
    this.#out = new BoundedOutbound(opts.channel, opts.bufferLimit, opts.onFellBehind);
  }

  /** Joins the live feed, then backfills; resolves when the backfill is done (live continues). */
  async start(): Promise<void> {
    if (this.#phase !== 'idle') return;
    this.#phase = this.#opts.backfill ? 'backfill' : 'live';
    this.#leave = this.#opts.distributor.add({
      workspaceId: this.#opts.workspaceId,
      matches: this.#opts.matches,
      deliver: (events) => this.#deliver(events),
    });
    if (!this.#opts.backfill) return;
    this.#sentByBackfill = new Set();
    try {
      await this.#backfill();
    } catch (err) {
      if (this.closed) return;
      this.#opts.logger?.error({ err }, '/events/out backfill failed');
      this.close();
      this.#opts.onFailure?.(err);
      return;
    }
    if (this.closed) return;
    this.#goLive();
  }

  /** A getter, so TypeScript does not narrow the phase across awaits. */
  get closed(): boolean {
    return this.#phase === 'closed';
  }

  close(): void {
    if (this.closed) return;
    this.#phase = 'closed';
    this.#leave?.();
    this.#forgetTimer?.cancel();
    this.#out.close();
    this.#pending = [];
    this.#sentByBackfill = null;
  }

  async #backfill(): Promise<void> {
    const { events, workspaceId, backfillFilter, pageSize } = this.#opts;
    const sent = this.#sentByBackfill!;
    let after: PageCursor | undefined;
    for (;;) {
      // Pull-based, so backfill never drops: it waits for the socket to drain instead.
      await this.#out.whenRoom();
      if (this.closed) return;
      const page = await events.queryEvents(workspaceId, { filter: backfillFilter, limit: pageSize, after });
      if (this.closed) return;
      this.#out.batch(() => {
        for (const event of page) {
          sent.add(event.id);
          this.#out.send(event);
        }
      });
      if (page.length < pageSize) return;
      const last = page[page.length - 1];
      after = { occurred: last.occurred, id: last.id };
    }
  }

  #goLive(): void {
    this.#phase = 'live';
    const pending = this.#pending;
    this.#pending = [];
    const sent = this.#sentByBackfill;
    this.#out.batch(() => {
      for (const event of pending) {
        if (sent?.has(event.id)) continue;
        // Admitted when queued (pending counted against the bound), so sent now without a new check.
        this.#out.send(event);
      }
    });
    this.#forgetTimer = this.#opts.clock.setTimeout(() => {
      this.#sentByBackfill = null;
    }, BACKFILL_DEDUPE_GRACE_MS);
  }

  #deliver(events: ReceivedEvent[]): void {
    if (this.closed) return;
    this.#out.batch(() => this.#admit(events));
  }

  #admit(events: ReceivedEvent[]): void {
    const sent = this.#sentByBackfill;
    for (const event of events) {
      if (sent?.has(event.id)) continue;
      if (this.#phase === 'backfill') {
        if (this.#out.falling || this.#out.room(this.#pending.length) <= 0) this.#out.offer(event, this.#pending.length);
        else this.#pending.push(event);
      } else {
        this.#out.offer(event);
      }
    }
  }
}
