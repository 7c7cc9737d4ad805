// Code-based routes (few, and each page owns its search schema); each area keeps its routes in its
// own routes file. Paths follow Prefect's UI, so links from Prefect-style templates (`ui_url`) open
// here: /events, /events/event/<date>/<id>, /automations/create?eventId=…&eventDate=….

import { createRoute, createRouter, redirect } from '@tanstack/react-router';
import { automationsRoutes } from '../automations/routes';
import { destinationsRoutes } from '../destinations/routes';
import { resourcesRoutes } from '../resources/routes';
import { webhooksRoutes } from '../webhooks/routes';
import { EventDetailPage } from '../events/EventDetailPage';
import { FeedPage } from '../events/FeedPage';
import { validateFeedSearch } from '../events/feed-search';
import { parseSearch, stringifySearch } from '../lib/search-params';
import { rootRoute } from './root-route';

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/events' });
  },
});

const feedRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/events',
  validateSearch: validateFeedSearch,
  component: FeedPage,
});

const detailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/events/event/$date/$id',
  component: EventDetailPage,
});

export const router = createRouter({
  routeTree: rootRoute.addChildren([
    indexRoute,
    feedRoute,
    detailRoute,
    ...automationsRoutes,
    ...destinationsRoutes,
    ...webhooksRoutes,
    ...resourcesRoutes,
  ]),
  parseSearch,
  stringifySearch,
  defaultPreload: false,
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
