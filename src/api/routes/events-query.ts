// Query API: POST /events/filter, GET /events/filter/next, POST /events/count-by/{countable}
// ([compat S2.2]–[compat S2.4]). Paths are relative; the server mounts this under the API base.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { filterLimitsFrom, nowTimestamp, timestampToMicros } from '../../events/index.js';
import type { EventCount, EventFilter, EventPage, ReceivedEvent } from '../../events/types.js';
import { DEFAULT_WORKSPACE_ID, type TimeBucketCount } from '../../storage/storage.js';
import { HeraldError } from '../../errors.js';
import type { ServerDeps } from '../deps.js';
import { validationError } from '../error-handler.js';
import { bucketWidthMicros, bucketsRequested, COUNT_BY_PIVOT, MAX_BUCKETS, timeSeries, wideBucketSpans } from '../count-by.js';
import { createPageTokenCodec, type PageTokenCodec, type PageTokenState } from '../page-token.js';
import { MAX_PAGE_SIZE, parseCountByRequest, parseFilterRequest } from '../query-body.js';

export async function eventsQueryRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const { storage, clock } = deps;
  const tokens = createPageTokenCodec(deps.settings.pageTokenSecret);
  const filterLimits = filterLimitsFrom(deps.settings);
  // [compat D10.12]: Prefect hard-codes `api/` in the link; Herald uses the prefix it is actually mounted
  // under (the configured `apiBasePath` when the server registers it).
  const nextPath = `${app.prefix}/events/filter/next`;

  app.post('/events/filter', async (request) => {
    const parsed = parseFilterRequest(request.body, nowTimestamp(clock), filterLimits);
    if (!parsed.ok) throw validationError(parsed.issues, request.body ?? null);
    const { filter } = parsed.value;
    const ws = DEFAULT_WORKSPACE_ID;
    const limit = capToIds(parsed.value.limit, filter);
    const events = limit > 0 ? await storage.events.queryEvents(ws, { filter, limit }) : [];
    // The exact COUNT is most of a first page's cost on a big table ([compat D10.27]); a short page already
    // holds every match (one per resource with `distinct`), so only a full page needs it.
    const total = limit > 0 && events.length < limit ? events.length : await storage.events.countEvents(ws, filter);
    return page(request, tokens, nextPath, { workspaceId: ws, filter, count: total, pageSize: limit, served: 0 }, events);
  });

  app.get('/events/filter/next', async (request) => {
    const raw = (request.query as Record<string, unknown>)['page-token'];
    const state = typeof raw === 'string' ? tokens.decode(raw) : null;
    // Prefect's body for every token problem: 403 {"detail": "Forbidden"}.
    if (!state) throw new HeraldError('HERALD_ERR_PAGE_TOKEN');
    // [compat D10.12]: the page size is re-capped even though the token is signed (defence in depth).
    const limit = capToIds(Math.min(state.pageSize, MAX_PAGE_SIZE), state.filter);
    const events =
      limit > 0 ? await storage.events.queryEvents(state.workspaceId, { filter: state.filter, limit, after: state.after }) : [];
    return page(request, tokens, nextPath, { ...state, pageSize: limit }, events);
  });

  app.post('/events/count-by/:countable', async (request) => {
    const { countable } = request.params as { countable: string };
    const parsed = parseCountByRequest(countable, request.body, nowTimestamp(clock), filterLimits);
    if (!parsed.ok) throw validationError(parsed.issues, request.body ?? null);
    const ws = DEFAULT_WORKSPACE_ID;
    const { filter } = parsed.value;
    // [compat D10.11]: legacy `day` is `time` with unit=day, interval=1 for the query AND the zero-fill
    // (Prefect used the request's unit/interval for the zero-fill only, giving a skewed series).
    const [unit, interval] = parsed.value.countable === 'day' ? (['day', 1] as const) : [parsed.value.timeUnit, parsed.value.timeInterval];
    const width = bucketWidthMicros(unit, interval);
    const since = timestampToMicros(filter.occurred.since);
    const until = timestampToMicros(filter.occurred.until);
    // Checked for every countable, as Prefect does.
    const buckets = bucketsRequested(since, until, width);
    // 422 {"detail": "The given interval would create N buckets, …"} (Prefect's exact text).
    if (buckets > MAX_BUCKETS) throw new HeraldError('HERALD_ERR_TOO_MANY_BUCKETS', { buckets });
    if (parsed.value.countable === 'event' || parsed.value.countable === 'resource') {
      const groups = await storage.events.countByGroup(ws, filter, parsed.value.countable);
      return groups.map(
        (g): EventCount => ({ value: g.value, label: g.label, count: g.count, start_time: g.start_time, end_time: g.end_time }),
      );
    }
    const counts = Number.isSafeInteger(width)
      ? await storage.events.countByTime(ws, filter, width, COUNT_BY_PIVOT)
      : await countWideBuckets(storage, ws, filter, width);
    return timeSeries({
      since: filter.occurred.since,
      until: filter.occurred.until,
      now: nowTimestamp(clock),
      unit,
      widthMicros: width,
      counts,
    });
  });
}

/** `limit` never exceeds the number of ids asked for ([compat S2.2]). */
function capToIds(limit: number, filter: EventFilter): number {
  const ids = filter.id?.id;
  return ids && ids.length > 0 ? Math.min(limit, ids.length) : limit;
}

function page(
  request: FastifyRequest,
  tokens: PageTokenCodec,
  nextPath: string,
  state: Omit<PageTokenState, 'after'>,
  events: ReceivedEvent[],
): EventPage {
  const served = state.served + events.length;
  // [compat D10.12]: no endless chain of empty pages — a short or empty page (limit 0 included) ends it.
  const more = state.pageSize > 0 && events.length === state.pageSize && served < state.count;
  let next_page: string | null = null;
  if (more) {
    const last = events[events.length - 1];
    const token = tokens.encode({ ...state, served, after: { occurred: last.occurred, id: last.id } });
    next_page = `${request.protocol}://${request.host}${nextPath}?page-token=${token}`;
  }
  return { events, total: state.count, next_page };
}

/**
 * count-by/time for a bucket wider than 2^53 µs (285 years): storage divides by the width as an
 * exact integer, which such a width is not, so each bucket's range is counted instead (at most ~37).
 * Events, not distinct resources, as storage's countByTime counts them.
 */
async function countWideBuckets(
  storage: ServerDeps['storage'],
  ws: string,
  filter: EventFilter,
  width: number,
): Promise<TimeBucketCount[]> {
  const counting: EventFilter = filter.resource?.distinct ? { ...filter, resource: { ...filter.resource, distinct: false } } : filter;
  const spans = wideBucketSpans(filter.occurred.since, filter.occurred.until, width);
  const counts = await Promise.all(
    spans.map((s) => storage.events.countEvents(ws, { ...counting, occurred: { since: s.since, until: s.until } })),
  );
  return spans.map((s, i) => ({ bucket: s.bucket, count: counts[i] })).filter((c) => c.count > 0);
}
