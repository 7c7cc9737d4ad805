// The webhooks client over the current API client (a new key makes a new one), the query keys
// (everything under ['webhooks'], so one invalidation refreshes list and pages), a webhook's URL,
// and the feed links for its events and its failures.

import { WebhooksClient } from '@herald/sdk/browser';
import { useMemo } from 'react';
import type { FeedSearch } from '../events/feed-search';
import { useApi } from '../lib/api';

export function useWebhooksClient(): WebhooksClient {
  const { client } = useApi();
  return useMemo(() => new WebhooksClient(client), [client]);
}

export const webhookKeys = {
  all: ['webhooks'] as const,
  one: (id: string) => ['webhooks', id] as const,
};

/** Where senders post: this server's origin + `/hooks/<slug>` (the receive route is outside the API prefix). */
export function hookUrlOf(slug: string): string {
  return `${window.location.origin}/hooks/${encodeURIComponent(slug)}`;
}

/** The webhook's resource id: what its events relate to and its failures are about. */
export const webhookResourceId = (id: string) => `prefect-cloud.webhook.${id}`;

/** The feed narrowed to the events this webhook made (it is their related resource, role `webhook`). */
export const eventsSearch = (id: string): FeedSearch => ({ role: 'webhook', related: webhookResourceId(id) });

/** The feed narrowed to this webhook's failures: `prefect-cloud.webhook.failed` about its resource. */
export const failuresSearch = (id: string): FeedSearch => ({ event: ['prefect-cloud.webhook.failed'], resource: webhookResourceId(id) });
