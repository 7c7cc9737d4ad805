// `ANY /hooks/{slug}` behind the HTTP route: finds the webhook, answers the subscription
// handshakes, applies the rate limit, turns the request into an event and stores it through the
// same ingest path as POST /events — a 204 means the event is durable — or stores a
// `prefect-cloud.webhook.failed` event saying why not and answers 400 with an empty body (senders
// learn nothing of the template; the workspace learns everything). docs/webhooks.md "Receiving".

import type { Clock } from '../clock.js';
import { timestampFromMillis, type EventLimits } from '../events/index.js';
import type { Event } from '../events/types.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { TemplateLimits } from '../templates/index.js';
import type { WebhookDirectory } from './directory.js';
import { mediaType, type WebhookRequest } from './http-context.js';
import { processWebhookRequest, type ReadyWebhook } from './process.js';
import type { WebhookRateLimiter } from './rate-limit.js';
import { failedEvent, receivedEvent, type WebhookFailure } from './webhook-events.js';

export interface HookResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON to send; absent = an empty body. */
  body?: unknown;
}

export interface WebhookReceiverDeps {
  directory: WebhookDirectory;
  ingestor: Ingestor;
  clock: Clock;
  rateLimiter: WebhookRateLimiter;
  eventLimits: EventLimits;
  templateLimits?: Partial<TemplateLimits>;
  maxJsonDepth: number;
  /** Counts each request's outcome (herald_hook_requests_total). */
  count?: (outcome: HookOutcome) => void;
}

export type HookOutcome = 'stored' | 'failed' | 'too_large' | 'rate_limited' | 'not_found' | 'handshake';

const ALLOW = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const NOT_FOUND: HookResponse = { status: 404 };

export class WebhookReceiver {
  readonly #d: WebhookReceiverDeps;

  constructor(deps: WebhookReceiverDeps) {
    this.#d = deps;
  }

  async receive(slug: string, request: WebhookRequest): Promise<HookResponse> {
    const hook = await this.#d.directory.find(slug);
    if (!hook) return this.#answer('not_found', NOT_FOUND);
    const handshake = answerHandshake(request);
    if (handshake) return this.#answer('handshake', handshake);
    const limit = hook.record.settings.rateLimit;
    if (limit) {
      const retryAfter = this.#d.rateLimiter.take(hook.record.id, limit);
      if (retryAfter !== null) return this.#answer('rate_limited', { status: 429, headers: { 'Retry-After': String(retryAfter) } });
    }
    const nowMs = this.#d.clock.now();
    const now = timestampFromMillis(nowMs);
    if (hook.record.settings.emitReceived) await this.#store(hook, receivedEvent(hook.record, request, now, nowMs));
    const processed = processWebhookRequest(hook, request, {
      now,
      nowMs,
      eventLimits: this.#d.eventLimits,
      templateLimits: this.#d.templateLimits,
      maxJsonDepth: this.#d.maxJsonDepth,
    });
    if (!processed.ok) return this.#failed(hook, request, processed.failure, 400);
    await this.#store(hook, processed.event);
    return this.#answer('stored', { status: 204 });
  }

  /** A body over the size limit: never read, recorded without it; 413. */
  async oversize(slug: string, request: Omit<WebhookRequest, 'body'>, limit: number): Promise<HookResponse> {
    const hook = await this.#d.directory.find(slug);
    if (!hook) return this.#answer('not_found', NOT_FOUND);
    const failure: WebhookFailure = {
      type: 'size',
      message: `the body is larger than the limit of ${limit} bytes (setting hookMaxBodyBytes)`,
      rendered: null,
    };
    return this.#failed(hook, { ...request, body: Buffer.alloc(0) }, failure, 413);
  }

  async #failed(hook: ReadyWebhook, request: WebhookRequest, failure: WebhookFailure, status: number): Promise<HookResponse> {
    const nowMs = this.#d.clock.now();
    await this.#store(hook, failedEvent(hook.record, request, failure, timestampFromMillis(nowMs), nowMs));
    return this.#answer(status === 413 ? 'too_large' : 'failed', { status });
  }

  #answer(outcome: HookOutcome, response: HookResponse): HookResponse {
    this.#d.count?.(outcome);
    return response;
  }

  async #store(hook: ReadyWebhook, event: Event): Promise<void> {
    await this.#d.ingestor.ingest(hook.record.workspaceId, [event]);
  }
}

/**
 * The subscription handshakes a hook answers itself, before any check (they only echo what was
 * sent): CloudEvents' abuse protection (an OPTIONS with WebHook-Request-Origin) and Azure Event
 * Grid's validation event. A plain OPTIONS says which methods the hook takes.
 */
function answerHandshake(request: WebhookRequest): HookResponse | null {
  const method = request.method.toUpperCase();
  if (method === 'OPTIONS') {
    const origin = headerValue(request, 'webhook-request-origin');
    if (origin === undefined) return { status: 204, headers: { Allow: ALLOW } };
    return { status: 200, headers: { Allow: ALLOW, 'WebHook-Allowed-Origin': origin, 'WebHook-Allowed-Rate': '*' } };
  }
  if (method === 'POST' && headerValue(request, 'aeg-event-type')?.toLowerCase() === 'subscriptionvalidation') {
    const code = eventGridValidationCode(request);
    if (code !== null) return { status: 200, body: { validationResponse: code } };
  }
  return null;
}

function headerValue(request: WebhookRequest, name: string): string | undefined {
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    if (request.rawHeaders[i].toLowerCase() === name) return request.rawHeaders[i + 1];
  }
  return undefined;
}

/** `data.validationCode` of the SubscriptionValidationEvent in an Event Grid array, else null. */
function eventGridValidationCode(request: WebhookRequest): string | null {
  if (!mediaType(headerValue(request, 'content-type')).endsWith('json')) return null;
  try {
    const events: unknown = JSON.parse(request.body.toString('utf8'));
    if (!Array.isArray(events)) return null;
    for (const e of events) {
      if (e?.eventType === 'Microsoft.EventGrid.SubscriptionValidationEvent' && typeof e.data?.validationCode === 'string') {
        return e.data.validationCode;
      }
    }
  } catch {
    // not JSON: not a validation event
  }
  return null;
}
