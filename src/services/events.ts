// The events application service: what a caller may do with events — ingest, page through, count —
// always inside the caller's workspace. Routes (HTTP and WebSocket) translate the wire to these
// calls and back; authorization and audit of event access will live here ([arch services]).

import type { Clock } from '../clock.js';
import { HeraldError } from '../errors.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, nowTimestamp, timestampToMicros } from '../events/index.js';
import type { Countable, Event, EventCount, EventFilter, ReceivedEvent, TimeUnit } from '../events/types.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { RequestContext } from '../request-context.js';
import type { EventStore, InsertResult, PageCursor, TimeBucketCount } from '../storage/storage.js';
import { bucketsRequested, bucketWidthMicros, COUNT_BY_PIVOT, MAX_BUCKETS, timeSeries, wideBucketSpans } from './count-by.js';

export interface EventServiceDeps {
  events: EventStore;
  ingestor: Ingestor;
  clock: Clock;
  /** `queryExactTotalLimit`: a first page's `total` is exact up to this many matches ([compat D10.34]). */
  exactTotalLimit: number;
}

/** A first page: its events and how many match in all — exactly, or at least `total` when not `exact`. */
export interface FirstPage {
  events: ReceivedEvent[];
  total: number;
  exact: boolean;
}

/** A page of a query already under way: where the previous page ended, in whose workspace. */
export interface PageAfter {
  workspaceId: string;
  filter: EventFilter;
  limit: number;
  after: PageCursor;
}

export class EventService {
  readonly #d: EventServiceDeps;

  constructor(deps: EventServiceDeps) {
    this.#d = deps;
  }

  /** Resolves once every event is durable (stored now, or already stored). */
  ingest(ctx: RequestContext, events: readonly Event[]): Promise<InsertResult> {
    return this.#d.ingestor.ingest(ctx.workspaceId, events);
  }

  /**
   * The first `limit` matches and how many there are in all: exact up to `exactTotalLimit` matches,
   * beyond it a lower bound flagged as such ([compat D10.34]).
   */
  async firstPage(ctx: RequestContext, filter: EventFilter, limit: number): Promise<FirstPage> {
    // The page and the count run side by side (each on its own reader): the count is most of a
    // first page's cost on a big table ([compat D10.27]). A short page already holds every match
    // (one per resource with `distinct`), so its count is not waited for — the price is a count
    // computed for nothing when the page turns out short. `total` is never below the page itself:
    // the bound is at least `limit`.
    const bound = Math.max(this.#d.exactTotalLimit, limit);
    const counting = this.#d.events.countEventsUpTo(ctx.workspaceId, filter, bound);
    counting.catch(() => undefined); // awaited below unless the page is short; never unhandled
    const events = limit > 0 ? await this.#d.events.queryEvents(ctx.workspaceId, { filter, limit }) : [];
    if (limit > 0 && events.length < limit) return { events, total: events.length, exact: true };
    const counted = await counting;
    return { events, total: counted.count, exact: counted.exact };
  }

  /**
   * The page after `page.after`. The page was started in `page.workspaceId`; a caller from another
   * workspace gets Prefect's page-token refusal (403), exactly as for a forged token.
   */
  async nextPage(ctx: RequestContext, page: PageAfter): Promise<ReceivedEvent[]> {
    if (page.workspaceId !== ctx.workspaceId) throw new HeraldError('HERALD_ERR_PAGE_TOKEN');
    if (page.limit <= 0) return [];
    return this.#d.events.queryEvents(ctx.workspaceId, { filter: page.filter, limit: page.limit, after: page.after });
  }

  /** One event by id, whenever it occurred; null when the caller's workspace has no such event. */
  async get(ctx: RequestContext, id: string): Promise<ReceivedEvent | null> {
    const [event] = await this.#d.events.queryEvents(ctx.workspaceId, {
      filter: { occurred: { since: MIN_TIMESTAMP, until: MAX_TIMESTAMP }, id: { id: [id] }, order: 'DESC' },
      limit: 1,
    });
    return event ?? null;
  }

  /**
   * POST /events/count-by/{countable} ([compat S2.4]): one row per event name or resource, or the
   * zero-filled series of `interval × unit` buckets over the filter's range. The bucket count is
   * checked for every countable, as Prefect does.
   */
  async countBy(ctx: RequestContext, filter: EventFilter, countable: Countable, unit: TimeUnit, interval: number): Promise<EventCount[]> {
    // [compat D10.11]: legacy `day` is `time` with unit=day, interval=1 for the query AND the zero-fill
    // (Prefect used the request's unit/interval for the zero-fill only, giving a skewed series).
    const [bucketUnit, bucketInterval] = countable === 'day' ? (['day', 1] as const) : [unit, interval];
    const width = bucketWidthMicros(bucketUnit, bucketInterval);
    const buckets = bucketsRequested(timestampToMicros(filter.occurred.since), timestampToMicros(filter.occurred.until), width);
    // 422 {"detail": "The given interval would create N buckets, …"} (Prefect's exact text).
    if (buckets > MAX_BUCKETS) throw new HeraldError('HERALD_ERR_TOO_MANY_BUCKETS', { buckets });
    if (countable === 'event' || countable === 'resource') {
      const groups = await this.#d.events.countByGroup(ctx.workspaceId, filter, countable);
      return groups.map(
        (g): EventCount => ({ value: g.value, label: g.label, count: g.count, start_time: g.start_time, end_time: g.end_time }),
      );
    }
    const counts = Number.isSafeInteger(width)
      ? await this.#d.events.countByTime(ctx.workspaceId, filter, width, COUNT_BY_PIVOT)
      : await this.#countWideBuckets(ctx.workspaceId, filter, width);
    return timeSeries({
      since: filter.occurred.since,
      until: filter.occurred.until,
      now: nowTimestamp(this.#d.clock),
      unit: bucketUnit,
      widthMicros: width,
      counts,
    });
  }

  /**
   * count-by/time for a bucket wider than 2^53 µs (285 years): storage divides by the width as an
   * exact integer, which such a width is not, so each bucket's range is counted instead (at most ~37).
   * Events, not distinct resources, as storage's countByTime counts them.
   */
  async #countWideBuckets(ws: string, filter: EventFilter, width: number): Promise<TimeBucketCount[]> {
    const counting: EventFilter = filter.resource?.distinct ? { ...filter, resource: { ...filter.resource, distinct: false } } : filter;
    const spans = wideBucketSpans(filter.occurred.since, filter.occurred.until, width);
    const counts = await Promise.all(
      spans.map((s) => this.#d.events.countEvents(ws, { ...counting, occurred: { since: s.since, until: s.until } })),
    );
    return spans.map((s, i) => ({ bucket: s.bucket, count: counts[i] })).filter((c) => c.count > 0);
  }
}
