// The automations pages' data, through the SDK's AutomationsClient. Each query gets React Query's
// AbortSignal. Only the engine state polls (every few seconds while its page is open): windows move
// with every event, and there is no push channel for them.

import { AutomationsClient, DestinationsClient } from '@herald/sdk/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useApi } from '../lib/api';
import type { Automation } from './types';

export const STATE_REFRESH_MS = 3000;

export function useAutomationsClient(): AutomationsClient {
  const { client } = useApi();
  return useMemo(() => new AutomationsClient(client), [client]);
}

export function useAutomationList() {
  const automations = useAutomationsClient();
  return useQuery({
    queryKey: ['automations'],
    queryFn: ({ signal }) => automations.list({ sort: 'NAME_ASC', limit: 200 }, { signal }),
    staleTime: 5000,
  });
}

export function useAutomation(id: string | undefined) {
  const automations = useAutomationsClient();
  return useQuery({
    queryKey: ['automation', id],
    queryFn: ({ signal }) => automations.read(id!, { signal }),
    enabled: Boolean(id),
    staleTime: 5000,
  });
}

export function useFirings(id: string, limit: number, refetchInterval?: number) {
  const automations = useAutomationsClient();
  return useQuery({
    queryKey: ['automation-firings', id, limit],
    queryFn: ({ signal }) => automations.firings(id, limit, { signal }),
    refetchInterval,
    staleTime: 2000,
  });
}

export function useEngineState(id: string) {
  const automations = useAutomationsClient();
  return useQuery({
    queryKey: ['automation-state', id],
    queryFn: ({ signal }) => automations.state(id, { signal }),
    refetchInterval: STATE_REFRESH_MS,
    staleTime: 0,
  });
}

export function useDestinations() {
  const { client } = useApi();
  return useQuery({
    queryKey: ['destinations'],
    queryFn: ({ signal }) => new DestinationsClient(client).list({ signal }),
  });
}

/**
 * PATCH enabled. The switch moves at once (optimistic: list and automation in the cache), and goes
 * back if the server refuses; both refresh from the server afterwards.
 */
export function useSetEnabled(id: string) {
  const automations = useAutomationsClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (enabled: boolean) => automations.setEnabled(id, enabled),
    onMutate: async (enabled) => {
      await qc.cancelQueries({ queryKey: ['automations'] });
      await qc.cancelQueries({ queryKey: ['automation', id] });
      const list = qc.getQueryData<Automation[]>(['automations']);
      const one = qc.getQueryData<Automation>(['automation', id]);
      if (list)
        qc.setQueryData(
          ['automations'],
          list.map((a) => (a.id === id ? { ...a, enabled } : a)),
        );
      if (one) qc.setQueryData(['automation', id], { ...one, enabled });
      return { list, one };
    },
    onError: (_err, _enabled, before) => {
      if (before?.list) qc.setQueryData(['automations'], before.list);
      if (before?.one) qc.setQueryData(['automation', id], before.one);
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['automations'] });
      void qc.invalidateQueries({ queryKey: ['automation', id] });
      void qc.invalidateQueries({ queryKey: ['automation-state', id] });
    },
  });
}
