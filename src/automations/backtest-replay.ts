// Drives the real TriggerEngine through a range of stored events on a ReplayClock, as if each event
// had arrived the moment it occurred (zero processing lag, in event-time order).
//
// Events are handed to the engine in chunks (one insert and one engine pass each, which is what makes
// 100,000 events take seconds rather than minutes). A chunk must not hide a deadline from the
// engine: live, a deadline that falls due between two events is judged before the second arrives.
// So a chunk ends
//   - before the engine's next timer is due: the replay stops feeding events, moves the clock to the
//     timer and lets the engine judge its deadlines (Proactive windows, expiring composite children);
//   - before `spanUs` after its first event: a deadline made by an event inside the chunk lies at
//     least that far after it (the shortest Proactive or composite `within`, and the 60 s after
//     which a Reactive window is dropped), so it cannot fall due inside the chunk either.
// Splitting finer never changes a result; it only costs time.
//
// One case needs neither rule (chunkPolicy): when every trigger is Reactive without `after` and no
// composite has a `within`, the only deadlines drop finished Reactive windows, and with events fed
// in event-time order a dropped window and a finished one that is still there treat every later
// event alike (buckets.ts: both give way to a window ending `within` after it). Chunks are then
// whole source pages. With `after`, a finished window that is still there swallows the next `after`
// event, so there the drop's timing matters and the careful rules apply.
//
// `follows` is cleared on the copies: the replay already evaluates every event after the ones that
// occurred before it, and a leader from before `since` would otherwise hold its follower back for the
// whole `triggerLookback`. Firings report the stored events unchanged (restoreFollows).

import type { Logger } from 'pino';
import type { Settings } from '../config.js';
import { HeraldError } from '../errors.js';
import { firingActions } from './engine/acting.js';
import { timestampToMicros } from '../events/index.js';
import type { ReceivedEvent, Timestamp } from '../events/types.js';
import type { Action, Automation, Firing } from '../model/automation.js';
import type { EngineCommit } from '../storage/automation-store.js';
import type { Storage } from '../storage/storage.js';
import { ReplayClock } from './backtest-clock.js';
import { TriggerEngine } from './engine/engine.js';

/** Reactive windows are dropped this long after they end (the engine's EXPIRED_BUCKET_BUFFER_US). */
const REACTIVE_DROP_US = 60_000_000;
/** Timer passes at one instant after which the replay gives up (a timer that keeps re-arming itself). */
const MAX_PASSES_AT_ONE_TIME = 1000;

export interface ReplayOptions {
  workspaceId: string;
  automation: Automation;
  since: Timestamp;
  until: Timestamp;
  settings: Pick<Settings, 'triggerLookback' | 'triggerMaxCausationDepth' | 'triggerBatchSize'> & Partial<Settings>;
  logger: Pick<Logger, 'warn' | 'error' | 'debug' | 'info'>;
  /** The replay stops once more firings than this were produced (the answer is then truncated). */
  maxFirings: number;
  /** Most events replayed; one more is refused (the count may have grown since it was checked). */
  maxEvents: number;
  signal?: AbortSignal;
}

/** One firing the replay's engine committed, with the actions it would run (in outbox order). */
export interface ReplayedFiring {
  firing: Firing;
  actions: Action[];
}

export interface ReplayOutcome {
  eventsReplayed: number;
  firings: ReplayedFiring[];
  /** More firings than `maxFirings` were produced: the replay stopped early. */
  stopped: boolean;
}

export class Replay {
  readonly #o: ReplayOptions;
  readonly #clock: ReplayClock;
  readonly #policy: ChunkPolicy;
  readonly #firings = new Map<string, ReplayedFiring>();
  /** `follows` of the replayed events that had one, to report them as stored. */
  readonly #follows = new Map<string, string>();
  #engine: TriggerEngine | null = null;
  #eventsReplayed = 0;
  #failure: Error | null = null;

  constructor(options: ReplayOptions) {
    this.#o = options;
    this.#clock = new ReplayClock(Math.floor(timestampToMicros(options.since) / 1000));
    this.#policy = chunkPolicy(options.automation);
  }

  /**
   * Reports an engine commit (the replay store calls it): collects firings and the actions each would
   * run — what the action worker's expansion would queue (none when the loop guard stopped it).
   */
  observe(commit: EngineCommit): void {
    for (const record of commit.firings ?? []) {
      this.#firings.set(record.id, { firing: record.firing, actions: record.outcome === 'acted' ? firingActions(this.#o.automation) : [] });
    }
  }

  async run(storage: Storage, pages: AsyncIterable<ReceivedEvent[]>): Promise<ReplayOutcome> {
    const { workspaceId, automation } = this.#o;
    await storage.automation.automations.create(workspaceId, automation, { deploymentIds: [] });
    const engine = new TriggerEngine({
      storage,
      clock: this.#clock,
      logger: this.#watchedLogger(),
      settings: this.#o.settings,
      // Live, the runtime would pause it; here the backtest ends and says why (#settle throws it).
      onAutomationFailed: async (f) => {
        this.#failure = new AutomationFailed(f.reason);
      },
    });
    this.#engine = engine;
    // Started on the empty store at `since`: its cursor is 0, and a Proactive window that exists
    // from the start opens at `since`.
    await engine.start();
    try {
      // Its first pass arms the timer of any window that exists from the start.
      await this.#settle();
      for await (const page of pages) {
        await this.#feed(storage, page);
        if (this.#stopped) break;
      }
      if (!this.#stopped) await this.#runTimers(timestampToMicros(this.#o.until));
    } finally {
      await engine.stop();
    }
    return {
      eventsReplayed: this.#eventsReplayed,
      firings: [...this.#firings.values()].map((f) => this.#restoreFollows(f)),
      stopped: this.#stopped,
    };
  }

  get #stopped(): boolean {
    return this.#firings.size > this.#o.maxFirings;
  }

  async #feed(storage: Storage, page: ReceivedEvent[]): Promise<void> {
    let i = 0;
    while (i < page.length && !this.#stopped) {
      const firstUs = timestampToMicros(page[i].occurred);
      if (this.#policy.stopAtTimers) await this.#runTimers(firstUs);
      if (this.#stopped) return;
      const due = this.#policy.stopAtTimers ? this.#clock.nextDue() : null;
      const endUs = Math.min(firstUs + this.#policy.spanUs, due === null ? Number.POSITIVE_INFINITY : due * 1000);
      let j = i + 1;
      while (j < page.length && timestampToMicros(page[j].occurred) < endUs) j++;
      const chunk = page.slice(i, j);
      if (this.#eventsReplayed + chunk.length > this.#o.maxEvents) throw new TooManyEvents(this.#eventsReplayed + chunk.length);
      // The clock stands at the chunk's newest event (rounded up to its millisecond): processing lag 0.
      this.#clock.moveTo(Math.ceil(timestampToMicros(chunk[chunk.length - 1].occurred) / 1000));
      await storage.events.insertEvents(
        this.#o.workspaceId,
        chunk.map((e) => this.#copy(e)),
      );
      await this.#settle();
      this.#eventsReplayed += chunk.length;
      i = j;
      // The replay runs on the server's event loop against an in-memory store, whose promises settle
      // without I/O: give requests a turn after every chunk, so a backtest never holds up ingest.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Fires the engine's timers due at or before `limitUs`, in order, letting it finish after each. */
  async #runTimers(limitUs: number): Promise<void> {
    let last = Number.NaN;
    let passes = 0;
    for (;;) {
      const due = this.#clock.nextDue();
      if (due === null || due * 1000 > limitUs || this.#stopped) return;
      passes = due === last ? passes + 1 : 0;
      last = due;
      if (passes > MAX_PASSES_AT_ONE_TIME) throw new Error(`backtest: the engine's timer keeps falling due at ${due} ms`);
      this.#clock.fireNext(due);
      await this.#settle();
    }
  }

  async #settle(): Promise<void> {
    if (this.#o.signal?.aborted) throw this.#o.signal.reason ?? new Error('backtest aborted');
    await this.#engine?.settle();
    if (this.#failure) throw this.#failure;
  }

  #copy(event: ReceivedEvent): ReceivedEvent {
    if (event.follows === null || event.follows === undefined) return event;
    this.#follows.set(event.id, event.follows);
    return { ...event, follows: null };
  }

  #restoreFollows(f: ReplayedFiring): ReplayedFiring {
    if (this.#follows.size === 0) return f;
    const restore = (firing: Firing): Firing => {
      const e = firing.triggering_event;
      const follows = e ? this.#follows.get(e.id) : undefined;
      return {
        ...firing,
        triggering_event: e && follows !== undefined ? { ...e, follows } : e,
        triggering_firings: firing.triggering_firings.map(restore),
      };
    };
    return { ...f, firing: restore(f.firing) };
  }

  /**
   * The engine's own logger, but an error it logs ends the backtest: every one of them means the
   * replay can no longer say what would have happened (a failed commit is retried live, not here).
   */
  #watchedLogger(): ReplayOptions['logger'] {
    const log = this.#o.logger;
    return {
      debug: (obj: object, msg?: string) => log.debug(obj, msg),
      info: (obj: object, msg?: string) => log.info(obj, msg),
      // A hypothetical firing's warning (e.g. a loop stopped) is not an operator's concern.
      warn: (obj: object, msg?: string) => log.debug(obj, `backtest: ${msg ?? ''}`),
      error: (obj: object, msg?: string) => {
        log.error(obj, `backtest: ${msg ?? ''}`);
        this.#failure ??= new HeraldError('HERALD_ERR_INTERNAL', {}, { cause: (obj as { err?: unknown }).err });
      },
    } as ReplayOptions['logger'];
  }
}

/** The engine took the automation out during the replay (e.g. evaluating an event threw): `reason` says why. */
export class AutomationFailed extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Thrown when the source yields more events than the bound allowed (it grew after being counted). */
export class TooManyEvents extends Error {
  constructor(readonly count: number) {
    super(`more than ${count - 1} events`);
  }
}

export interface ChunkPolicy {
  /** How far after a chunk's first event its last may lie. */
  spanUs: number;
  /** Whether a chunk ends where the engine's next timer is due. */
  stopAtTimers: boolean;
}

/**
 * How events may be grouped for this automation without changing what the engine decides: no
 * deadline an event of a chunk creates can fall due before the chunk ends (see the top of this file).
 */
export function chunkPolicy(automation: Automation): ChunkPolicy {
  let span = Number.POSITIVE_INFINITY;
  const stack = [automation.trigger];
  for (let t = stack.pop(); t; t = stack.pop()) {
    if (t.type === 'event') {
      if (t.posture === 'Proactive') span = Math.min(span, Math.round(t.within * 1_000_000));
      else if (t.after.length > 0) span = Math.min(span, REACTIVE_DROP_US);
    } else {
      if (t.within !== null) span = Math.min(span, Math.round(t.within * 1_000_000));
      stack.push(...t.triggers);
    }
  }
  return span === Number.POSITIVE_INFINITY ? { spanUs: span, stopAtTimers: false } : { spanUs: Math.max(0, span), stopAtTimers: true };
}
