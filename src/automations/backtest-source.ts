// What a backtest reads from the real event store: only the events of the range that one of the
// automation's triggers could look at, oldest first, through the Storage interface (so either
// backend serves as the source) and never more than the setting allows.
//
// The trigger engine picks candidate triggers by event name (`expect` and `after` globs), so the
// range is narrowed by name in SQL: each glob contributes the literal text before its first
// wildcard as an `event.prefix`. That selects a superset of what the triggers match (the engine
// itself then decides, on its own code path), and it is what is counted against the bound.

import { HeraldError } from '../errors.js';
import { parseGlob } from '../events/index.js';
import type { EventFilter, ReceivedEvent, Timestamp } from '../events/types.js';
import { walkTriggers, type Trigger } from '../model/automation.js';
import type { EventStore, PageCursor } from '../storage/storage.js';

/** The engine never evaluates these (docs/automations.md); leaving them out keeps them out of the count too. */
const NEVER_EVALUATED = ['prefect.log.write'];
/** Events per read from the source store. */
const SOURCE_PAGE = 2000;

/** The events a backtest of `trigger` over [since, until] reads: the range, narrowed by event name. */
export function sourceFilter(trigger: Trigger, since: Timestamp, until: Timestamp): EventFilter {
  const prefixes = namePrefixes(trigger);
  return {
    occurred: { since, until },
    event: { ...(prefixes && { prefix: prefixes }), exclude_name: NEVER_EVALUATED },
    order: 'ASC',
  };
}

/**
 * Literal prefixes that together cover every event name some trigger of the tree expects or starts
 * after; null when any name may matter (an empty `expect`, or a glob that starts with a wildcard).
 */
export function namePrefixes(trigger: Trigger): string[] | null {
  const prefixes = new Set<string>();
  for (const t of walkTriggers(trigger)) {
    if (t.type !== 'event') continue;
    if (t.expect.length === 0) return null;
    for (const pattern of [...t.expect, ...t.after]) {
      const first = parseGlob(pattern)[0];
      // `''` matches only the empty name; a leading literal is a prefix of every match.
      if (first === undefined) prefixes.add('');
      else if (first.type === 'literal') prefixes.add(first.value);
      else return null;
    }
  }
  // A prefix that another one covers adds nothing (and '' covers everything: no narrowing).
  const sorted = [...prefixes].sort();
  if (sorted[0] === '') return null;
  return sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(q)));
}

/**
 * 422 HERALD_ERR_BACKTEST_TOO_LARGE, before anything is replayed, when the range holds more events than
 * `maxEvents` ([arch I3]: every limit is a setting, and refusing names it). The count is exact up to
 * ten times the limit, so the message says by how much; its cost is bounded by that too.
 */
export async function checkBound(events: EventStore, workspaceId: string, filter: EventFilter, maxEvents: number): Promise<number> {
  const counted = await events.countEventsUpTo(workspaceId, filter, maxEvents * 10);
  if (counted.exact && counted.count <= maxEvents) return counted.count;
  throw tooManyEvents(filter, counted.exact ? String(counted.count) : `more than ${counted.count}`, maxEvents);
}

export function tooManyEvents(filter: EventFilter, count: string, maxEvents: number): HeraldError {
  const { since, until } = filter.occurred;
  return new HeraldError('HERALD_ERR_BACKTEST_TOO_LARGE', {
    reason:
      `the range ${since} to ${until} holds ${count} events this automation's triggers could look at; ` +
      `a backtest replays at most ${maxEvents} (setting backtestMaxEvents, HERALD_BACKTEST_MAX_EVENTS): narrow since/until`,
  });
}

/** The range's events in (occurred, id) order, one page at a time. */
export async function* readRange(events: EventStore, workspaceId: string, filter: EventFilter): AsyncGenerator<ReceivedEvent[]> {
  let after: PageCursor | undefined;
  for (;;) {
    const page = await events.queryEvents(workspaceId, { filter, limit: SOURCE_PAGE, ...(after && { after }) });
    if (page.length === 0) return;
    yield page;
    if (page.length < SOURCE_PAGE) return;
    const last = page[page.length - 1];
    after = { occurred: last.occurred, id: last.id };
  }
}
