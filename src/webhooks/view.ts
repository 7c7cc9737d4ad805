// What the management API returns for a webhook: Prefect Cloud's fields (id, created,
// updated, name, description, enabled, template, service_account_id, account, workspace, slug) and
// Herald's (signature without its secret, dedup_key, rate_limit, emit_received). Secrets are
// write-only: the view says whether one is set and until when a rotated one is still accepted.

import type { Timestamp } from '../events/types.js';
import type { WebhookRecord } from '../storage/webhook-store.js';
import type { SignatureConfig } from './signatures.js';
import type { WebhookSignatureWire, WebhookWire } from '../../sdk/webhook-types.js';

/** Herald has no accounts yet: every webhook belongs to this one (the nil UUID). */
export const ACCOUNT_ID = '00000000-0000-0000-0000-000000000000';

/** What the API returns for a webhook: the SDK's wire type (one definition, sdk/webhook-types.ts). */
export type WebhookView = WebhookWire;
export type SignatureView = WebhookSignatureWire;

export function webhookView(r: WebhookRecord, now: Timestamp): WebhookView {
  const s = r.settings;
  const previous = r.secrets.previous && r.secrets.previous.expires > now ? r.secrets.previous.expires : null;
  return {
    id: r.id,
    created: r.created,
    updated: r.updated,
    name: s.name,
    description: s.description,
    enabled: s.enabled,
    template: s.template,
    service_account_id: s.serviceAccountId,
    account: ACCOUNT_ID,
    workspace: r.workspaceId,
    slug: r.slug,
    signature: s.signature
      ? { ...(s.signature as unknown as SignatureConfig), secret_set: r.secrets.current !== null, previous_secret_expires: previous }
      : null,
    dedup_key: s.dedupKey,
    rate_limit: s.rateLimit ? { per_second: s.rateLimit.perSecond, burst: s.rateLimit.burst } : null,
    emit_received: s.emitReceived,
  };
}
