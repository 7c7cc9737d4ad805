// The page's writes through the SDK: each updates the cached webhook from the answer (or refetches)
// and refreshes the list; a 401 opens the API key prompt, like a query's does.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { onMutationUnauthorized } from '../lib/mutation-errors';
import type { WebhookInput, WebhookWire } from './types';
import { useWebhooksClient, webhookKeys } from './use-webhooks';

/** PATCH {enabled}: the list's switch. The cached list moves at once and moves back if refused. */
export function useSetEnabled(id: string) {
  const api = useWebhooksClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (enabled: boolean) => api.change(id, { enabled }),
    onMutate: (enabled) => {
      const before = queryClient.getQueryData<WebhookWire[]>(webhookKeys.all);
      queryClient.setQueryData<WebhookWire[]>(webhookKeys.all, (list) => list?.map((w) => (w.id === id ? { ...w, enabled } : w)));
      return { before };
    },
    onError: (err, _enabled, context) => {
      onMutationUnauthorized(err);
      if (context?.before) queryClient.setQueryData(webhookKeys.all, context.before);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: webhookKeys.all });
    },
  });
}

/** PUT: the form's save. */
export function useReplaceWebhook(id: string) {
  const api = useWebhooksClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: WebhookInput) => api.replace(id, input),
    onSuccess: ({ signing_secret: _secret, ...saved }) => {
      queryClient.setQueryData(webhookKeys.one(id), saved);
      void queryClient.invalidateQueries({ queryKey: webhookKeys.all, exact: true });
    },
    onError: onMutationUnauthorized,
  });
}

export function useRotateSlug(id: string) {
  const api = useWebhooksClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.rotateSlug(id),
    onSuccess: (saved) => {
      queryClient.setQueryData(webhookKeys.one(id), saved);
      void queryClient.invalidateQueries({ queryKey: webhookKeys.all, exact: true });
    },
    onError: onMutationUnauthorized,
  });
}

export function useRotateSecret(id: string) {
  const api = useWebhooksClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.rotateSecret(id),
    onSuccess: ({ signing_secret: _secret, ...saved }) => {
      queryClient.setQueryData(webhookKeys.one(id), saved);
      void queryClient.invalidateQueries({ queryKey: webhookKeys.all, exact: true });
    },
    onError: onMutationUnauthorized,
  });
}

export function useDeleteWebhook(id: string) {
  const api = useWebhooksClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: webhookKeys.one(id) });
      void queryClient.invalidateQueries({ queryKey: webhookKeys.all, exact: true });
    },
    onError: onMutationUnauthorized,
  });
}
