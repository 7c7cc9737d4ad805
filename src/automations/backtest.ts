// Backtest (issue #12, "Backtest"): "what would this automation have done over that range of stored events?"
//
// The automation is replayed through the real TriggerEngine — its own code path, not a
// re-implementation — on a throw-away SQLite store (backtest-store.ts) and a clock the replay drives
// (backtest-clock.ts), so windows, Proactive deadlines, composites and acting behave exactly as in
// production, on event time ([arch I5]). Side effects are impossible by construction: the source
// store is only read (events and, for the summaries, destinations), the engine writes its state,
// firings and outbox rows into the temp store, and no outbox worker ever runs on it. The temp store
// is discarded afterwards, also on failure.
//
// Bounded ([arch I3]): the events a replay would read are counted first and a range holding more than
// `backtestMaxEvents` is refused with a 422 before anything is copied; the firings returned are capped
// (MAX_BACKTEST_FIRINGS, then `truncated`), and the replay stops there.

import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Settings } from '../config.js';
import { issue, validationError } from '../events/index.js';
import type { EventFilter } from '../events/types.js';
import type { RequestContext } from '../request-context.js';
import type { DestinationRecord } from '../storage/automation-store.js';
import type { Storage } from '../storage/storage.js';
import { parseBacktestRequest, type BacktestRequest } from './backtest-request.js';
import { reportFiring, type BacktestResult } from './backtest-report.js';
import { AutomationFailed, Replay, TooManyEvents } from './backtest-replay.js';
import { checkBound, readRange, sourceFilter, tooManyEvents } from './backtest-source.js';
import { openReplayStore } from './backtest-store.js';

export type { BacktestResult } from './backtest-report.js';

/** Most firings one backtest returns; beyond them the replay stops and the answer says `truncated`. */
export const MAX_BACKTEST_FIRINGS = 1000;

export interface AutomationBacktestDeps {
  /** The real store: only read. */
  storage: Storage;
  settings: Settings;
  clock: Clock;
  logger: Pick<Logger, 'warn' | 'error' | 'debug' | 'info'>;
}

export class AutomationBacktest {
  readonly #deps: AutomationBacktestDeps;
  /**
   * Replays run one at a time in a process: each holds its events in memory (backtest-store.ts) and
   * keeps a CPU busy, so concurrent requests wait their turn instead of multiplying both.
   */
  #turn: Promise<unknown> = Promise.resolve();

  constructor(deps: AutomationBacktestDeps) {
    this.#deps = deps;
  }

  /** POST /automations/backtest: validates `body` (422 like a create), then replays. */
  async run(ctx: RequestContext, body: unknown, options: { signal?: AbortSignal } = {}): Promise<BacktestResult> {
    const request = parseBacktestRequest(body, this.#deps.clock, this.#deps.settings);
    try {
      return await this.replay(ctx, request, options);
    } catch (err) {
      // Live, the engine would have paused it (docs/automations.md "Failure isolation"): a 422 on
      // the automation, like a save that a stricter rule refuses.
      if (err instanceof AutomationFailed) {
        throw validationError([issue(['body', 'automation'], 'value_error', `Value error, ${err.reason}`)], body);
      }
      throw err;
    }
  }

  async replay(
    ctx: RequestContext,
    request: BacktestRequest,
    options: { signal?: AbortSignal; maxFirings?: number } = {},
  ): Promise<BacktestResult> {
    const { storage, settings } = this.#deps;
    const { workspaceId } = ctx;
    const filter = sourceFilter(request.automation.trigger, request.since, request.until);
    await checkBound(storage.events, workspaceId, filter, settings.backtestMaxEvents);
    const mine = this.#turn.then(() => this.#replay(ctx, request, filter, options));
    this.#turn = mine.catch(() => {});
    return mine;
  }

  async #replay(
    ctx: RequestContext,
    request: BacktestRequest,
    filter: EventFilter,
    options: { signal?: AbortSignal; maxFirings?: number },
  ): Promise<BacktestResult> {
    const { storage, settings, logger } = this.#deps;
    const { workspaceId } = ctx;
    const maxFirings = options.maxFirings ?? MAX_BACKTEST_FIRINGS;

    const replay = new Replay({
      workspaceId,
      automation: request.automation,
      since: request.since,
      until: request.until,
      settings,
      logger,
      maxFirings,
      maxEvents: settings.backtestMaxEvents,
      signal: options.signal,
    });
    const store = await openReplayStore((commit) => replay.observe(commit));
    let outcome: Awaited<ReturnType<Replay['run']>>;
    try {
      outcome = await replay.run(store.storage, readRange(storage.events, workspaceId, filter));
    } catch (err) {
      if (err instanceof TooManyEvents) throw tooManyEvents(filter, `more than ${err.count - 1}`, settings.backtestMaxEvents);
      throw err;
    } finally {
      await store.destroy();
    }

    // Deadlines are judged to the millisecond after `until`; a window ending past it did not end in the range.
    const inRange = outcome.firings.filter((f) => f.firing.triggered <= request.until);
    inRange.sort((a, b) => (a.firing.triggered < b.firing.triggered ? -1 : a.firing.triggered > b.firing.triggered ? 1 : 0));
    const destinations = new Map<string, Promise<DestinationRecord | null>>();
    const lookup = (id: string) => {
      let found = destinations.get(id);
      if (!found) destinations.set(id, (found = storage.automation.destinations.get(workspaceId, id)));
      return found;
    };
    const kept = inRange.slice(0, maxFirings);
    return {
      since: request.since,
      until: request.until,
      events_replayed: outcome.eventsReplayed,
      firings: await Promise.all(kept.map((f) => reportFiring(f.firing, f.actions, lookup))),
      truncated: outcome.stopped || inRange.length > maxFirings,
    };
  }
}
