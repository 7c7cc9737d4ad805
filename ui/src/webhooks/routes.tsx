// Routes of the inbound webhooks area. Pages load lazily (their own chunk and CSS).
//
//   /webhooks          the list (or what a webhook is, when there is none)
//   /webhooks/new      create one, with "Try it" on the draft
//   /webhooks/<id>     URL, settings with "Try it", rotate URL and secret, delete

import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';

const listRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/webhooks',
  component: lazyRouteComponent(() => import('./ListPage'), 'ListPage'),
});

const newRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/webhooks/new',
  component: lazyRouteComponent(() => import('./NewPage'), 'NewPage'),
});

const editRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/webhooks/$id',
  component: lazyRouteComponent(() => import('./EditPage'), 'EditPage'),
});

export const webhooksRoutes = [listRoute, newRoute, editRoute] as const;
