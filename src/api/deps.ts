// The resources bag every route plugin receives (Trigger.dev's "systems share a resources bag"):
// no god object, no globals — tests build one with real storage and a fake clock.

import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Bus } from '../bus/bus.js';
import type { Clock } from '../clock.js';
import type { Settings } from '../config.js';
import type { Storage } from '../storage/storage.js';
import type { EngineControl } from '../automations/engine-control.js';
import type { AutomationService } from '../automations/service.js';
import type { IngestAdmission } from '../ingest/admission.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { Services } from '../services/index.js';
import type { Authenticator } from './auth.js';

export interface ServerDeps {
  settings: Settings;
  /** Resolves each request's (and WebSocket connection's) RequestContext from its credential. */
  authenticator: Authenticator;
  storage: Storage;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  ingestor: Ingestor;
  /** Ingest admission (bytes in flight across POST /events and WS /events/in): 429 early under overload. */
  admission: IngestAdmission;
  metrics: Registry;
  /** Automation CRUD with validation, lifecycle events and engine notification (routes and actions use it). */
  automations: AutomationService;
  /** The application services routes call (events, destinations, automation insight). */
  services: Services;
  /** The trigger engine, or null when `automationsEnabled` is off in this process. */
  engine: EngineControl | null;
}
