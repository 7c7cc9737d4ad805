// WebhooksClient: the inbound webhooks API (`/api/webhooks`; docs/webhooks.md) over a HeraldClient's
// requests. A webhook turns HTTP requests sent to `<server>/hooks/<slug>` into events through its
// template. Secrets are write-only: the server says whether one is set, and returns a secret it
// generated once (`signing_secret` of create, change and rotateSecret).

import type { HeraldClient, RequestOptions } from './http-client.js';

export type { SignaturePreset, WebhookSignatureWire, WebhookWire, WebhookWithSecretWire } from './webhook-types.js';
import type { SignaturePreset, WebhookWire, WebhookWithSecretWire } from './webhook-types.js';

/** The signature check to set: omit `secret` to keep the current one (same preset) or have one generated. */
export interface WebhookSignatureInput {
  preset: SignaturePreset;
  secret?: string;
  header?: string;
  algorithm?: 'sha1' | 'sha256' | 'sha512';
  encoding?: 'hex' | 'base64';
  prefix?: string;
  tolerance_seconds?: number;
}

/** The body of create and replace (name and template required); `change` takes any part of it. */
export interface WebhookInput {
  name: string;
  template: string;
  description?: string;
  enabled?: boolean;
  /** `null` removes the check. */
  signature?: WebhookSignatureInput | null;
  dedup_key?: string | null;
  /** `burst` defaults to one second's worth of requests. */
  rate_limit?: { per_second: number; burst?: number } | null;
  emit_received?: boolean;
}

/** A sample request for `test` / `testDraft`; a `body` that is not a string is sent as JSON. */
export interface WebhookTestInput {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  query?: string;
  /** A draft template instead of the saved one (required by `testDraft`). */
  template?: string;
  dedup_key?: string | null;
  name?: string;
}

export type WebhookTestResult =
  | { ok: true; event: Record<string, unknown> }
  | { ok: false; error: { type: string; message: string; line: number | null }; rendered: string | null };

export class WebhooksClient {
  readonly #client: HeraldClient;

  constructor(client: HeraldClient) {
    this.#client = client;
  }

  /** `GET /webhooks`, oldest first. */
  list(options?: RequestOptions): Promise<WebhookWire[]> {
    return this.#client.requestJson('GET', '/webhooks', undefined, options);
  }

  /** `POST /webhooks`: the server draws the slug. */
  create(input: WebhookInput, options?: RequestOptions): Promise<WebhookWithSecretWire> {
    return this.#client.requestJson('POST', '/webhooks', input, options);
  }

  /** `GET /webhooks/{id}`. */
  read(id: string, options?: RequestOptions): Promise<WebhookWire> {
    return this.#client.requestJson('GET', path(id), undefined, options);
  }

  /** `PUT /webhooks/{id}`: fields left out keep their values. */
  replace(id: string, input: WebhookInput, options?: RequestOptions): Promise<WebhookWithSecretWire> {
    return this.#client.requestJson('PUT', path(id), input, options);
  }

  /** `PATCH /webhooks/{id}`, e.g. `{enabled: false}`; the webhook with `signing_secret` when the change generated one. */
  change(id: string, input: Partial<WebhookInput>, options?: RequestOptions): Promise<WebhookWithSecretWire | undefined> {
    return this.#client.requestJson('PATCH', path(id), input, options);
  }

  /** `POST /webhooks/{id}/rotate`: a new slug; the old URL stops working at once. */
  rotateSlug(id: string, options?: RequestOptions): Promise<WebhookWire> {
    return this.#client.requestJson('POST', `${path(id)}/rotate`, undefined, options);
  }

  /** `POST /webhooks/{id}/rotate-secret`: the previous secret stays valid for `overlap_seconds` (default a day). */
  rotateSecret(
    id: string,
    input: { secret?: string; overlap_seconds?: number } = {},
    options?: RequestOptions,
  ): Promise<WebhookWithSecretWire> {
    return this.#client.requestJson('POST', `${path(id)}/rotate-secret`, input, options);
  }

  /** `DELETE /webhooks/{id}`. */
  delete(id: string, options?: RequestOptions): Promise<void> {
    return this.#client.requestJson('DELETE', path(id), undefined, options);
  }

  /** `POST /webhooks/{id}/test`: the event a sample request would make (nothing is stored). */
  test(id: string, input: WebhookTestInput = {}, options?: RequestOptions): Promise<WebhookTestResult> {
    return this.#client.requestJson('POST', `${path(id)}/test`, input, options);
  }

  /** `POST /webhooks/test`: the same for a draft template, before saving. */
  testDraft(input: WebhookTestInput & { template: string }, options?: RequestOptions): Promise<WebhookTestResult> {
    return this.#client.requestJson('POST', '/webhooks/test', input, options);
  }
}

/** The URL senders post to: the server root (an API URL's `/api` removed) + `/hooks/<slug>`. */
export function hookUrl(apiUrl: string, slug: string): string {
  return `${apiUrl.replace(/\/+$/, '').replace(/\/api$/, '')}/hooks/${encodeURIComponent(slug)}`;
}

const path = (id: string) => `/webhooks/${encodeURIComponent(id)}`;
