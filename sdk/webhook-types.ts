// The inbound webhook object on the wire (docs/webhooks.md), defined once: the SDK's WebhooksClient
// returns it and the server's view (src/webhooks/view.ts) is this type, held to the published
// schema at compile time (src/api/schemas/webhooks.ts). Type-only: this file emits no JavaScript.

export type SignaturePreset = 'standard-webhooks' | 'github' | 'stripe' | 'slack' | 'hmac';

/** The signature check as the server shows it. */
export interface WebhookSignatureWire {
  preset: string;
  header?: string;
  algorithm?: string;
  encoding?: string;
  prefix?: string;
  tolerance_seconds?: number;
  secret_set: boolean;
  /** While a rotated secret is still accepted: until when. */
  previous_secret_expires: string | null;
}

/** A webhook as the server returns it (Prefect Cloud's fields, then Herald's). */
export interface WebhookWire {
  id: string;
  created: string;
  updated: string;
  name: string;
  description: string;
  enabled: boolean;
  template: string;
  service_account_id: string | null;
  account: string;
  workspace: string;
  /** The endpoint is `<server root>/hooks/<slug>` (see `hookUrl`). */
  slug: string;
  signature: WebhookSignatureWire | null;
  dedup_key: string | null;
  rate_limit: { per_second: number; burst: number } | null;
  emit_received: boolean;
}

/** An answer that may carry a secret the server generated: shown this once. */
export interface WebhookWithSecretWire extends WebhookWire {
  signing_secret?: string;
}
