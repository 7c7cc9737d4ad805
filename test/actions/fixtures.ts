// Building blocks for tests that run action executors directly: a TriggeredAction as the engine
// would queue it, and ActionDeps over real storage, a real group-commit writer and a fake clock.

import { pino } from 'pino';
import type { Automation, Action, TriggeredAction } from '../../src/model/automation.js';
import { MemoryBus } from '../../src/bus/memory.js';
import { FakeClock } from '../../src/clock.js';
import { loadSettings, type Settings } from '../../src/config.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import { GroupCommitWriter } from '../../src/ingest/group-commit-writer.js';
import { DEFAULT_WORKSPACE_ID, type Storage } from '../../src/storage/storage.js';
import type { ActionBase } from '../../src/actions/definition.js';
import type { ActionDeps, ActionRun, AutomationSwitch } from '../../src/actions/types.js';

/**
 * An action as a stored row may hold it: fields unchecked, and of any type — also one this version
 * does not know (a row written by another version, which the outbox worker must fail cleanly).
 */
export type StoredAction = ActionBase<string>;

export const AUTOMATION_ID = '0f5c6a3e-1d2b-4c3d-8e4f-5a6b7c8d9e01';
export const INVOCATION_ID = '0190aaaa-bbbb-7ccc-8ddd-eeeeffff0001';
/** The fake clock's start: 2026-03-01T12:00:00Z. */
export const NOW_MS = Date.UTC(2026, 2, 1, 12, 0, 0);
export const NOW = '2026-03-01T12:00:00.000000Z';

export function makeAutomation(overrides: Partial<Automation> = {}): Automation {
  return {
    id: AUTOMATION_ID,
    created: '2026-01-01T00:00:00.000000Z',
    updated: '2026-01-01T00:00:00.000000Z',
    name: 'Stuck flow runs ✓',
    description: '',
    enabled: true,
    tags: [],
    trigger: {
      type: 'event',
      id: '0f5c6a3e-1d2b-4c3d-8e4f-5a6b7c8d9e02',
      match: {},
      match_related: {},
      after: [],
      expect: ['test.*'],
      for_each: [],
      posture: 'Reactive',
      threshold: 1,
      within: 0,
    },
    actions: [],
    actions_on_trigger: [],
    actions_on_resolve: [],
    ...overrides,
  };
}

export function receivedEvent(overrides: Partial<ReceivedEvent> = {}): ReceivedEvent {
  return {
    occurred: '2026-03-01T11:59:00.000000Z',
    event: 'test.thing.happened',
    resource: { 'prefect.resource.id': 'test.resource.1' },
    related: [],
    payload: {},
    id: '0190aaaa-bbbb-7ccc-8ddd-000000000001',
    follows: null,
    received: '2026-03-01T11:59:00.100000Z',
    ...overrides,
  };
}

export interface RunOptions {
  event?: ReceivedEvent | null;
  labels?: Record<string, string>;
  automation?: Partial<Automation>;
  actionIndex?: number;
  causationDepth?: number;
  triggered?: string;
  /** The TriggeredAction id (and so the idempotency key); default INVOCATION_ID. */
  invocation?: string;
}

export function makeRun(action: StoredAction, options: RunOptions = {}): ActionRun {
  const automation = makeAutomation(options.automation);
  const event = options.event === undefined ? receivedEvent() : options.event;
  const triggered = options.triggered ?? '2026-03-01T11:59:30.000000Z';
  const labels = options.labels ?? {};
  const actionIndex = options.actionIndex ?? 0;
  const t: TriggeredAction = {
    automation,
    id: options.invocation ?? INVOCATION_ID,
    firing: {
      id: '0190aaaa-bbbb-7ccc-8ddd-eeeeffff0002',
      trigger: automation.trigger,
      trigger_states: ['Triggered'],
      triggered,
      triggering_labels: labels,
      triggering_firings: [],
      triggering_event: event,
      triggering_value: null,
    },
    triggered,
    triggering_labels: labels,
    triggering_event: event,
    action: action as Action,
    action_index: actionIndex,
    automation_triggered_event_id: '0190aaaa-bbbb-7ccc-8ddd-eeeeffff0003',
    causation_depth: options.causationDepth ?? 1,
  };
  return { workspaceId: DEFAULT_WORKSPACE_ID, triggered: t, attempt: 1, idempotencyKey: `${t.id}:${actionIndex}` };
}

/** An AutomationSwitch for tests that must not touch automations. */
export const unusedAutomations: AutomationSwitch = {
  setEnabled() {
    throw new Error('this test does not expect automations to be switched');
  },
};

export interface TestDeps {
  deps: ActionDeps;
  clock: FakeClock;
  writer: GroupCommitWriter;
  bus: MemoryBus;
  close(): Promise<void>;
}

/** Deps over `storage`; the writer flushes every event at once (maxBatch 1, no timer needed). */
export function makeDeps(
  storage: Storage,
  options: { settings?: Partial<Settings>; automations?: AutomationSwitch; fetch?: typeof fetch } = {},
): TestDeps {
  const clock = new FakeClock(NOW_MS);
  const bus = new MemoryBus();
  const settings = loadSettings({ logLevel: 'silent', ...options.settings }, {});
  const writer = new GroupCommitWriter({
    events: storage.events,
    bus,
    clock,
    maxBatch: 1,
    maxDelay: 0,
    queueMax: 1000,
    dedupeCacheSize: 0,
  });
  const deps: ActionDeps = {
    settings,
    clock,
    logger: pino({ level: 'silent' }),
    storage,
    ingestor: writer,
    automations: options.automations ?? unusedAutomations,
    fetch: options.fetch ?? globalThis.fetch,
  };
  return {
    deps,
    clock,
    writer,
    bus,
    async close() {
      await writer.drain();
      await bus.close();
    },
  };
}
