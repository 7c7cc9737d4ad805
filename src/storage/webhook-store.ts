// The storage contract of inbound webhooks (docs/webhooks.md): configuration rows, one per webhook,
// looked up by id in a workspace (the management API) and by slug across workspaces (the receive
// endpoint `/hooks/{slug}`, which carries no credential of its own).
//
// Everything but the secrets is one JSON document (`WebhookSettings`), like automations: the
// fields grow with the product and no query filters on them. The slug has its own unique column
// because the receive path looks it up on every request.

import type { Timestamp } from '../events/types.js';

/** What a webhook does with a request; stored as JSON, shown by the API (never the secrets). */
export interface WebhookSettings {
  name: string;
  description: string;
  enabled: boolean;
  /** Jinja2 source rendering to one event's JSON. */
  template: string;
  /** Prefect Cloud's field; service accounts arrive with tenancy, until then always null. */
  serviceAccountId: string | null;
  /** Signature check (signatures.ts SignatureConfig), or null for none. */
  signature: Record<string, unknown> | null;
  /** A template whose output, when not empty, names the delivery: the same key yields one event. */
  dedupKey: string | null;
  /** Token bucket: at most `burst` requests at once, refilled at `perSecond`; null = unlimited. */
  rateLimit: { perSecond: number; burst: number } | null;
  /** Emit `prefect-cloud.webhook.received` for every request (before rendering). */
  emitReceived: boolean;
}

/** Write-only secrets of the signature check: the current one and, during a rotation, the previous. */
export interface WebhookSecrets {
  current: string | null;
  /** Still accepted until `expires` (a rotation's overlap), then forgotten. */
  previous: { secret: string; expires: Timestamp } | null;
}

export interface WebhookRecord {
  id: string;
  workspaceId: string;
  /** 22 URL-safe characters (16 random bytes): the unguessable part of `/hooks/{slug}`. */
  slug: string;
  settings: WebhookSettings;
  secrets: WebhookSecrets;
  created: Timestamp;
  updated: Timestamp;
}

export interface WebhookStore {
  /** False when the slug is taken (the caller draws another). */
  create(record: WebhookRecord): Promise<boolean>;
  get(workspaceId: string, id: string): Promise<WebhookRecord | null>;
  /** Across workspaces: the receive endpoint's lookup. */
  bySlug(slug: string): Promise<WebhookRecord | null>;
  /** Oldest first. */
  list(workspaceId: string): Promise<WebhookRecord[]>;
  /** Replaces every field but id and workspace (slug included); false when it does not exist. */
  update(record: WebhookRecord): Promise<boolean>;
  delete(workspaceId: string, id: string): Promise<boolean>;
}
