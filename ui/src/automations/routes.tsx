// Routes of the automations area. Pages load lazily (each its own chunk): the editor with its
// backtest chart is the heaviest page of the UI and most visits never open it.

import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import { validateDetailSearch, validateEditorSearch, validateEditTabSearch } from './search';

const listRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/automations',
  component: lazyRouteComponent(() => import('./ListPage'), 'ListPage'),
});

const createPageRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/automations/create',
  validateSearch: validateEditorSearch,
  component: lazyRouteComponent(() => import('./EditorPage'), 'CreatePage'),
});

const detailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/automations/$id',
  validateSearch: validateDetailSearch,
  component: lazyRouteComponent(() => import('./DetailPage'), 'DetailPage'),
});

const editRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/automations/$id/edit',
  validateSearch: validateEditTabSearch,
  component: lazyRouteComponent(() => import('./EditorPage'), 'EditPage'),
});

export const automationsRoutes = [listRoute, createPageRoute, detailRoute, editRoute] as const;
