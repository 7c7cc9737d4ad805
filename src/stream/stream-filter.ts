// Turns a subscriber's parsed filter into the backfill query and the live predicate
// ([compat S2.7] step 3).

import { compileEventFilter, liveFilter, microsToTimestamp } from '../events/index.js';
import type { EventFilter, ReceivedEvent } from '../events/types.js';

export interface StreamFilters {
  /** ASC, `since` clamped to now − max backfill; `until` open-ended unless given explicitly. */
  filter: EventFilter;
  /** The live predicate: the full filter, `related` included ([compat D10.1]: Prefect ignores it live). */
  matches: (event: ReceivedEvent) => boolean;
}

/**
 * @param filter parsed filter (defaults resolved)
 * @param untilGiven whether the client sent `occurred.until` (from parseEventFilter)
 */
export function streamFilters(filter: EventFilter, untilGiven: boolean, nowMs: number, maxBackfillMs: number): StreamFilters {
  const earliest = microsToTimestamp((nowMs - maxBackfillMs) * 1000);
  const since = filter.occurred.since < earliest ? earliest : filter.occurred.since;
  // [compat D10.2]: Prefect resolves an omitted `until` to "now", so such a subscriber never receives a live
  // event. Herald reads an omitted `until` as "no end" — for the backfill too, so events stored with
  // an `occurred` slightly ahead of our clock are not lost between backfill and live; an explicit
  // `until` bounds both.
  const resolved = liveFilter({ ...filter, occurred: { since, until: filter.occurred.until }, order: 'ASC' }, untilGiven);
  // Compiled once per subscriber; late arrivals before the clamped `since` fail it ([compat S2.7] step 6).
  const compiled = compileEventFilter(resolved);
  return { filter: resolved, matches: (event) => compiled.matches(event) };
}
