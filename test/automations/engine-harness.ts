// A trigger engine on real storage (SQLite file or PostgreSQL database) and a FakeClock: events
// are stored exactly as ingest stores them, the engine reads them back by seq, and firings are
// read from the firing records it committed. Nothing is mocked.

import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { FakeClock } from '../../src/clock.js';
import { expandFirings } from '../../src/automations/firing-expander.js';
import { TriggerEngine } from '../../src/automations/engine/engine.js';
import { AutomationService } from '../../src/automations/service.js';
import { MemoryBus } from '../../src/bus/memory.js';
import { loadSettings } from '../../src/config.js';
import { GroupCommitWriter } from '../../src/ingest/group-commit-writer.js';
import type { Automation, Firing, Trigger } from '../../src/model/automation.js';
import { microsToTimestamp } from '../../src/events/index.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import { DEFAULT_WORKSPACE_ID, type OutboxRow, type Storage } from '../../src/storage/index.js';
import { postgresBackend, sqliteBackend, type Backend } from '../storage/backends.js';

export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const WS = DEFAULT_WORKSPACE_ID;

export interface EngineHarness {
  storage: Storage;
  clock: FakeClock;
  engine: TriggerEngine;
  /** The API's service on the same storage: the engine pauses failed automations through it. */
  service: AutomationService;
  /** Log lines (JSON) at warn level and above. */
  logs: string[];
  /** Stores an automation (trigger/actions as given, ids as given) and tells the engine. */
  add(trigger: Trigger, extra?: Partial<Automation>): Promise<Automation>;
  /** Stores events (occurred defaults to the clock's now) and lets the engine evaluate them. */
  emit(...events: Partial<ReceivedEvent>[]): Promise<ReceivedEvent[]>;
  /** Moves the clock (firing due timers) and lets the engine finish. */
  advance(ms: number): Promise<void>;
  firings(automation: Automation): Promise<Firing[]>;
  outbox(automation: Automation): Promise<OutboxRow[]>;
  /** A new engine on the same storage, as after a process restart (the old one is stopped). */
  restart(): Promise<void>;
  /** A second storage handle on the same database, as another process has (closed by close()). */
  openSecond(): Storage;
  close(): Promise<void>;
}

export const engineBackends = [sqliteBackend, postgresBackend];

export async function engineHarness(
  factory: { create(): Promise<Backend> },
  settings: Partial<{ triggerMaxCausationDepth: number; triggerBatchSize: number }> = {},
): Promise<EngineHarness> {
  const backend = await factory.create();
  const storage = backend.storage;
  const clock = new FakeClock(T0);
  // Warnings and errors are kept (`h.logs`) so tests can check what the engine reported.
  const logs: string[] = [];
  const logger = pino(
    { level: process.env.HERALD_TEST_LOG_LEVEL ?? 'warn' },
    {
      write(line: string) {
        logs.push(line);
        if (process.env.HERALD_TEST_LOG_LEVEL) process.stdout.write(line);
      },
    },
  );
  // The events the service emits are written at once (a batch of one), so no FakeClock timer is needed.
  const bus = new MemoryBus();
  const ingestor = new GroupCommitWriter({
    events: storage.events,
    bus,
    clock,
    maxBatch: 1,
    maxDelay: 0,
    queueMax: 10_000,
    dedupeCacheSize: 1000,
  });
  const service = new AutomationService({ storage, ingestor, clock, logger, settings: loadSettings({}, {}) });
  const engineSettings = { triggerLookback: 15 * 60_000, triggerMaxCausationDepth: 5, triggerBatchSize: 1000, ...settings };
  const make = () => {
    const e = new TriggerEngine({
      storage,
      clock,
      logger,
      settings: engineSettings,
      onAutomationFailed: (f) => service.disableFailed(f.workspaceId, f.automationId, f.version, f.reason),
    });
    service.attachEngine(e);
    return e;
  };
  let engine = make();
  await engine.start();
  const h: EngineHarness = {
    storage,
    clock,
    service,
    logs,
    get engine() {
      return engine;
    },
    async add(trigger, extra = {}) {
      const now = microsToTimestamp(clock.now() * 1000);
      const automation: Automation = {
        id: randomUUID(),
        created: now,
        updated: now,
        name: 'test automation',
        description: '',
        enabled: true,
        tags: [],
        trigger,
        actions: [{ type: 'do-nothing' }],
        actions_on_trigger: [],
        actions_on_resolve: [],
        ...extra,
      };
      await storage.automation.automations.create(WS, automation, { deploymentIds: [] });
      await engine.automationChanged(WS, automation.id);
      return automation;
    },
    async emit(...partials) {
      const events = partials.map((p) => makeReceived(p, clock));
      await storage.events.insertEvents(WS, events);
      await engine.settle();
      return events;
    },
    async advance(ms) {
      clock.advance(ms);
      await engine.settle();
    },
    async firings(automation) {
      const records = await storage.automation.engine.listFirings(WS, automation.id, 1000);
      return records.map((r) => r.firing).reverse();
    },
    async outbox(automation) {
      // The rows as the action worker has them: it expands committed firings before it looks.
      const expander = { outbox: storage.automation.outbox, clock, logger, maxDepth: engineSettings.triggerMaxCausationDepth };
      while ((await expandFirings(expander, 1000)) > 0);
      const firings = await storage.automation.engine.listFirings(WS, automation.id, 1000);
      return storage.automation.outbox.byFirings(firings.map((f) => f.id));
    },
    async restart() {
      await engine.stop();
      engine = make();
      await engine.start();
    },
    openSecond() {
      return backend.open();
    },
    async close() {
      await engine.stop();
      await ingestor.drain();
      await bus.close();
      await backend.cleanup();
    },
  };
  return h;
}

export function makeReceived(p: Partial<ReceivedEvent>, clock: FakeClock): ReceivedEvent {
  const now = microsToTimestamp(clock.now() * 1000);
  return {
    id: randomUUID(),
    occurred: now,
    event: 'test.event',
    resource: { 'prefect.resource.id': 'test.resource' },
    related: [],
    payload: {},
    follows: null,
    received: now,
    ...p,
  };
}

/** An event trigger with Prefect's defaults ([compat S3.3]), overridden by `t`. */
export function eventTrigger(t: Partial<Extract<Trigger, { type: 'event' }>>): Trigger {
  return {
    type: 'event',
    id: randomUUID(),
    match: {},
    match_related: {},
    after: [],
    expect: [],
    for_each: [],
    posture: 'Reactive',
    threshold: 1,
    within: 0,
    ...t,
  };
}

/** Occurred time `seconds` after T0, canonical. */
export function at(seconds: number): string {
  return microsToTimestamp((T0 + seconds * 1000) * 1000);
}

export { WS };
