// Routes of the resources area: /resources/<resource id>, the resource timeline. Its search params
// are the feed's (range, names, related, labels, text, live) — minus `resource`, which the path fixes.

import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import { type FeedSearch, validateFeedSearch } from '../events/feed-search';
import { ResourceTimelinePage } from './ResourceTimelinePage';

const timelineRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/resources/$id',
  validateSearch: (raw: Record<string, unknown>): FeedSearch => ({ ...validateFeedSearch(raw), resource: undefined }),
  component: ResourceTimelinePage,
});

export const resourcesRoutes = [timelineRoute] as const;
