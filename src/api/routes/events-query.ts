// Query API: POST /events/filter, GET /events/filter/next, POST /events/count-by/{countable}
// ([compat S2.2]–[compat S2.4]). Paths are relative; the server mounts this under the API base.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { filterLimitsFrom, missing, nowTimestamp, validationError } from '../../events/index.js';
import type { EventFilter, ReceivedEvent } from '../../events/types.js';
import { requestContext } from '../auth-hook.js';
import { HeraldError } from '../../errors.js';
import type { ServerDeps } from '../deps.js';
import { createPageTokenCodec, type PageTokenCodec, type PageTokenState } from '../page-token.js';
import { MAX_PAGE_SIZE, parseCountByRequest, parseFilterRequest } from '../query-body.js';
import * as R from '../schemas/events.js';

export async function eventsQueryRoutes(app: FastifyInstance, deps: Pick<ServerDeps, 'services' | 'clock' | 'settings'>): Promise<void> {
  const { clock } = deps;
  const events = deps.services.events;
  const tokens = createPageTokenCodec(deps.settings.pageTokenSecret);
  const filterLimits = filterLimitsFrom(deps.settings);
  // [compat D10.12]: Prefect hard-codes `api/` in the link; Herald uses the prefix it is actually mounted
  // under (the configured `apiBasePath` when the server registers it).
  const nextPath = `${app.prefix}/events/filter/next`;

  app.post('/events/filter', { schema: R.filterEvents }, async (request) => {
    const parsed = parseFilterRequest(request.body, nowTimestamp(clock), filterLimits);
    if (!parsed.ok) throw validationError(parsed.issues, request.body ?? null);
    const ctx = requestContext(request);
    const { filter } = parsed.value;
    const limit = capToIds(parsed.value.limit, filter);
    const first = await events.firstPage(ctx, filter, limit);
    return page(
      request,
      tokens,
      nextPath,
      { workspaceId: ctx.workspaceId, filter, count: first.total, exact: first.exact, pageSize: limit, served: 0 },
      first.events,
    );
  });

  app.get('/events/filter/next', { schema: R.nextEventsPage }, async (request) => {
    const raw = (request.query as Record<string, unknown>)['page-token'];
    // A missing parameter is a request-validation error, as FastAPI answers it ([compat S2.3]).
    if (raw === undefined) throw validationError([missing(['query', 'page-token'], null)], null);
    const state = typeof raw === 'string' ? tokens.decode(raw) : null;
    // Prefect's body for every other token problem (empty, garbled, forged): 403 {"detail": "Forbidden"}.
    if (!state) throw new HeraldError('HERALD_ERR_PAGE_TOKEN');
    // [compat D10.12]: the page size is re-capped even though the token is signed (defence in depth).
    const limit = capToIds(Math.min(state.pageSize, MAX_PAGE_SIZE), state.filter);
    const found = await events.nextPage(requestContext(request), {
      workspaceId: state.workspaceId,
      filter: state.filter,
      limit,
      after: state.after,
    });
    return page(request, tokens, nextPath, { ...state, pageSize: limit }, found);
  });

  app.post('/events/count-by/:countable', { schema: R.countEvents }, async (request) => {
    const { countable } = request.params as { countable: string };
    const parsed = parseCountByRequest(countable, request.body, nowTimestamp(clock), filterLimits);
    if (!parsed.ok) throw validationError(parsed.issues, request.body ?? null);
    const { filter, timeUnit, timeInterval } = parsed.value;
    return events.countBy(requestContext(request), filter, parsed.value.countable, timeUnit, timeInterval);
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
): R.HeraldEventPage {
  const served = state.served + events.length;
  // [compat D10.12]: no endless chain of empty pages — a short or empty page (limit 0 included) ends it.
  // A lower-bound total ([compat D10.34]) says nothing about where the matches end: only a short page does.
  const more = state.pageSize > 0 && events.length === state.pageSize && (!state.exact || served < state.count);
  let next_page: string | null = null;
  if (more) {
    const last = events[events.length - 1];
    const token = tokens.encode({ ...state, served, after: { occurred: last.occurred, id: last.id } });
    next_page = `${request.protocol}://${request.host}${nextPath}?page-token=${token}`;
  }
  const body: R.HeraldEventPage = { events, total: state.count, next_page };
  // Only when flagged: an exact page stays exactly Prefect's shape ([compat D10.34]).
  if (!state.exact) body.total_relation = 'gte';
  return body;
}
