// The body of an event feed — controls, sticky histogram, count and live status, list — for any
// filter: the feed page passes its URL search, the resource timeline adds its resource as `scope`.
// The time window is resolved once per view (so list, histogram and count agree), and live-tailed
// events are merged above the queried pages.

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { EventList } from './EventList';
import { FeedState } from './FeedState';
import { FeedStatus } from './FeedStatus';
import { FilterBar } from './FilterBar';
import { type AnyResourceFilterInput, type FeedSearch, activeFilterCount, baseFilter, CLEAR_FILTERS, toFilter } from './feed-search';
import { Histogram } from './Histogram';
import { previousWindow, resolveRange } from './range';
import { useAnchor } from './useAnchor';
import { useEventPages } from './useFeed';
import { useLiveTail } from './useLiveTail';

interface Props {
  search: FeedSearch;
  update(patch: Partial<FeedSearch>): void;
  /** A fixed criterion AND-ed with the search: the resource timeline's resource (no resource box then). */
  scope?: AnyResourceFilterInput;
}

const isAtTop = () => window.scrollY < 120;
/** The queries a view's Refresh (and re-query after a live-tail gap) asks again (keys in useFeed.ts, ResourceBox.tsx). */
const VIEW_QUERIES = new Set(['events', 'count-by-time', 'count-by-event', 'count-by-resource']);

export function FeedView({ search, update, scope }: Props) {
  const { live, ...view } = search;
  const [now, renew] = useAnchor(JSON.stringify([view, scope ?? null]));
  const queryClient = useQueryClient();
  // A relative window is rounded to the minute, so a new "now" can give the very same filter (and
  // cached answers): refetch what the view shows as well.
  const refresh = useCallback(() => {
    renew();
    void queryClient.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && VIEW_QUERIES.has(q.queryKey[0]) });
  }, [renew, queryClient]);
  // `scope` must be stable across renders (the timeline memoizes it by resource id).
  const filters = useMemo(
    () => ({
      list: toFilter(search, now, { scope }),
      names: toFilter(search, now, { scope, events: false }),
      resources: toFilter(search, now, { scope, resource: false }),
      live: baseFilter(search, { scope }),
    }),
    [search, now, scope],
  );
  const { since, until } = resolveRange(search, now);

  const pages = useEventPages(filters.list);
  const tail = useLiveTail(Boolean(live) && !search.since, filters.live, isAtTop);

  const queried = useMemo(() => pages.data?.pages.flatMap((p) => p.events) ?? [], [pages.data]);
  const events = useMemo(() => {
    if (!tail.shown.length) return queried;
    const seen = new Set(queried.map((e) => e.id));
    return [...tail.shown.filter((e) => !seen.has(e.id)), ...queried];
  }, [queried, tail.shown]);

  return (
    <>
      <FilterBar
        search={search}
        namesFilter={filters.names}
        resourcesFilter={scope ? undefined : filters.resources}
        update={update}
        previous={() => update({ ...previousWindow(search, now), live: undefined })}
        refresh={refresh}
      />
      <div className="sticky">
        <Histogram
          filter={filters.list}
          since={since}
          until={until}
          onZoom={(a, b) => update({ since: new Date(a).toISOString(), until: new Date(b).toISOString(), live: undefined })}
        />
        <FeedStatus first={pages.data?.pages[0]} pending={pages.isPending} live={Boolean(live)} tail={tail} requery={refresh} />
      </div>
      <FeedState
        pages={pages}
        empty={events.length === 0}
        search={search}
        filters={activeFilterCount(search)}
        clear={() => update(CLEAR_FILTERS)}
        widen={() => update({ range: '7d', since: undefined, until: undefined })}
      />
      {events.length > 0 && (
        <EventList
          events={events}
          now={now}
          hasMore={Boolean(pages.hasNextPage)}
          loadingMore={pages.isFetchingNextPage}
          loadMore={() => void pages.fetchNextPage()}
        />
      )}
    </>
  );
}
