// The root of the route tree, on its own so each area's routes file (events, automations,
// destinations, resources) can hang its routes under it without importing the router.

import { createRootRoute } from '@tanstack/react-router';
import { NotFound } from '../pages/Placeholder';
import { Shell } from './Shell';

export const rootRoute = createRootRoute({ component: Shell, notFoundComponent: NotFound });
