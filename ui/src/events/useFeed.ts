// The feed's data: pages of events through `next_page` (infinite scroll), the histogram counts and
// the event-name options. Each query receives React Query's AbortSignal, so a changed filter cancels
// what is in flight instead of letting stale answers race the new ones. A new API key resets every
// query (ApiKeyDialog), so keys need not name the client.

import type { EventFilterInput, TimeUnit } from '@herald/sdk/browser';
import { useInfiniteQuery, useIsFetching, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../lib/api';

export const PAGE_SIZE = 50;

export function useEventPages(filter: EventFilterInput) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: ['events', filter],
    queryFn: ({ pageParam, signal }) =>
      pageParam ? client.nextPage(pageParam, { signal }) : client.queryPage(filter, PAGE_SIZE, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_page ?? undefined,
  });
}

/**
 * The histogram's counts, asked for once the list's first page has its answer: both read the same
 * window, and on two cores they slowed each other down — the rows are what a person waits for
 * (bench/ui-feed.bench.ts: 7 d text search at 2 M events).
 */
export function useTimeCounts(filter: EventFilterInput, unit: TimeUnit, interval: number) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const pagesKey = ['events', filter];
  const pagesFetching = useIsFetching({ queryKey: pagesKey, exact: true }) > 0;
  const pagesStatus = queryClient.getQueryState(pagesKey)?.status;
  return useQuery({
    queryKey: ['count-by-time', filter, unit, interval],
    queryFn: ({ signal }) => client.countBy('time', filter, { timeUnit: unit, timeInterval: interval, signal }),
    enabled: !pagesFetching && pagesStatus !== undefined && pagesStatus !== 'pending',
  });
}

/**
 * The names in the window, fetched only once `enabled` (the picker is opened): over millions of
 * events a grouping by name costs a count of the whole window, which the list should not wait for.
 */
export function useEventNameCounts(filter: EventFilterInput, enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['count-by-event', filter],
    queryFn: ({ signal }) => client.countBy('event', filter, { signal }),
    enabled,
  });
}
