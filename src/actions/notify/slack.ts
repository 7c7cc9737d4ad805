// Slack incoming webhook: `{"text": …}` with the subject in bold (Slack mrkdwn), as Prefect's
// SlackWebhook block (through Apprise) renders a title and body.

import type { DestinationRecord } from '../../storage/automation-store.js';
import { notifyOverHttp, type NotificationMessage, type NotifyContext } from './http.js';

export function slackPayload(message: NotificationMessage): string {
  const text = message.subject ? `*${message.subject}*\n${message.body}` : message.body;
  return JSON.stringify({ text });
}

export function sendSlack(
  ctx: NotifyContext,
  destination: DestinationRecord,
  message: NotificationMessage,
): Promise<Record<string, unknown>> {
  return notifyOverHttp(ctx, destination, 'Slack webhook', {
    url: (destination.secrets as { url: string }).url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: slackPayload(message),
  });
}
