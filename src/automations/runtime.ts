// The running half of automations in one process: the trigger engine and the outbox worker that
// delivers what it fires. The server owns one when `automationsEnabled` is on; tests and benchmarks
// build it the same way.

import type { Logger } from 'pino';
import { OutboxWorker } from '../actions/outbox-worker.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { Bus } from '../bus/bus.js';
import type { Clock } from '../clock.js';
import type { Settings } from '../config.js';
import type { Storage } from '../storage/storage.js';
import { TriggerEngine } from './engine/engine.js';
import { expandFirings } from './firing-expander.js';
import type { AutomationService } from './service.js';

export interface AutomationRuntimeOptions {
  settings: Settings;
  storage: Storage;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  ingestor: Ingestor;
  automations: AutomationService;
  /** Injectable for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

export class AutomationRuntime {
  readonly engine: TriggerEngine;
  readonly worker: OutboxWorker;

  constructor(o: AutomationRuntimeOptions) {
    const logger = o.logger.child({ component: 'automations' });
    this.worker = new OutboxWorker({
      storage: o.storage,
      ingestor: o.ingestor,
      clock: o.clock,
      logger,
      settings: o.settings,
      deps: {
        settings: o.settings,
        clock: o.clock,
        logger,
        storage: o.storage,
        ingestor: o.ingestor,
        automations: o.automations,
        fetch: o.fetch ?? globalThis.fetch,
      },
      expand: (limit) =>
        expandFirings(
          { outbox: o.storage.automation.outbox, clock: o.clock, logger, maxDepth: o.settings.triggerMaxCausationDepth },
          limit,
        ),
    });
    this.engine = new TriggerEngine({
      storage: o.storage,
      clock: o.clock,
      logger,
      settings: o.settings,
      bus: o.bus,
      onFirings: () => this.worker.firingsCommitted(),
      // An automation the engine cannot run is paused through the API's own path (lifecycle event).
      onAutomationFailed: (f) => o.automations.disableFailed(f.workspaceId, f.automationId, f.version, f.reason),
    });
    o.automations.attachEngine(this.engine);
  }

  async start(): Promise<void> {
    await this.engine.start();
    this.worker.start();
  }

  /** The worker first (it finishes in-flight deliveries, which ingest events), then the engine. */
  async stop(): Promise<void> {
    await this.worker.stop();
    await this.engine.stop();
  }
}
