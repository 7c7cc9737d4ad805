// The application services routes call: one per resource, each taking the caller's RequestContext
// first ([arch services]). Automations have theirs in src/automations/service.ts (actions use it too).

import type { Settings } from '../config.js';
import type { Clock } from '../clock.js';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { heraldMetrics } from '../metrics.js';
import type { AutomationService } from '../automations/service.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { Storage } from '../storage/storage.js';
import { AutomationInsightService } from './automation-insight.js';
import { DestinationService } from './destinations.js';
import { EventService } from './events.js';
import { WebhookService } from './webhooks.js';
import { eventLimitsFrom } from '../events/index.js';
import { limitsFromSettings } from '../templates/index.js';
import { WebhookDirectory } from '../webhooks/directory.js';
import { WebhookRateLimiter } from '../webhooks/rate-limit.js';
import { WebhookReceiver } from '../webhooks/receiver.js';

export { AutomationInsightService, DestinationService, EventService, WebhookService };

export interface Services {
  events: EventService;
  destinations: DestinationService;
  automationInsight: AutomationInsightService;
  webhooks: WebhookService;
  /** What /hooks/{slug} runs (src/webhooks/receiver.ts). */
  webhookReceiver: WebhookReceiver;
}

export interface ServicesDeps {
  settings: Settings;
  clock: Clock;
  logger: Logger;
  storage: Storage;
  ingestor: Ingestor;
  automations: AutomationService;
  /** Where services count what they do (herald_hook_requests_total); none in some tests. */
  metrics?: Registry;
}

export function createServices(deps: ServicesDeps): Services {
  const events = new EventService({
    events: deps.storage.events,
    ingestor: deps.ingestor,
    clock: deps.clock,
    exactTotalLimit: deps.settings.queryExactTotalLimit,
  });
  // One directory and one rate limiter: the management service's changes apply to the receive path at once.
  const templateLimits = limitsFromSettings(deps.settings);
  const directory = new WebhookDirectory({
    store: deps.storage.webhooks,
    clock: deps.clock,
    ttlMs: deps.settings.hookCacheSeconds * 1000,
    limits: templateLimits,
  });
  const rateLimiter = new WebhookRateLimiter(deps.clock);
  return {
    events,
    destinations: new DestinationService(deps),
    automationInsight: new AutomationInsightService({ automations: deps.automations, events, storage: deps.storage }),
    webhooks: new WebhookService({ ...deps, store: deps.storage.webhooks, directory, rateLimiter }),
    webhookReceiver: new WebhookReceiver({
      directory,
      rateLimiter,
      ingestor: deps.ingestor,
      clock: deps.clock,
      eventLimits: eventLimitsFrom(deps.settings),
      templateLimits,
      maxJsonDepth: deps.settings.maxJsonDepth,
      count: deps.metrics ? (outcome) => heraldMetrics(deps.metrics!).hookRequests.labels({ outcome }).inc() : undefined,
    }),
  };
}
