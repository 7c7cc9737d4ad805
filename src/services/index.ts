// The application services routes call: one per resource, each taking the caller's RequestContext
// first ([arch services]). Automations have theirs in src/automations/service.ts (actions use it too).

import type { Settings } from '../config.js';
import type { Clock } from '../clock.js';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { WebhookReceiver } from '../webhooks/receiver.js';
import type { AutomationService } from '../automations/service.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { Storage } from '../storage/storage.js';
import { AutomationInsightService } from './automation-insight.js';
import { DestinationService } from './destinations.js';
import { EventService } from './events.js';
import { createWebhookServices, WebhookService } from './webhooks.js';

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
  return {
    events,
    destinations: new DestinationService(deps),
    automationInsight: new AutomationInsightService({ automations: deps.automations, events, storage: deps.storage }),
    ...createWebhookServices(deps),
  };
}
