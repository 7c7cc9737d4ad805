// Building blocks for the delivery tests (outbox worker, webhooks, notifications): a local HTTP
// receiver standing in for third parties, ActionDeps over real storage and a real group-commit
// writer, TriggeredActions as the engine queues them, and destinations stored directly.

import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { ActionDeps, ActionRun } from '../../src/actions/types.js';
import type { Action, Automation, TriggeredAction } from '../../src/model/automation.js';
import type { StoredAction } from './fixtures.js';
import { MemoryBus } from '../../src/bus/memory.js';
import { FakeClock } from '../../src/clock.js';
import { loadSettings, type Settings } from '../../src/config.js';
import { nowTimestamp } from '../../src/events/index.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import { GroupCommitWriter } from '../../src/ingest/group-commit-writer.js';
import type { DestinationRecord } from '../../src/storage/automation-store.js';
import { DEFAULT_WORKSPACE_ID, type Storage } from '../../src/storage/storage.js';
import { uuidv7 } from '../../sdk/uuidv7.js';

export const WS = DEFAULT_WORKSPACE_ID;

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Responder = (req: ReceivedRequest, res: ServerResponse) => void;

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** How the next requests are answered (default 200 "ok"). */
  respond(fn: Responder): void;
  /** Resolves once `n` requests have arrived (real I/O: polled, never slept on blindly). */
  waitFor(n: number): Promise<void>;
  close(): Promise<void>;
}

/** A local HTTP server standing in for a webhook receiver / Slack / Teams. */
export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let responder: Responder = (_req, res) => res.end('ok');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(r);
      responder(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond(fn) {
      responder = fn;
    },
    async waitFor(n) {
      for (let i = 0; requests.length < n; i++) {
        if (i > 2000) throw new Error(`receiver got ${requests.length} requests, expected ${n}`);
        await new Promise((r) => setImmediate(r));
        if (i > 100) await new Promise((r) => setTimeout(r, 5));
      }
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface DeliveryDeps {
  deps: ActionDeps;
  clock: FakeClock;
  settings: Settings;
  close(): Promise<void>;
}

/**
 * Deps over `storage`, a fake clock starting at the real time (Standard Webhooks receivers reject
 * timestamps more than 5 minutes away from their own clock) and a writer that flushes at once.
 */
export function deliveryDeps(storage: Storage, settings: Partial<Settings> = {}): DeliveryDeps {
  const clock = new FakeClock(Date.now());
  const bus = new MemoryBus();
  const full = loadSettings({ logLevel: 'silent', webhookAllowPrivateNetworks: true, ...settings }, {});
  const writer = new GroupCommitWriter({
    events: storage.events,
    bus,
    clock,
    maxBatch: 1,
    maxDelay: 0,
    queueMax: 10_000,
    dedupeCacheSize: 0,
  });
  const deps: ActionDeps = {
    settings: full,
    clock,
    logger: pino({ level: 'silent' }),
    storage,
    ingestor: writer,
    automations: { setEnabled: async () => null },
    fetch: globalThis.fetch,
  };
  return {
    deps,
    clock,
    settings: full,
    async close() {
      await writer.drain();
      await bus.close();
    },
  };
}

export const AUTOMATION_ID = '0190aaaa-0000-7000-8000-00000000a001';

export function automation(overrides: Partial<Automation> = {}): Automation {
  return {
    id: AUTOMATION_ID,
    created: '2026-01-01T00:00:00.000000Z',
    updated: '2026-01-01T00:00:00.000000Z',
    name: 'Disk almost full',
    description: '',
    enabled: true,
    tags: [],
    trigger: {
      type: 'event',
      id: '0190aaaa-0000-7000-8000-00000000a002',
      match: { 'prefect.resource.id': 'host.*' },
      match_related: {},
      after: [],
      expect: ['disk.filling'],
      for_each: ['prefect.resource.id'],
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

export function triggeringEvent(occurred: string, overrides: Partial<ReceivedEvent> = {}): ReceivedEvent {
  return {
    occurred,
    event: 'disk.filling',
    resource: { 'prefect.resource.id': 'host.web-1', 'prefect.resource.name': 'web-1' },
    related: [],
    payload: { percent: 93 },
    id: '0190aaaa-0000-7000-8000-00000000e001',
    follows: null,
    received: occurred,
    ...overrides,
  };
}

export function triggeredAction(
  action: StoredAction,
  options: { triggered: string; event?: ReceivedEvent | null; automation?: Partial<Automation>; index?: number },
): TriggeredAction {
  const a = automation(options.automation);
  const event = options.event === undefined ? triggeringEvent(options.triggered) : options.event;
  const labels = { 'prefect.resource.id': 'host.web-1' };
  return {
    automation: a,
    id: uuidv7(),
    firing: {
      id: uuidv7(),
      trigger: a.trigger,
      trigger_states: ['Triggered'],
      triggered: options.triggered,
      triggering_labels: labels,
      triggering_firings: [],
      triggering_event: event,
      triggering_value: null,
    },
    triggered: options.triggered,
    triggering_labels: labels,
    triggering_event: event,
    action: action as Action,
    action_index: options.index ?? 0,
    automation_triggered_event_id: '0190aaaa-0000-7000-8000-00000000e0aa',
    causation_depth: 1,
  };
}

/** An ActionRun for executing an action directly (attempt 1, a fresh idempotency key). */
export function actionRun(action: StoredAction, clock: FakeClock, options: { event?: ReceivedEvent | null } = {}): ActionRun {
  return {
    workspaceId: WS,
    triggered: triggeredAction(action, { triggered: nowTimestamp(clock), event: options.event }),
    attempt: 1,
    idempotencyKey: uuidv7(),
  };
}

/** Stores a destination directly (the API is tested in test/api/destinations.test.ts). */
export async function storeDestination(
  storage: Storage,
  clock: FakeClock,
  d: Pick<DestinationRecord, 'type' | 'config' | 'secrets'> & Partial<DestinationRecord>,
): Promise<DestinationRecord> {
  const now = nowTimestamp(clock);
  const record: DestinationRecord = {
    id: uuidv7(),
    workspaceId: WS,
    name: `${d.type} destination`,
    disabled: false,
    disabledReason: null,
    created: now,
    updated: now,
    ...d,
  };
  await storage.automation.destinations.create(record);
  return record;
}
