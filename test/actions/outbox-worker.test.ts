// The outbox worker on both storage backends, time driven by a FakeClock: delivery of event and
// action rows, the three action events ([compat S4.8]), retries with jittered backoff and Retry-After,
// exhaustion, the concurrency limit, and at-least-once re-delivery stored once.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionEventId, actionExecutedEvent, actionTriggeredEvent } from '../../src/actions/action-events.js';
import { OutboxWorker } from '../../src/actions/outbox-worker.js';
import { retryDelayMs } from '../../src/actions/retry-policy.js';
import { ActionFailed, ActionRetry, type ActionExecutor, type ActionOutcome, type ActionRun } from '../../src/actions/types.js';
import type { TriggeredAction } from '../../src/model/automation.js';
import type { Settings } from '../../src/config.js';
import { nowTimestamp, timestampToMicros } from '../../src/events/index.js';
import type { Event, ReceivedEvent } from '../../src/events/types.js';
import type { OutboxInsert, OutboxRow } from '../../src/storage/automation-store.js';
import { uuidv7 } from '../../sdk/uuidv7.js';
import { backends, type Backend } from '../storage/backends.js';
import { AUTOMATION_ID, automation, deliveryDeps, triggeredAction, WS, type DeliveryDeps } from './delivery-fixtures.js';
import { firingRecord } from '../storage/automation-fixtures.js';
import { expandFirings } from '../../src/automations/firing-expander.js';
import type { StoredAction } from './fixtures.js';

/** An executor whose answers the test scripts, one per call (the last one repeats). */
class Scripted implements ActionExecutor {
  calls: ActionRun[] = [];
  running = 0;
  maxRunning = 0;
  constructor(private readonly answers: ((run: ActionRun) => Promise<ActionOutcome>)[]) {}
  async execute(run: ActionRun): Promise<ActionOutcome> {
    this.calls.push(run);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      return await this.answers[Math.min(this.calls.length - 1, this.answers.length - 1)](run);
    } finally {
      this.running--;
    }
  }
}

const ok =
  (details: Record<string, unknown> = { status_code: 200 }) =>
  async (): Promise<ActionOutcome> => ({
    details,
    related: [{ 'prefect.resource.id': 'prefect.block-document.b1', 'prefect.resource.role': 'block' }],
  });
const retry = (reason: string, retryAfterMs?: number) => async (): Promise<ActionOutcome> => {
  throw new ActionRetry(reason, { retryAfterMs, details: { status_code: 503 } });
};

it('keeps jittered waits within ±20% of the schedule', () => {
  const schedule = [5, 300];
  expect(retryDelayMs(schedule, 1, undefined, () => 0)).toBe(4000);
  expect(retryDelayMs(schedule, 1, undefined, () => 0.999999)).toBe(6000);
  expect(retryDelayMs(schedule, 2, undefined, () => 0.5)).toBe(300_000);
  for (let i = 0; i < 200; i++) {
    const d = retryDelayMs(schedule, 2, undefined, Math.random)!;
    expect(d).toBeGreaterThanOrEqual(240_000);
    expect(d).toBeLessThanOrEqual(360_000);
  }
  expect(retryDelayMs(schedule, 3, undefined, Math.random)).toBeNull();
});

describe.each(backends)('outbox worker on $name', (factory) => {
  let backend: Backend;
  let t: DeliveryDeps;
  let worker: OutboxWorker | null;

  beforeEach(async () => {
    backend = await factory.create();
    worker = null;
  });
  afterEach(async () => {
    await worker?.stop();
    await t?.close();
    await backend.cleanup();
  });

  function startWorker(executors: Record<string, ActionExecutor>, settings: Partial<Settings> = {}, random = () => 0.5): OutboxWorker {
    t = deliveryDeps(backend.storage, { actionRetrySchedule: [5, 300], ...settings });
    worker = new OutboxWorker({ ...t.deps, deps: t.deps, executors, random });
    return worker;
  }

  async function queue(...rows: OutboxInsert[]): Promise<void> {
    await backend.storage.automation.engine.commit({ outbox: rows });
  }

  function actionRow(action: StoredAction, overrides: Partial<Omit<OutboxInsert, 'body'>> = {}): OutboxInsert & { body: TriggeredAction } {
    const now = nowTimestamp(t.clock);
    const body = triggeredAction(action, { triggered: now });
    return {
      id: uuidv7(),
      workspaceId: WS,
      automationId: AUTOMATION_ID,
      firingId: body.firing.id,
      kind: 'action',
      actionIndex: 0,
      body,
      nextAttemptAt: now,
      created: now,
      ...overrides,
    };
  }

  async function row(id: string): Promise<OutboxRow> {
    const r = await backend.storage.automation.outbox.get(id);
    if (!r) throw new Error(`no outbox row ${id}`);
    return r;
  }

  async function stored(name?: string): Promise<ReceivedEvent[]> {
    const all = await backend.storage.events.readAfter(0, 10_000);
    return all.map((s) => s.event).filter((e) => name === undefined || e.event === name);
  }

  /** Moves the fake clock and waits for the work that woke up. */
  async function advance(ms: number): Promise<void> {
    t.clock.advance(ms);
    await worker!.idle();
  }

  it('expands committed firings into rows at start and when the engine says it committed some, not on every look', async () => {
    const doNothing = new Scripted([ok()]);
    let expansions = 0;
    t = deliveryDeps(backend.storage, { actionRetrySchedule: [5, 300] });
    const a = automation({ actions: [{ type: 'do-nothing' }] });
    const expander = { outbox: backend.storage.automation.outbox, clock: t.clock, logger: t.deps.logger, maxDepth: 10 };
    worker = new OutboxWorker({
      ...t.deps,
      deps: t.deps,
      executors: { 'do-nothing': doNothing },
      expand: (limit) => {
        expansions++;
        return expandFirings(expander, limit);
      },
    });
    const commitFiring = async () => {
      const record = firingRecord(WS, a.id, { recorded: nowTimestamp(t.clock), expanded: false, automationUpdated: a.updated });
      await backend.storage.automation.engine.commit({ versions: [{ workspaceId: WS, automation: a }], firings: [record] });
      return record;
    };
    const left = await commitFiring(); // e.g. by a process that stopped before expanding it
    worker.start();
    await worker.idle();
    expect(expansions).toBe(1);
    expect(doNothing.calls.map((c) => c.triggered.firing.id)).toEqual([left.id]);
    expect(await stored('prefect.automation.triggered')).toHaveLength(1);

    const next = await commitFiring();
    worker.wake(); // a look for another reason (a delivery finished, a timer): no expansion query
    await worker.idle();
    expect(expansions).toBe(1);
    expect((await backend.storage.automation.outbox.unexpanded(10)).map((f) => f.record.id)).toEqual([next.id]);

    worker.firingsCommitted();
    await worker.idle();
    expect(expansions).toBe(2);
    expect(doNothing.calls.map((c) => c.triggered.firing.id)).toEqual([left.id, next.id]);
    expect(await backend.storage.automation.outbox.unexpanded(10)).toEqual([]);
  });

  it('expands more firings than one look takes, look after look', async () => {
    t = deliveryDeps(backend.storage, { actionRetrySchedule: [5, 300] });
    const a = automation({ actions: [] }); // each firing: one prefect.automation.triggered row
    const expanded: number[] = [];
    const expander = { outbox: backend.storage.automation.outbox, clock: t.clock, logger: t.deps.logger, maxDepth: 10 };
    worker = new OutboxWorker({
      ...t.deps,
      deps: t.deps,
      expand: async (limit) => (expanded.push(await expandFirings(expander, limit)), expanded.at(-1)!),
    });
    const firings = Array.from({ length: 1001 }, () =>
      firingRecord(WS, a.id, { recorded: nowTimestamp(t.clock), expanded: false, automationUpdated: a.updated }),
    );
    await backend.storage.automation.engine.commit({ versions: [{ workspaceId: WS, automation: a }], firings });
    worker.start();
    await worker.idle();
    expect(expanded).toEqual([500, 500, 1]);
    expect(await backend.storage.automation.outbox.unexpanded(10)).toEqual([]);
    expect(await stored('prefect.automation.triggered')).toHaveLength(1001);
  });

  it('ingests event rows', async () => {
    const w = startWorker({});
    const now = nowTimestamp(t.clock);
    const event: Event = {
      id: uuidv7(),
      occurred: now,
      event: 'prefect.automation.triggered',
      resource: { 'prefect.resource.id': `prefect.automation.${AUTOMATION_ID}` },
      related: [],
      payload: { triggering_labels: {} },
      follows: null,
    };
    const id = uuidv7();
    await queue({
      id,
      workspaceId: WS,
      automationId: AUTOMATION_ID,
      firingId: uuidv7(),
      kind: 'event',
      actionIndex: null,
      body: event,
      nextAttemptAt: now,
      created: now,
    });
    w.start();
    await w.idle();
    expect((await stored('prefect.automation.triggered')).map((e) => e.id)).toEqual([event.id]);
    expect(await row(id)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('runs an action and emits action.triggered then action.executed exactly per [compat S4.8]', async () => {
    const exec = new Scripted([ok({ status_code: 200, response_body: 'fine' })]);
    const w = startWorker({ 'call-webhook': exec });
    const r = actionRow({ type: 'call-webhook', block_document_id: 'b1' }, { actionIndex: 2 });
    r.body.action_index = 2;
    await queue(r);
    w.start();
    await w.idle();

    expect(exec.calls).toHaveLength(1);
    expect(exec.calls[0]).toMatchObject({ workspaceId: WS, attempt: 1, idempotencyKey: r.id });
    const [triggered] = await stored('prefect.automation.action.triggered');
    const [executed] = await stored('prefect.automation.action.executed');
    const resource = {
      'prefect.resource.id': `prefect.automation.${AUTOMATION_ID}`,
      'prefect.resource.name': 'Disk almost full',
      'prefect.trigger-type': 'event',
      'prefect.posture': 'Reactive',
      'herald.causation-depth': '1',
    };
    const stateChange = {
      'prefect.resource.id': 'prefect.event.0190aaaa-0000-7000-8000-00000000e0aa',
      'prefect.resource.role': 'automation-triggered-event',
    };
    const triggering = {
      'prefect.resource.id': `prefect.event.${r.body.triggering_event!.id}`,
      'prefect.resource.role': 'triggering-event',
    };
    expect(triggered).toMatchObject({
      id: actionEventId({ rowId: r.id, rowCreated: r.created }, 'triggered'),
      occurred: r.body.triggered,
      resource,
      related: [stateChange, triggering],
      payload: { action_index: 2, action_type: 'call-webhook', invocation: r.body.id },
      follows: r.body.triggering_event!.id,
    });
    expect(executed).toMatchObject({
      occurred: nowTimestamp(t.clock),
      resource,
      related: [{ 'prefect.resource.id': 'prefect.block-document.b1', 'prefect.resource.role': 'block' }, stateChange, triggering],
      payload: { action_index: 2, action_type: 'call-webhook', invocation: r.body.id, status_code: 200, response_body: 'fine' },
      follows: triggered.id,
    });
    expect(await row(r.id)).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      lastError: null,
      result: { status_code: 200, response_body: 'fine' },
    });
  });

  it('omits posture for composite triggers and `follows` for a triggering event older than 5 minutes', async () => {
    const w = startWorker({ 'do-nothing': new Scripted([ok({})]) });
    const r = actionRow({ type: 'do-nothing' });
    r.body.automation.trigger = { type: 'compound', id: uuidv7(), triggers: [], require: 'any', within: null };
    r.body.triggering_event!.occurred = new Date(t.clock.now() - 5 * 60_000).toISOString().replace('Z', '000Z');
    await queue(r);
    w.start();
    await w.idle();
    const [triggered] = await stored('prefect.automation.action.triggered');
    expect(triggered.resource['prefect.trigger-type']).toBe('compound');
    expect(triggered.resource).not.toHaveProperty('prefect.posture');
    expect(triggered.follows).toBeNull();
  });

  it('an ActionFailed emits action.failed with the reason and is not retried', async () => {
    const exec = new Scripted([
      async () => {
        throw new ActionFailed('Webhook call failed: HTTP 404', { status_code: 404 }, [
          { 'prefect.resource.id': 'x.y', 'prefect.resource.role': 'target' },
        ]);
      },
    ]);
    const w = startWorker({ 'call-webhook': exec });
    const r = actionRow({ type: 'call-webhook' });
    await queue(r);
    w.start();
    await w.idle();
    const [failed] = await stored('prefect.automation.action.failed');
    expect(failed.payload).toEqual({
      action_index: 0,
      action_type: 'call-webhook',
      invocation: r.body.id,
      reason: 'Webhook call failed: HTTP 404',
      status_code: 404,
    });
    expect(failed.related[0]).toEqual({ 'prefect.resource.id': 'x.y', 'prefect.resource.role': 'target' });
    expect(failed.follows).toBe(actionEventId({ rowId: r.id, rowCreated: r.created }, 'triggered'));
    expect(await row(r.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'Webhook call failed: HTTP 404',
      result: { status_code: 404 },
    });
    await advance(3_600_000);
    expect(exec.calls).toHaveLength(1);
  });

  it('retries on the schedule with ±20% jitter, then succeeds', async () => {
    const exec = new Scripted([retry('HTTP 503'), retry('HTTP 502'), ok()]);
    const w = startWorker({ x: exec }, {}, () => 0); // lowest jitter: 80% of each wait
    const r = actionRow({ type: 'x' });
    await queue(r);
    const start = t.clock.now();
    w.start();
    await w.idle();
    let pending = await row(r.id);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503', result: { status_code: 503 } });
    expect(timestampToMicros(pending.nextAttemptAt) / 1000).toBe(start + 4000);

    await advance(3999);
    expect(exec.calls).toHaveLength(1);
    await advance(1);
    expect(exec.calls).toHaveLength(2);
    expect(exec.calls[1]).toMatchObject({ attempt: 2, idempotencyKey: r.id });
    pending = await row(r.id);
    expect(pending).toMatchObject({ status: 'pending', attempts: 2, lastError: 'HTTP 502' });
    expect(timestampToMicros(pending.nextAttemptAt) / 1000).toBe(t.clock.now() + 240_000);

    await advance(240_000);
    expect(await row(r.id)).toMatchObject({ status: 'succeeded', attempts: 3, lastError: null });
    expect(await stored('prefect.automation.action.triggered')).toHaveLength(1);
    expect(await stored('prefect.automation.action.executed')).toHaveLength(1);
  });

  it('waits for a longer Retry-After (capped at 24 h), never for a shorter one', async () => {
    const exec = new Scripted([retry('HTTP 429', 600_000), retry('HTTP 429', 1000), retry('HTTP 429', 72 * 3_600_000), ok()]);
    const w = startWorker({ x: exec }, { actionRetrySchedule: [5, 5, 5] });
    const r = actionRow({ type: 'x' });
    await queue(r);
    w.start();
    await w.idle();
    expect(timestampToMicros((await row(r.id)).nextAttemptAt) / 1000 - t.clock.now()).toBe(600_000);
    await advance(600_000);
    expect(timestampToMicros((await row(r.id)).nextAttemptAt) / 1000 - t.clock.now()).toBe(5000);
    await advance(5000);
    expect(timestampToMicros((await row(r.id)).nextAttemptAt) / 1000 - t.clock.now()).toBe(24 * 3_600_000);
  });

  it('fails with the last reason once the schedule is exhausted', async () => {
    const exec = new Scripted([retry('HTTP 500'), retry('connection failed: ECONNREFUSED')]);
    const w = startWorker({ x: exec }, { actionRetrySchedule: [1] });
    const r = actionRow({ type: 'x' });
    await queue(r);
    w.start();
    await w.idle();
    await advance(1200);
    expect(exec.calls).toHaveLength(2);
    expect(await row(r.id)).toMatchObject({ status: 'failed', attempts: 2, lastError: 'connection failed: ECONNREFUSED' });
    const failed = await stored('prefect.automation.action.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].payload.reason).toBe('connection failed: ECONNREFUSED');
    expect(await stored('prefect.automation.action.triggered')).toHaveLength(1);
    await advance(86_400_000);
    expect(exec.calls).toHaveLength(2);
  });

  it('fails an unknown action type and retries an unexpected exception', async () => {
    const boom = new Scripted([
      async () => {
        throw new TypeError('boom');
      },
    ]);
    const w = startWorker({ boom });
    const unknown = actionRow({ type: 'launch-rocket' });
    const buggy = actionRow({ type: 'boom' });
    await queue(unknown, buggy);
    w.start();
    await w.idle();
    expect(await row(unknown.id)).toMatchObject({ status: 'failed', lastError: "Unknown action type 'launch-rocket'" });
    expect(await row(buggy.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Unexpected error: boom' });
  });

  it('runs at most actionConcurrency rows at once, never one row twice', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const exec = new Scripted([
      async () => {
        await gate;
        return { details: {}, related: [] };
      },
    ]);
    const w = startWorker({ x: exec }, { actionConcurrency: 2 });
    const rows = Array.from({ length: 5 }, () => actionRow({ type: 'x' }));
    await queue(...rows);
    w.start();
    // Wake it repeatedly while the first two are stuck: nothing else may start.
    for (let i = 0; i < 20 && exec.calls.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < 5; i++) {
      w.wake();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(exec.calls).toHaveLength(2);
    expect(new Set(exec.calls.map((c) => c.idempotencyKey)).size).toBe(2);
    release();
    await w.idle();
    expect(exec.calls).toHaveLength(5);
    expect(new Set(exec.calls.map((c) => c.idempotencyKey)).size).toBe(5);
    expect(exec.maxRunning).toBe(2);
  });

  it('never starts a row again from a due() answer read before that row finished (many fast rows, frequent wakes)', async () => {
    const exec = new Scripted([ok()]);
    const w = startWorker({ x: exec }, { actionConcurrency: 8 });
    const rows = Array.from({ length: 300 }, () => actionRow({ type: 'x' }));
    await queue(...rows);
    w.start();
    // Wake constantly while rows finish: looks overlap completions as they do under load.
    let waking = true;
    const waker = (async () => {
      while (waking) {
        w.wake();
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let i = 0; i < 2000 && exec.calls.length < rows.length; i++) await new Promise((r) => setTimeout(r, 5));
    waking = false;
    await waker;
    await w.idle();
    const keys = exec.calls.map((c) => c.idempotencyKey);
    expect(keys).toHaveLength(rows.length);
    expect(new Set(keys).size).toBe(rows.length);
  });

  it('never runs a completed row again, even in a new worker', async () => {
    const exec = new Scripted([ok()]);
    const w = startWorker({ x: exec });
    const r = actionRow({ type: 'x' });
    await queue(r);
    w.start();
    await w.idle();
    await w.stop();
    const again = new OutboxWorker({ ...t.deps, deps: t.deps, executors: { x: exec } });
    worker = again;
    again.start();
    again.wake();
    await again.idle();
    await advance(3_600_000);
    expect(exec.calls).toHaveLength(1);
  });

  it('re-delivers a row whose events were already emitted and stores them once', async () => {
    const exec = new Scripted([ok()]);
    const w = startWorker({ x: exec });
    const r = actionRow({ type: 'x' });
    await queue(r);
    // As if a previous process emitted both events, then crashed before recording the outcome.
    const input = { rowId: r.id, rowCreated: r.created, triggered: r.body };
    await t.deps.ingestor.ingest(WS, [actionTriggeredEvent(input), actionExecutedEvent(input, nowTimestamp(t.clock), await ok()())]);
    t.clock.advance(1000);
    w.start();
    await w.idle();
    expect(exec.calls).toHaveLength(1);
    expect(await row(r.id)).toMatchObject({ status: 'succeeded' });
    expect(await stored('prefect.automation.action.triggered')).toHaveLength(1);
    expect(await stored('prefect.automation.action.executed')).toHaveLength(1);
  });

  it('sleeps until the next due row (no polling) and wakes early when told', async () => {
    const exec = new Scripted([ok()]);
    const w = startWorker({ x: exec });
    w.start();
    await w.idle();
    expect(t.clock.pendingTimers).toBe(0);
    const later = actionRow(
      { type: 'x' },
      { nextAttemptAt: nowTimestamp({ now: () => t.clock.now() + 60_000, setTimeout: t.clock.setTimeout }) },
    );
    await queue(later);
    w.wake();
    await w.idle();
    expect(exec.calls).toHaveLength(0);
    expect(t.clock.pendingTimers).toBe(1);
    await advance(59_999);
    expect(exec.calls).toHaveLength(0);
    await advance(1);
    expect(exec.calls).toHaveLength(1);
  });
});
