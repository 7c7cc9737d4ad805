// What is known of a resource: its labels from its most recent event as the primary resource, and
// from its most recent event as a related one (with its role) — events carry a resource's labels,
// there is no resource table. Both queries span the server's default window (180 days).

import type { EventFilterInput } from '@herald/sdk/browser';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../lib/api';
import { resourceId } from '../events/humanize';

export interface ResourceLabels {
  primary?: Record<string, string>;
  related?: Record<string, string>;
  /** `occurred` of the event the primary labels come from. */
  primaryAt?: string;
}

export function useResource(id: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['resource', id],
    queryFn: async ({ signal }): Promise<ResourceLabels> => {
      const latest = (filter: EventFilterInput) => client.queryPage({ ...filter, order: 'DESC' }, 1, { signal }).then((p) => p.events[0]);
      const [asPrimary, asRelated] = await Promise.all([latest({ resource: { id: [id] } }), latest({ related: { id: [id] } })]);
      return {
        primary: asPrimary?.resource,
        primaryAt: asPrimary?.occurred,
        related: asRelated?.related.find((r) => resourceId(r) === id),
      };
    },
  });
}
