// The destinations client over the current API client (a new key makes a new one), and the query
// keys: everything lives under ['destinations'], so one invalidation refreshes list and pages.

import { DestinationsClient } from '@herald/sdk/browser';
import { useMemo } from 'react';
import { useApi } from '../lib/api';

export function useDestinationsClient(): DestinationsClient {
  const { client } = useApi();
  return useMemo(() => new DestinationsClient(client), [client]);
}

export const destinationKeys = {
  all: ['destinations'] as const,
  one: (id: string) => ['destinations', id] as const,
  usedBy: (id: string) => ['destinations', id, 'used-by'] as const,
};
