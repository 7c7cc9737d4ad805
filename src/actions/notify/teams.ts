// Microsoft Teams incoming webhook: a MessageCard with the subject as title and the body as text
// (what Prefect's MicrosoftTeamsWebhook block sends through Apprise).

import type { DestinationRecord } from '../../storage/automation-store.js';
import { notifyOverHttp, type NotificationMessage, type NotifyContext } from './http.js';

export function teamsPayload(message: NotificationMessage): string {
  return JSON.stringify({
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: message.subject || message.body.slice(0, 100),
    title: message.subject,
    text: message.body,
  });
}

export function sendTeams(
  ctx: NotifyContext,
  destination: DestinationRecord,
  message: NotificationMessage,
): Promise<Record<string, unknown>> {
  return notifyOverHttp(ctx, destination, 'Teams webhook', {
    url: (destination.secrets as { url: string }).url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: teamsPayload(message),
  });
}
