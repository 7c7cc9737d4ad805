// The part Slack, Teams and generic-webhook notifications share: one HTTP delivery through the
// common rules (retry/410/SSRF, webhook/http-destination.ts), with a `notification_log` on failure
// ([compat S4.8]) that never contains the destination URL — for Slack and Teams the URL is the secret.

import type { RelatedResource } from '../../events/types.js';
import type { DestinationRecord } from '../../storage/automation-store.js';
import type { DeliveryRequest } from '../webhook/deliver.js';
import { attemptHttp, responseDetails, settleAttempt, type DeliveryContext } from '../webhook/http-destination.js';

export const NOTIFICATION_FAILED = 'Notification failed';

export interface NotificationMessage {
  subject: string;
  body: string;
}

export interface NotifyContext extends DeliveryContext {
  /** Stable across attempts (the outbox row id): the `webhook-id` of signed deliveries. */
  idempotencyKey: string;
  /** Resources to attach to ActionFailed/ActionRetry (the block and block type). */
  related: RelatedResource[];
}

/** Sends; returns the success details or throws ActionFailed/ActionRetry (with notification_log). */
export async function notifyOverHttp(
  ctx: NotifyContext,
  destination: DestinationRecord,
  label: string,
  request: DeliveryRequest,
): Promise<Record<string, unknown>> {
  const attempt = await attemptHttp(ctx, request);
  if (attempt.verdict.kind === 'success') return responseDetails(attempt.response);
  const v = attempt.verdict;
  const answer = attempt.response ? ` — response: ${attempt.response.body.slice(0, 200)}` : '';
  const details = { ...responseDetails(attempt.response), notification_log: `${label}: ${v.reason}${answer}` };
  await settleAttempt(ctx, destination, attempt, `${NOTIFICATION_FAILED} (${label})`, details, ctx.related);
  return details; // unreachable: settleAttempt throws for every verdict but success
}
