// /events: the event feed. Its whole state is the URL (feed-search.ts); the body is FeedView,
// shared with the resource timeline.

import { useCallback } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import type { FeedSearch } from './feed-search';
import { FeedView } from './FeedView';

export function FeedPage() {
  // By route id, not the route object: router.tsx imports this page, so no import back (no cycle).
  const search = useSearch({ from: '/events' });
  const navigate = useNavigate({ from: '/events' });
  const update = useCallback(
    (patch: Partial<FeedSearch>) => navigate({ search: (prev: FeedSearch) => ({ ...prev, ...patch }) }),
    [navigate],
  );
  return (
    <section className="page feed" aria-labelledby="feed-title">
      <h1 id="feed-title" className="sr-only">
        Event feed
      </h1>
      <FeedView search={search} update={update} />
    </section>
  );
}
