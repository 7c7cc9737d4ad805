// PUT /destinations/{id} for every edit of the page (settings, rotation, enable/disable): the answer
// becomes the cached destination, and the list is refreshed.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { onMutationUnauthorized } from '../lib/mutation-errors';
import type { DestinationInput, DestinationWire } from './types';
import { destinationKeys, useDestinationsClient } from './use-destinations';

export function useReplaceDestination(id: string) {
  const api = useDestinationsClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DestinationInput) => api.replace(id, input),
    onSuccess: (saved) => {
      queryClient.setQueryData(destinationKeys.one(id), saved);
      void queryClient.invalidateQueries({ queryKey: destinationKeys.all, exact: true });
    },
    onError: onMutationUnauthorized,
  });
}

/** The stored destination as a PUT body: name and config unchanged, secrets omitted (kept). */
export function unchanged(d: DestinationWire): DestinationInput {
  return { name: d.name, type: d.type, config: d.config };
}
