// Recent firings of one automation summarised for the list: the newest, and its actions' outcomes
// counted over the last RECENT firings. Both list cells share one request (same query key).

import { useFirings } from './queries';

export const RECENT = 20;

export function useFiringsSummary(id: string) {
  const q = useFirings(id, RECENT);
  const counts = { succeeded: 0, failed: 0, pending: 0 };
  for (const f of q.data ?? []) for (const a of f.actions) counts[a.status]++;
  return { firings: q.data, counts, isError: q.isError };
}
