// Routes of the destinations area. Pages load lazily (their own chunk and CSS): most visits to the
// UI are to the event feed.
//
//   /destinations              the list (or what a destination is, when there is none)
//   /destinations/new?type=…   create one; the type is in the URL, webhook when absent
//   /destinations/<id>         edit, rotate, send a test, delete

import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import { isDestinationType, type DestinationType } from './types';

const listRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/destinations',
  component: lazyRouteComponent(() => import('./ListPage'), 'ListPage'),
});

export interface NewSearch {
  type?: DestinationType;
}

const newRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/destinations/new',
  // An unknown type is dropped, not an error: the page opens on the default.
  validateSearch: (raw: Record<string, unknown>): NewSearch => (isDestinationType(raw.type) ? { type: raw.type } : {}),
  component: lazyRouteComponent(() => import('./NewPage'), 'NewPage'),
});

const editRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/destinations/$id',
  component: lazyRouteComponent(() => import('./EditPage'), 'EditPage'),
});

export const destinationsRoutes = [listRoute, newRoute, editRoute] as const;
