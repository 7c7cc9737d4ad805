// The outbox worker: delivers what the trigger engine committed ([compat S4.8], [arch outbox]).
//
// The engine writes a firing in the same transaction as its state, so nothing it decided is lost;
// this worker first expands committed firings into their outbox rows (`expand`), then turns the
// rows into effects, at least once:
//   kind 'event'  → ingest the ready event (`prefect.automation.triggered`)
//   kind 'action' → action.triggered event, run the executor, action.executed / action.failed event
// A row is marked succeeded/failed only after its events were ingested, and the events' ids are
// derived from the row (action-events.ts): a crash in between re-delivers the row, and the events of
// the second delivery are duplicates that ingest drops. A completed row is never picked again.
//
// Scheduling: up to `actionConcurrency` rows at once, never the same row twice; the next look is a
// clock timer at the earliest pending `nextAttemptAt` (no polling). The engine calls
// `firingsCommitted()` after committing firings; a completed delivery looks again at once.
//
// Failures (fixes [compat D10.14]): ActionFailed → failed event, no retry. ActionRetry and unexpected
// exceptions (logged: they are Herald bugs) → retried on `actionRetrySchedule`, then failed with the
// last reason. Ingest being overloaded or shutting down is not the action's fault: the row is left
// untouched and the worker backs off.

import type { Logger } from 'pino';
import type { Ingestor } from '../ingest/ingestor.js';
import type { TriggeredAction } from '../model/automation.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { Settings } from '../config.js';
import { isHeraldError } from '../errors.js';
import { MAX_TIMESTAMP, nowTimestamp, timestampFromMillis, timestampToMicros } from '../events/index.js';
import type { Event, RelatedResource, Timestamp } from '../events/types.js';
import type { OutboxAttempt, OutboxRow } from '../storage/automation-store.js';
import type { Storage } from '../storage/storage.js';
import { actionExecutedEvent, actionFailedEvent, actionTriggeredEvent, type ActionEventInput } from './action-events.js';
import { defaultExecutors } from './registry.js';
import { parseRetrySchedule, retryDelayMs } from './retry-policy.js';
import { ActionFailed, ActionRetry, type ActionDeps, type ActionExecutor } from './types.js';

export interface OutboxWorkerOptions {
  storage: Storage;
  ingestor: Ingestor;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  settings: Settings;
  deps: ActionDeps;
  /** Action type → executor (default: `defaultExecutors()`). */
  executors?: Record<string, ActionExecutor>;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
  /**
   * Writes the outbox rows of up to `limit` committed firings, returning how many it expanded
   * (automations/firing-expander.ts): called at the start of a look while firings may be waiting
   * (see `firingsCommitted`), so their rows exist before `due`.
   */
  expand?: (limit: number) => Promise<number>;
}

/**
 * Firings expanded per look; a full batch makes the worker look again at once. Expanding costs
 * ≈ 100 µs a firing on SQLite, on the event loop (docs/storage.md "What a firing costs to commit"):
 * 500 keep each turn near 50 ms when 100,000 deadlines fire together.
 */
const EXPAND_BATCH = 500;

/** Longest single timer: Node timers overflow past 2^31 ms, and a periodic look is harmless. */
const MAX_TIMER_MS = 3_600_000;
const MIN_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 60_000;

export class OutboxWorker {
  readonly #o: OutboxWorkerOptions;
  readonly #executors: Record<string, ActionExecutor>;
  readonly #schedule: number[];
  readonly #random: () => number;
  readonly #inFlight = new Map<string, Promise<void>>();
  /**
   * Rows finished while a look's `due` query was running: that query may have read them before
   * their completion was committed (PostgreSQL answers asynchronously), so they must not be
   * started again from its result.
   */
  #finishedDuringLook: Set<string> | null = null;
  #records: { id: string; attempt: OutboxAttempt; resolve: () => void; reject: (err: unknown) => void }[] = [];
  #timer: TimerHandle | null = null;
  #started = false;
  #stopped = false;
  #looking: Promise<void> | null = null;
  #lookAgain = false;
  /**
   * Committed firings may wait to be expanded: at start (left by a crash or a stop) and after the
   * engine says it committed some, until a look finds fewer than a full batch. Looks that follow a
   * delivery skip the query.
   */
  #firingsWaiting = true;
  /** After an infrastructure failure: no look before this time (ms). */
  #backoffUntil = 0;
  #backoffMs = 0;

  constructor(options: OutboxWorkerOptions) {
    this.#o = options;
    this.#executors = options.executors ?? defaultExecutors();
    this.#schedule = parseRetrySchedule(options.settings.actionRetrySchedule);
    this.#random = options.random ?? Math.random;
  }

  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    this.wake();
  }

  /** The engine committed firings: expand them, then look at the outbox. */
  firingsCommitted(): void {
    this.#firingsWaiting = true;
    this.wake();
  }

  /** Looks at the outbox now. */
  wake(): void {
    if (!this.#started || this.#stopped) return;
    void this.#look();
  }

  /** Stops scheduling and waits for the deliveries in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = null;
    await this.idle();
  }

  /** Resolves once no look and no delivery is running (tests use it after advancing a FakeClock). */
  async idle(): Promise<void> {
    while (this.#looking || this.#inFlight.size > 0) {
      await Promise.all([this.#looking, ...this.#inFlight.values()]);
    }
  }

  #look(): Promise<void> {
    if (this.#looking) {
      this.#lookAgain = true;
      return this.#looking;
    }
    this.#looking = (async () => {
      try {
        do {
          this.#lookAgain = false;
          await this.#lookOnce();
        } while (this.#lookAgain && !this.#stopped);
      } finally {
        this.#looking = null;
      }
    })();
    return this.#looking;
  }

  async #lookOnce(): Promise<void> {
    if (this.#stopped) return;
    this.#timer?.cancel();
    this.#timer = null;
    const { clock, storage, settings, logger } = this.#o;
    const wait = this.#backoffUntil - clock.now();
    if (wait > 0) return this.#arm(wait);
    try {
      if (this.#o.expand && this.#firingsWaiting) {
        // Cleared before the query: firings committed while it runs set it again.
        this.#firingsWaiting = false;
        if ((await this.#o.expand(EXPAND_BATCH).catch(this.#stillWaiting)) === EXPAND_BATCH) this.#firingsWaiting = this.#lookAgain = true;
      }
      const free = settings.actionConcurrency - this.#inFlight.size;
      let started = 0;
      if (free > 0) {
        this.#finishedDuringLook = new Set();
        const rows = await storage.automation.outbox.due(nowTimestamp(clock), this.#inFlight.size + free);
        const finished = this.#finishedDuringLook;
        this.#finishedDuringLook = null;
        for (const row of rows) {
          if (started >= free || this.#stopped) break;
          if (this.#inFlight.has(row.id) || finished.has(row.id)) continue;
          this.#start(row);
          started++;
        }
      }
      await this.#scheduleNext(started);
      this.#backoffMs = 0;
    } catch (err) {
      logger.error({ err }, 'outbox worker could not read the outbox; backing off');
      this.#backOff();
    }
  }

  /** Arms the timer for the earliest pending row that is not being delivered. */
  async #scheduleNext(startedThisLook: number): Promise<void> {
    if (this.#stopped || this.#inFlight.size >= this.#o.settings.actionConcurrency) return; // a completion looks again
    const outbox = this.#o.storage.automation.outbox;
    let next: Timestamp | null;
    if (this.#inFlight.size === 0) next = await outbox.nextDueAt();
    else {
      // Rows in flight are still pending (and usually due): skip past them.
      const rows = await outbox.due(MAX_TIMESTAMP, this.#inFlight.size + 1);
      next = rows.find((r) => !this.#inFlight.has(r.id))?.nextAttemptAt ?? null;
    }
    if (next === null) return;
    const delay = timestampToMicros(next) / 1000 - this.#o.clock.now();
    if (delay > 0) this.#arm(delay);
    // Due already (inserted while we looked): look again — unless this look found nothing to
    // start, which would make it a hot loop; then give it a moment.
    else if (startedThisLook > 0) this.#lookAgain = true;
    else this.#arm(MIN_BACKOFF_MS);
  }

  /** A failed expansion is tried again at the next look (after the back-off). */
  readonly #stillWaiting = (err: unknown): never => {
    this.#firingsWaiting = true;
    throw err;
  };

  #arm(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer?.cancel();
    this.#timer = this.#o.clock.setTimeout(
      () => {
        this.#timer = null;
        this.wake();
      },
      Math.min(Math.max(1, Math.ceil(delayMs)), MAX_TIMER_MS),
    );
  }

  #backOff(): void {
    this.#backoffMs = Math.min(Math.max(MIN_BACKOFF_MS, this.#backoffMs * 2), MAX_BACKOFF_MS);
    this.#backoffUntil = this.#o.clock.now() + this.#backoffMs;
    this.#arm(this.#backoffMs);
  }

  #start(row: OutboxRow): void {
    const delivery = this.#deliver(row).finally(() => {
      this.#finishedDuringLook?.add(row.id);
      this.#inFlight.delete(row.id);
      this.wake();
    });
    this.#inFlight.set(row.id, delivery);
  }

  async #deliver(row: OutboxRow): Promise<void> {
    const log = { outboxId: row.id, automationId: row.automationId, kind: row.kind, attempt: row.attempts + 1 };
    try {
      if (row.kind === 'event') {
        await this.#o.ingestor.ingest(row.workspaceId, [row.body as Event]);
        await this.#record(row, 'succeeded', row.attempts + 1, null, null);
      } else {
        await this.#deliverAction(row);
      }
    } catch (err) {
      if (isHeraldError(err, 'HERALD_ERR_OVERLOADED') || isHeraldError(err, 'HERALD_ERR_SHUTTING_DOWN')) {
        this.#o.logger.warn({ ...log, code: err.code }, 'ingest is not accepting events; the outbox row will be retried');
        this.#backOff();
        return;
      }
      // Ingest or storage failed around the action: count an attempt so that a row that can never
      // be delivered ends as failed instead of looping forever.
      this.#o.logger.error({ ...log, err }, 'outbox delivery failed');
      try {
        if (row.kind === 'event') await this.#retryEventRow(row, `Internal error: ${(err as Error).message}`);
        else await this.#retry(row, this.#input(row), row.attempts + 1, `Internal error: ${(err as Error).message}`, {}, [], undefined);
      } catch (again) {
        this.#o.logger.error({ ...log, err: again }, 'could not record the failed attempt; backing off');
        this.#backOff();
      }
    }
  }

  #input(row: OutboxRow): ActionEventInput {
    return { rowId: row.id, rowCreated: row.created, triggered: row.body as TriggeredAction };
  }

  async #deliverAction(row: OutboxRow): Promise<void> {
    const { clock, ingestor, logger } = this.#o;
    const input = this.#input(row);
    const t = input.triggered;
    if (!isTriggeredAction(t)) {
      logger.error({ outboxId: row.id }, 'malformed outbox row: its body is not a TriggeredAction');
      return this.#record(row, 'failed', row.attempts + 1, 'Malformed outbox row: the body is not a TriggeredAction', null);
    }
    const attempt = row.attempts + 1;
    // Re-emitted on every attempt: the id is fixed, so it is stored once — and it exists even if the
    // first attempt crashed before its events were written.
    await ingestor.ingest(row.workspaceId, [actionTriggeredEvent(input)]);
    const executor = Object.hasOwn(this.#executors, t.action.type) ? this.#executors[t.action.type] : undefined;
    let outcome: Awaited<ReturnType<ActionExecutor['execute']>>;
    try {
      if (!executor) throw new ActionFailed(`Unknown action type '${t.action.type}'`);
      outcome = await executor.execute({ workspaceId: row.workspaceId, triggered: t, attempt, idempotencyKey: row.id }, this.#o.deps);
    } catch (err) {
      if (err instanceof ActionFailed) return this.#fail(row, input, attempt, err.message, err.details, err.related);
      if (err instanceof ActionRetry) return this.#retry(row, input, attempt, err.message, err.details, err.related, err.retryAfterMs);
      logger.error({ err, outboxId: row.id, actionType: t.action.type }, 'action raised an unexpected error; it will be retried');
      return this.#retry(row, input, attempt, `Unexpected error: ${err instanceof Error ? err.message : String(err)}`, {}, [], undefined);
    }
    await ingestor.ingest(row.workspaceId, [actionExecutedEvent(input, nowTimestamp(clock), outcome)]);
    await this.#record(row, 'succeeded', attempt, null, outcome.details);
    logger.info({ outboxId: row.id, automationId: row.automationId, actionType: t.action.type, attempt }, 'action executed');
  }

  async #retry(
    row: OutboxRow,
    input: ActionEventInput,
    attempt: number,
    reason: string,
    details: Record<string, unknown>,
    related: RelatedResource[],
    retryAfterMs: number | undefined,
  ): Promise<void> {
    const delay = retryDelayMs(this.#schedule, attempt, retryAfterMs, this.#random);
    if (delay === null || !isTriggeredAction(input.triggered)) return this.#fail(row, input, attempt, reason, details, related);
    const at = timestampFromMillis(this.#o.clock.now() + delay);
    await this.#record(row, 'pending', attempt, reason, details, at);
    this.#o.logger.warn(
      { outboxId: row.id, actionType: input.triggered.action.type, attempt, reason, nextAttemptAt: at },
      'action will be retried',
    );
  }

  async #fail(
    row: OutboxRow,
    input: ActionEventInput,
    attempt: number,
    reason: string,
    details: Record<string, unknown>,
    related: RelatedResource[],
  ): Promise<void> {
    if (isTriggeredAction(input.triggered)) {
      const event = actionFailedEvent(input, nowTimestamp(this.#o.clock), { reason, details, related });
      await this.#o.ingestor.ingest(row.workspaceId, [event]);
    }
    await this.#record(row, 'failed', attempt, reason, details);
    this.#o.logger.info({ outboxId: row.id, automationId: row.automationId, attempt, reason }, 'action failed');
  }

  async #retryEventRow(row: OutboxRow, reason: string): Promise<void> {
    const attempt = row.attempts + 1;
    const delay = retryDelayMs(this.#schedule, attempt, undefined, this.#random);
    if (delay === null) return this.#record(row, 'failed', attempt, reason, null);
    await this.#record(row, 'pending', attempt, reason, null, timestampFromMillis(this.#o.clock.now() + delay));
  }

  #record(
    row: OutboxRow,
    status: OutboxRow['status'],
    attempts: number,
    lastError: string | null,
    result: unknown,
    nextAttemptAt = row.nextAttemptAt,
  ): Promise<void> {
    const attempt = { status, attempts, nextAttemptAt, lastError, result, updated: nowTimestamp(this.#o.clock) };
    return new Promise((resolve, reject) => {
      this.#records.push({ id: row.id, attempt, resolve, reject });
      // Deliveries finishing in the same turn share one transaction (one fsync instead of one each).
      if (this.#records.length === 1) setImmediate(() => void this.#flushRecords());
    });
  }

  async #flushRecords(): Promise<void> {
    const batch = this.#records.splice(0);
    try {
      await this.#o.storage.automation.outbox.recordAttempts(batch.map(({ id, attempt }) => ({ id, attempt })));
      for (const r of batch) r.resolve();
    } catch (err) {
      for (const r of batch) r.reject(err);
    }
  }
}

function isTriggeredAction(body: unknown): body is TriggeredAction {
  const t = body as Partial<TriggeredAction> | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.automation?.id === 'string' &&
    typeof t.action?.type === 'string' &&
    typeof t.firing === 'object' &&
    typeof t.triggered === 'string'
  );
}
