// Routes of the resources area (/resources/<resource id>).

import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../app/root-route';
import { Placeholder } from '../pages/Placeholder';

const timelineRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/resources/$id',
  component: () => <Placeholder title="Resource" what="show every event of this resource" />,
});

export const resourcesRoutes = [timelineRoute] as const;
