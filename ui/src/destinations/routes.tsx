// Routes of the destinations area (/destinations …).

import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import { Placeholder } from '../pages/Placeholder';

const listRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/destinations',
  component: () => <Placeholder title="Destinations" what="manage webhook, Slack, Teams and e-mail destinations" />,
});

export const destinationsRoutes = [listRoute] as const;
