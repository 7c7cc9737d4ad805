// One query cache. No polling and no refetch on focus: the feed refreshes on demand or live-tails
// over the WebSocket (docs/ui.md). A 401 anywhere opens the API key prompt instead of an error.

import { isHeraldSdkError } from '@herald/sdk/browser';
import { QueryCache, QueryClient } from '@tanstack/react-query';
import { requireKey } from './auth-state';

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (err) => {
      if (isUnauthorized(err)) requireKey();
    },
  }),
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      staleTime: 30_000,
      retry: (count, err) => !isUnauthorized(err) && !(isHeraldSdkError(err) && err.status !== undefined && err.status < 500) && count < 1,
    },
  },
});

export function isUnauthorized(err: unknown): boolean {
  return isHeraldSdkError(err) && err.code === 'HERALD_SDK_UNAUTHORIZED';
}
