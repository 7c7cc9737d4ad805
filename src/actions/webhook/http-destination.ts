// One HTTP delivery to a destination and what it means for the action: the piece call-webhook, the
// Slack/Teams/webhook notifiers and POST /destinations/{id}/test share, so they follow one set of
// rules (classify.ts) — including disabling a destination whose receiver answered 410 Gone.

import type { RelatedResource } from '../../events/types.js';
import type { DestinationRecord } from '../../storage/automation-store.js';
import { ActionFailed, ActionRetry, type ActionDeps } from '../types.js';
import { disableDestination } from '../destinations.js';
import { classifyError, classifyResponse, type Verdict } from './classify.js';
import { deliver, type DeliveryRequest, type DeliveryResponse } from './deliver.js';

/** What a delivery needs: no ingestor, no fetch — the test endpoint builds this from ServerDeps. */
export type DeliveryContext = Pick<ActionDeps, 'settings' | 'clock' | 'logger' | 'storage'>;

export interface HttpAttempt {
  /** Null when no answer arrived (timeout, connection error, refused by the SSRF guard). */
  response: DeliveryResponse | null;
  verdict: Verdict;
}

export async function attemptHttp(ctx: DeliveryContext, request: DeliveryRequest): Promise<HttpAttempt> {
  try {
    const response = await deliver(request, {
      clock: ctx.clock,
      timeoutMs: ctx.settings.webhookTimeout,
      allowPrivateNetworks: ctx.settings.webhookAllowPrivateNetworks,
    });
    return { response, verdict: classifyResponse(response, ctx.clock.now()) };
  } catch (err) {
    return { response: null, verdict: classifyError(err) };
  }
}

/** `status_code`, `response_body`, `response_headers` of an answer ([compat S4.8] result details). */
export function responseDetails(response: DeliveryResponse | null): Record<string, unknown> {
  if (!response) return {};
  return { status_code: response.status, response_body: response.body, response_headers: response.headers };
}

/**
 * Returns on success; otherwise throws ActionFailed (final) or ActionRetry (transient) with
 * `reason` = `${prefix}: <why>`. A 410 disables the destination before failing.
 */
export async function settleAttempt(
  ctx: DeliveryContext,
  destination: DestinationRecord,
  attempt: HttpAttempt,
  prefix: string,
  details: Record<string, unknown>,
  related: RelatedResource[],
): Promise<void> {
  const v = attempt.verdict;
  switch (v.kind) {
    case 'success':
      return;
    case 'gone': {
      await disableDestination(
        ctx.storage.automation.destinations,
        destination,
        `Receiver answered 410 Gone at ${new Date(ctx.clock.now()).toISOString()}`,
        ctx.clock,
      );
      ctx.logger.warn(
        { destinationId: destination.id, destination: destination.name },
        'destination disabled: the receiver answered 410 Gone',
      );
      throw new ActionFailed(`${prefix}: ${v.reason}; destination "${destination.name}" is now disabled`, details, related);
    }
    case 'retry':
      throw new ActionRetry(`${prefix}: ${v.reason}`, { retryAfterMs: v.retryAfterMs, details, related });
    case 'fail':
      throw new ActionFailed(`${prefix}: ${v.reason}`, details, related);
  }
}
