// A notification to a generic webhook destination: signed JSON `{"subject": …, "body": …}` sent
// with the destination's method and headers, like call-webhook.

import type { DestinationRecord } from '../../storage/automation-store.js';
import { webhookHeaders } from '../call-webhook.js';
import { notifyOverHttp, type NotificationMessage, type NotifyContext } from './http.js';

export function sendWebhookNotification(
  ctx: NotifyContext,
  destination: DestinationRecord,
  message: NotificationMessage,
): Promise<Record<string, unknown>> {
  const body = JSON.stringify({ subject: message.subject, body: message.body });
  const config = destination.config as { url: string; method: string };
  return notifyOverHttp(ctx, destination, 'Webhook', {
    url: config.url,
    method: config.method,
    headers: webhookHeaders(destination, 'application/json', ctx.idempotencyKey, ctx.clock.now(), body),
    body,
  });
}
