// The group-commit writer: every ingest path (POST /events, WS /events/in, internal emitters) hands
// its validated events here, and concurrent callers share transactions.
//
// Why: on 2 cores a commit costs ~0.3 ms (SQLite) to ~2 ms (PostgreSQL fsync); one transaction per
// event caps ingest at a few thousand events/s ([arch write-throughput]). Batching N events into one
// `insertEvents` amortises the commit, and each caller still waits for *its* commit — so a 2xx
// means durable ([arch I2]), unlike Prefect's persister, which acknowledges before
// writing and drops batches after 5 failed flushes ([compat D10.20]).
//
// Policy: a batch is written when `maxBatch` events are queued, or `maxDelay` ms after the oldest
// queued event arrived (timer on the injected Clock). By default one write is in flight at a time,
// which keeps commits in arrival order (a socket's frames are stored and acked in frame order);
// events that arrive meanwhile form the next batch, so under load batches grow by themselves and
// latency stays ≈ one write. `maxConcurrentWrites` > 1 hands batches over before the previous one
// commits: the SQLite writer thread takes them in order and commits those waiting together
// (the store's `writesInFlight`); PostgreSQL could use idle pool connections (~20% more here) at
// the price of that ordering across batches. Callers' entries are never split across batches, so
// one caller gets one outcome.

import type { Logger } from 'pino';
import type { Bus } from '../bus/bus.js';
import type { Clock, TimerHandle } from '../clock.js';
import { HeraldError, isHeraldError } from '../errors.js';
import { nowTimestamp, receive } from '../events/index.js';
import type { Event, ReceivedEvent } from '../events/types.js';
import type { HeraldMetrics } from '../metrics.js';
import type { Ingestor } from './ingestor.js';
import type { EventStore, InsertResult } from '../storage/storage.js';
import { DedupeCache } from './dedupe-cache.js';

export interface GroupCommitWriterOptions {
  events: EventStore;
  bus: Bus;
  clock: Clock;
  logger?: Pick<Logger, 'error' | 'warn' | 'debug'>;
  metrics?: HeraldMetrics;
  /** Most events written in one transaction (a single larger caller is written alone). */
  maxBatch: number;
  /** Longest the oldest queued event waits for its batch to fill, in ms. */
  maxDelay: number;
  /** Events accepted but not committed beyond which ingest answers HERALD_ERR_OVERLOADED. */
  queueMax: number;
  /** Recently stored ids remembered in front of the unique key (0 = off). */
  dedupeCacheSize: number;
  /**
   * Batches handed to storage at the same time (default 1): the SQLite writer thread's
   * `writesInFlight`, which keeps them in order. Inline SQLite writes are synchronous, so more
   * cannot help there.
   */
  maxConcurrentWrites?: number;
}

interface Entry {
  workspaceId: string;
  /** Events to write, already stamped; none repeats another of this entry or a cached id. */
  events: ReceivedEvent[];
  /** Ids answered as duplicates before reaching storage (cache hits, repeats within the call). */
  knownDuplicates: string[];
  enqueuedAt: number;
  /** Counted out of `depth` (its caller is about to hear back). */
  settled?: boolean;
  resolve(result: InsertResult): void;
  reject(err: unknown): void;
}

export class GroupCommitWriter implements Ingestor {
  readonly #opts: GroupCommitWriterOptions;
  readonly #cache: DedupeCache;
  #queue: Entry[] = [];
  #queuedEvents = 0;
  #inFlightEvents = 0;
  /** Writes in flight; `#idle` resolves waiters (drain) whenever one ends. */
  #writes = new Set<Promise<void>>();
  #flushScheduled = false;
  #timer: TimerHandle | null = null;
  /** The oldest queued event has waited `maxDelay`: write as soon as the current write ends. */
  #due = false;
  #draining = false;
  /** Seconds one event costs to write, smoothed; feeds the Retry-After estimate. */
  #secondsPerEvent = 0;

  constructor(opts: GroupCommitWriterOptions) {
    this.#opts = opts;
    this.#cache = new DedupeCache(opts.dedupeCacheSize);
  }

  get depth(): number {
    return this.#queuedEvents + this.#inFlightEvents;
  }

  async ingest(workspaceId: string, events: readonly Event[]): Promise<InsertResult> {
    if (this.#draining) throw new HeraldError('HERALD_ERR_SHUTTING_DOWN');
    const received = nowTimestamp(this.#opts.clock);
    const fresh: ReceivedEvent[] = [];
    const knownDuplicates: string[] = [];
    const seen = new Set<string>();
    for (const event of events) {
      if (seen.has(event.id) || this.#cache.has(workspaceId, event.id)) {
        knownDuplicates.push(event.id);
        continue;
      }
      seen.add(event.id);
      fresh.push(receive(event, received));
    }
    if (fresh.length === 0) {
      this.#count(0, knownDuplicates.length);
      return { inserted: [], duplicates: knownDuplicates };
    }
    const depth = this.depth;
    // A request larger than the whole queue is still taken when the queue is empty; otherwise it
    // could never succeed, however long the client waited.
    if (depth > 0 && depth + fresh.length > this.#opts.queueMax) {
      this.#opts.metrics?.overloaded.inc();
      throw new HeraldError('HERALD_ERR_OVERLOADED', { depth, retryAfter: this.retryAfterSeconds() });
    }
    return new Promise<InsertResult>((resolve, reject) => {
      this.#queue.push({ workspaceId, events: fresh, knownDuplicates, enqueuedAt: this.#opts.clock.now(), resolve, reject });
      this.#queuedEvents += fresh.length;
      this.#gauge();
      if (this.#queuedEvents >= this.#opts.maxBatch) this.#due = true;
      if (this.#due) this.#flushSoon();
      else if (!this.#timer) this.#armTimer();
    });
  }

  /** Whole seconds a refused client should wait: the time to write what is queued (1–60 s). */
  retryAfterSeconds(): number {
    const estimate = Math.ceil(this.depth * this.#secondsPerEvent);
    return Math.min(60, Math.max(1, estimate));
  }

  async drain(): Promise<void> {
    this.#draining = true;
    this.#timer?.cancel();
    this.#timer = null;
    this.#due = true;
    while (this.#writes.size > 0 || this.#queue.length > 0) {
      this.#flush();
      await Promise.race(this.#writes);
    }
  }

  #armTimer(): void {
    const oldest = this.#queue[0];
    if (!oldest) return;
    const wait = oldest.enqueuedAt + this.#opts.maxDelay - this.#opts.clock.now();
    this.#timer = this.#opts.clock.setTimeout(
      () => {
        this.#timer = null;
        this.#due = true;
        this.#flush();
      },
      Math.max(0, wait),
    );
  }

  /**
   * Flushes on the next turn of the event loop: at most one batch per turn. SQLite writes are
   * synchronous, so batches started from request handlers and from the previous batch's
   * completion (a microtask) ran back to back and held the loop for seconds under load — nothing
   * was answered meanwhile, not even a 429. A yield, not a delay: no clock is involved.
   */
  #flushSoon(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      this.#flush();
    });
  }

  /** Starts writing the next batch unless enough writes are in flight (each calls back when done). */
  #flush(): void {
    if (this.#writes.size >= (this.#opts.maxConcurrentWrites ?? 1) || this.#queue.length === 0) return;
    this.#timer?.cancel();
    this.#timer = null;
    this.#due = false;
    const batch: Entry[] = [];
    let size = 0;
    while (this.#queue.length > 0) {
      const next = this.#queue[0];
      if (batch.length > 0 && size + next.events.length > this.#opts.maxBatch) break;
      batch.push(this.#queue.shift()!);
      size += next.events.length;
    }
    this.#queuedEvents -= size;
    this.#inFlightEvents += size;
    const write: Promise<void> = this.#write(batch, size)
      .catch((err: unknown) => {
        // Not a storage failure (those are handled per workspace) but a bug: still never leave a
        // caller waiting. Settled promises ignore the second settle.
        this.#opts.logger?.error({ err }, 'group-commit writer failed unexpectedly');
        this.#settled(batch);
        for (const entry of batch) entry.reject(err);
      })
      .finally(() => {
        this.#writes.delete(write);
        this.#gauge();
        if (this.#queue.length === 0) return;
        if (this.#draining || this.#queuedEvents >= this.#opts.maxBatch) this.#due = true;
        if (this.#due) this.#flushSoon();
        else if (!this.#timer) this.#armTimer();
      });
    this.#writes.add(write);
    if (this.#queue.length === 0) return;
    // Leftovers: a full batch's worth goes to another write if one is free (else when this one
    // ends); otherwise they keep their own deadline while this batch is being written.
    if (this.#draining || this.#queuedEvents >= this.#opts.maxBatch) {
      this.#due = true;
      this.#flush();
    } else this.#armTimer();
  }

  async #write(batch: Entry[], size: number): Promise<void> {
    const byWorkspace = new Map<string, Entry[]>();
    for (const entry of batch) {
      const list = byWorkspace.get(entry.workspaceId);
      if (list) list.push(entry);
      else byWorkspace.set(entry.workspaceId, [entry]);
    }
    this.#opts.metrics?.batchSize.observe(size);
    for (const [workspaceId, entries] of byWorkspace) await this.#writeWorkspace(workspaceId, entries);
  }

  async #writeWorkspace(workspaceId: string, entries: Entry[]): Promise<void> {
    // Two callers in the same batch may carry the same id: the first owns it, the later ones get
    // `duplicate` — storage is asked to insert each id once.
    const owner = new Map<string, Entry>();
    const unique: ReceivedEvent[] = [];
    for (const entry of entries) {
      for (const event of entry.events) {
        if (owner.has(event.id)) continue;
        owner.set(event.id, entry);
        unique.push(event);
      }
    }
    const started = process.hrtime.bigint();
    let result: InsertResult;
    try {
      result = await this.#opts.events.insertEvents(workspaceId, unique);
    } catch (err) {
      this.#settled(entries);
      this.#opts.logger?.error({ err, events: unique.length }, 'group-commit write failed; every caller of the batch is told');
      const failure = isHeraldError(err)
        ? err
        : new HeraldError('HERALD_ERR_STORAGE', { reason: (err as Error)?.message ?? String(err) }, { cause: err });
      for (const entry of entries) entry.reject(failure);
      return;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.#opts.metrics?.writeLatency.observe(seconds);
    if (unique.length > 0) {
      const perEvent = seconds / unique.length;
      this.#secondsPerEvent = this.#secondsPerEvent === 0 ? perEvent : 0.8 * this.#secondsPerEvent + 0.2 * perEvent;
    }

    const inserted = new Set(result.inserted);
    const committed: ReceivedEvent[] = [];
    let accepted = 0;
    let duplicates = 0;
    const outcomes: [Entry, InsertResult][] = [];
    for (const entry of entries) {
      const outcome: InsertResult = { inserted: [], duplicates: [...entry.knownDuplicates] };
      for (const event of entry.events) {
        this.#cache.add(workspaceId, event.id);
        if (owner.get(event.id) === entry && inserted.has(event.id)) {
          outcome.inserted.push(event.id);
          committed.push(event);
        } else outcome.duplicates.push(event.id);
      }
      accepted += outcome.inserted.length;
      duplicates += outcome.duplicates.length;
      outcomes.push([entry, outcome]);
    }
    this.#count(accepted, duplicates);
    this.#settled(entries);
    // Published only after the commit, so no consumer sees an event a crash could still lose.
    if (committed.length > 0) {
      try {
        this.#opts.bus.publish({ workspaceId, events: committed });
      } catch (err) {
        this.#opts.logger?.error({ err }, 'bus publish failed after commit; events are stored');
      }
    }
    for (const [entry, outcome] of outcomes) entry.resolve(outcome);
  }

  /** These entries are no longer waiting: `depth` must not count them once their callers hear back. */
  #settled(entries: Entry[]): void {
    for (const entry of entries) {
      if (entry.settled) continue;
      entry.settled = true;
      this.#inFlightEvents -= entry.events.length;
    }
    this.#gauge();
  }

  #count(accepted: number, duplicates: number): void {
    const m = this.#opts.metrics;
    if (!m) return;
    if (accepted > 0) m.ingestEvents.inc({ outcome: 'accepted' }, accepted);
    if (duplicates > 0) {
      m.ingestEvents.inc({ outcome: 'duplicate' }, duplicates);
      m.duplicates.inc(duplicates);
    }
  }

  #gauge(): void {
    this.#opts.metrics?.queueDepth.set(this.depth);
  }
}
