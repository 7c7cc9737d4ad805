// Event retention ([compat S6.5]): per-event-name overrides first (each capped by the global period), then
// everything else, in batches of `retentionBatchSize` events per short transaction, looping until
// nothing is left and yielding to the event loop between batches so ingest keeps flowing. Finished
// automation history (firings, delivered or failed outbox rows) follows the global period, same way.
// Scheduling uses the injected clock ([arch I7]); tests drive it with FakeClock.

import type { Clock, TimerHandle } from '../clock.js';
import type { Settings } from '../config.js';
import { MIN_TIMESTAMP, timestampFromMillis, timestampToMicros } from '../events/index.js';
import type { RetentionRule, Storage } from './storage.js';

export type RetentionSettings = Pick<Settings, 'retentionPeriod' | 'retentionOverrides' | 'retentionInterval' | 'retentionBatchSize'>;

export interface RetentionLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RetentionJobOptions {
  storage: Pick<Storage, 'events' | 'automation'>;
  clock: Clock;
  settings: RetentionSettings;
  logger: RetentionLogger;
}

const MIN_MS = Math.ceil(timestampToMicros(MIN_TIMESTAMP) / 1000);

/** The cutoff `ms` milliseconds before `now`, clamped to the earliest representable time. */
const cutoff = (now: number, ms: number): string => timestampFromMillis(Math.max(MIN_MS, now - ms));

/** Yields one macrotask turn: lets queued I/O (ingest requests) run between delete batches. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Event name → retention in ms from the `retentionOverrides` setting (seconds); invalid entries are rejected loudly. */
export function parseRetentionOverrides(raw: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (raw === null || raw === undefined) return out;
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new TypeError('retentionOverrides must be a JSON object of event name → seconds');
  for (const [name, seconds] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
      throw new TypeError(`retentionOverrides["${name}"] must be a positive number of seconds`);
    }
    out.set(name, seconds * 1000);
  }
  return out;
}

export class RetentionJob {
  readonly #storage: Pick<Storage, 'events' | 'automation'>;
  readonly #clock: Clock;
  readonly #settings: RetentionSettings;
  readonly #logger: RetentionLogger;
  readonly #overrides: Map<string, number>;
  #timer: TimerHandle | null = null;
  #running: Promise<{ deleted: number }> | null = null;
  /** The scheduled pass in progress, including its rescheduling. */
  #tick: Promise<void> | null = null;
  #stopped = true;

  constructor(options: RetentionJobOptions) {
    this.#storage = options.storage;
    this.#clock = options.clock;
    this.#settings = options.settings;
    this.#logger = options.logger;
    this.#overrides = parseRetentionOverrides(options.settings.retentionOverrides);
  }

  /** One full pass; concurrent calls share the pass in progress. */
  runOnce(): Promise<{ deleted: number }> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #pass(): Promise<{ deleted: number }> {
    const now = this.#clock.now();
    const global = this.#settings.retentionPeriod;
    let deleted = 0;
    for (const [name, ms] of this.#overrides) {
      deleted += await this.#drain({ before: cutoff(now, Math.min(ms, global)), eventNames: [name] });
    }
    deleted += await this.#drain({
      before: cutoff(now, global),
      excludeEventNames: this.#overrides.size > 0 ? [...this.#overrides.keys()] : undefined,
    });
    if (deleted > 0) this.#logger.info({ deleted }, 'retention: deleted old events');
    // Counted apart: `deleted` stays the number of events.
    const pruned = await this.#pruneHistory(cutoff(now, global));
    if (pruned > 0) this.#logger.info({ pruned }, 'retention: pruned automation history');
    return { deleted };
  }

  /** Firings and finished outbox rows older than `before`, at most a batch per table per call. */
  async #pruneHistory(before: string): Promise<number> {
    const batch = this.#settings.retentionBatchSize;
    let total = 0;
    for (;;) {
      // Up to `batch` per table: a short count means both tables are done.
      const n = await this.#storage.automation.history.pruneHistory(before, batch);
      total += n;
      if (n < batch) return total;
      await yieldToEventLoop();
    }
  }

  async #drain(rule: RetentionRule): Promise<number> {
    const batch = this.#settings.retentionBatchSize;
    let total = 0;
    for (;;) {
      const n = await this.#storage.events.deleteEvents(rule, batch);
      total += n;
      if (n < batch) return total;
      await yieldToEventLoop();
    }
  }

  /** Runs a pass now (on the clock's next turn) and then every `retentionInterval` after each pass ends. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stops scheduling and waits for a pass in progress to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = null;
    await this.idle();
  }

  /** Resolves when no pass is in progress and the next one is scheduled (tests, graceful shutdown). */
  async idle(): Promise<void> {
    await this.#tick;
    await this.#running?.catch(() => undefined);
  }

  #schedule(ms: number): void {
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.#tick = this.#scheduledPass().finally(() => {
        this.#tick = null;
      });
    }, ms);
  }

  async #scheduledPass(): Promise<void> {
    try {
      await this.runOnce();
    } catch (err) {
      this.#logger.error({ err }, 'retention pass failed; will retry next interval');
    }
    if (!this.#stopped) this.#schedule(this.#settings.retentionInterval);
  }
}
