// emit-event (Herald extension) and do-nothing, run directly against real storage (SQLite and
// PostgreSQL) through the real group-commit writer.

import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { doNothingExecutor } from '../../src/actions/do-nothing.js';
import { emitEventExecutor } from '../../src/actions/emit-event.js';
import { ActionFailed, ActionRetry, type ActionRun } from '../../src/actions/types.js';
import { deterministicUuid } from '../../src/model/ids.js';
import type { Action } from '../../src/model/automation.js';
import { parseEventFilter } from '../../src/events/index.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import { GroupCommitWriter } from '../../src/ingest/group-commit-writer.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { backends, type Backend } from '../storage/backends.js';
import { AUTOMATION_ID, makeDeps, makeRun as makeRunWith, NOW, receivedEvent, type RunOptions, type TestDeps } from './fixtures.js';

// A fresh invocation per run: the emitted id derives from it, and tests share one database.
const makeRun = (action: Action, options: RunOptions = {}): ActionRun => makeRunWith(action, { invocation: randomUUID(), ...options });

const trigger = receivedEvent({
  id: '0190aaaa-bbbb-7ccc-8ddd-000000000042',
  occurred: '2026-03-01T11:56:00.000000Z',
  event: 'prefect.flow-run.Failed',
  resource: { 'prefect.resource.id': 'prefect.flow-run.abc', 'prefect.resource.name': 'silly-cat' },
});

const degraded: Action = {
  type: 'emit-event',
  event: 'my.pipeline.{{ event.event.split(".")[-1] | lower }}',
  resource: { 'prefect.resource.id': 'my.pipeline.{{ event.resource.name }}', team: 'data' },
  related: [{ 'prefect.resource.id': '{{ event.resource.id }}', 'prefect.resource.role': 'cause' }],
  payload: { count: 3, message: 'by {{ automation.name }}', nested: { list: ['{{ event.id }}', true, null] } },
};

describe.each(backends)('emit-event on $name', (factory) => {
  let backend: Backend;
  let t: TestDeps;

  beforeAll(async () => {
    backend = await factory.create();
  });
  afterAll(() => backend.cleanup());
  beforeEach(() => {
    t = makeDeps(backend.storage, { settings: { maxEventNameLength: 40 } });
  });
  afterEach(() => t.close());

  async function stored(id: string): Promise<ReceivedEvent[]> {
    const parsed = parseEventFilter({ id: { id: [id] }, occurred: { since: '2026-01-01T00:00:00Z', until: '2027-01-01T00:00:00Z' } }, NOW);
    if (!parsed.ok) throw new Error('bad filter');
    return backend.storage.events.queryEvents(DEFAULT_WORKSPACE_ID, { filter: parsed.filter, limit: 10 });
  }

  async function failure(run: ActionRun): Promise<ActionFailed | ActionRetry> {
    const err = await emitEventExecutor.execute(run, t.deps).then(
      () => new Error('expected the action to fail'),
      (e: unknown) => e,
    );
    if (err instanceof ActionFailed || err instanceof ActionRetry) return err;
    throw err;
  }

  it('renders, stores and reports the event, with the creator and causation depth', async () => {
    const run = makeRun(degraded, { event: trigger, causationDepth: 2 });
    const outcome = await emitEventExecutor.execute(run, t.deps);
    const id = deterministicUuid(`${run.idempotencyKey}:emitted`, Date.parse('2026-03-01T11:59:30Z'));
    expect(outcome).toEqual({ details: { emitted_event: id }, related: [] });
    const [event] = await stored(id);
    expect(event).toMatchObject({
      id,
      occurred: NOW,
      event: 'my.pipeline.failed',
      resource: { 'prefect.resource.id': 'my.pipeline.silly-cat', team: 'data' },
      related: [
        { 'prefect.resource.id': 'prefect.flow-run.abc', 'prefect.resource.role': 'cause' },
        {
          'prefect.resource.id': `prefect.automation.${AUTOMATION_ID}`,
          'prefect.resource.role': 'creator',
          'prefect.resource.name': 'Stuck flow runs ✓',
          'herald.causation-depth': '2',
        },
      ],
      payload: { count: 3, message: 'by Stuck flow runs ✓', nested: { list: [trigger.id, true, null] } },
      follows: trigger.id,
    });
  });

  it('stores a redelivered action once (same id on every attempt)', async () => {
    const run = makeRun(degraded, { event: trigger });
    const first = await emitEventExecutor.execute(run, t.deps);
    t.clock.advance(60_000);
    const again = await emitEventExecutor.execute({ ...run, attempt: 2 }, t.deps);
    expect(again.details.emitted_event).toBe(first.details.emitted_event);
    expect(await stored(String(first.details.emitted_event))).toHaveLength(1);
  });

  it('follows the triggering event only when it occurred within 5 minutes', async () => {
    const action: Action = { type: 'emit-event', event: 'x.y', resource: { 'prefect.resource.id': 'x' } };
    const cases: [ReceivedEvent | null, string | null][] = [
      [receivedEvent({ occurred: '2026-03-01T11:55:00.000001Z' }), receivedEvent().id],
      [receivedEvent({ occurred: '2026-03-01T11:55:00.000000Z' }), null],
      [receivedEvent({ occurred: '2026-03-01T12:04:59.000000Z' }), receivedEvent().id],
      [null, null],
    ];
    for (const [index, [event, follows]] of cases.entries()) {
      const outcome = await emitEventExecutor.execute(makeRun(action, { event, actionIndex: index }), t.deps);
      const [stored1] = await stored(String(outcome.details.emitted_event));
      expect(stored1.follows, `case ${index}`).toBe(follows);
    }
  });

  it('accepts a payload template that renders a JSON object', async () => {
    const action: Action = {
      type: 'emit-event',
      event: 'x.y',
      resource: { 'prefect.resource.id': 'x' },
      payload: '{"source": {{ event.id | tojson }}, "n": 2}',
    };
    const outcome = await emitEventExecutor.execute(makeRun(action, { event: trigger }), t.deps);
    const [event] = await stored(String(outcome.details.emitted_event));
    expect(event.payload).toEqual({ source: trigger.id, n: 2 });
  });

  it.each([
    [{ payload: '[1, 2]' }, 'payload must render a JSON object, got [1,2]'],
    [{ payload: 'not json {{ event.id }}' }, /^payload must render a JSON object: /],
    [{ payload: 5 }, 'payload must be an object or a template string, got 5'],
    [{ resource: undefined }, 'resource must be an object of labels, got null'],
    [{ resource: { 'prefect.resource.id': 'x', n: 1 } }, 'resource.n must be a string, got 1'],
    [{ related: { 'prefect.resource.id': 'x' } }, /^related must be a list of label objects/],
    [{ related: ['x'] }, 'related[0] must be an object of labels, got "x"'],
    [{ event: 7 }, 'event must be a template string, got 7'],
    [{ resource: { name: 'no id' } }, /^The event to emit is invalid: resource: .*prefect\.resource\.id/],
    [{ resource: { 'prefect.resource.id': '{{ labels.missing }}' } }, /^The event to emit is invalid: resource: .*must be non-empty/],
    [{ related: [{ 'prefect.resource.id': 'y' }] }, /^The event to emit is invalid: related\.0: .*prefect\.resource\.role/],
    [{ event: 'a.{{ "x" * 50 }}' }, /^The event to emit is invalid: event: .*at most 40 characters/],
    [{ event: '{{ event.nope( }}' }, /^Template rendering failed: /],
  ])('fails %j: %s, storing nothing', async (fields, reason) => {
    const action = { type: 'emit-event', event: 'x.y', resource: { 'prefect.resource.id': 'x' }, ...fields } as Action;
    const before = await backend.countRows('events');
    const err = await failure(makeRun(action, { event: trigger }));
    expect(err).toBeInstanceOf(ActionFailed);
    if (typeof reason === 'string') expect(err.message).toBe(reason);
    else expect(err.message).toMatch(reason);
    expect(await backend.countRows('events')).toBe(before);
  });

  it('reports the invalid fields in validation_error', async () => {
    const err = await failure(makeRun({ type: 'emit-event', event: 'x.y', resource: { name: 'no id' } }));
    expect(err.details.validation_error).toEqual([expect.objectContaining({ loc: ['resource'], type: 'value_error' })]);
  });

  it('retries when ingest is overloaded or shutting down', async () => {
    // A writer that holds its queue (no clock advance) and takes one waiting event at most.
    const held = new GroupCommitWriter({
      events: backend.storage.events,
      bus: t.bus,
      clock: t.clock,
      maxBatch: 100,
      maxDelay: 1000,
      queueMax: 1,
      dedupeCacheSize: 0,
    });
    const action: Action = { type: 'emit-event', event: 'x.y', resource: { 'prefect.resource.id': 'x' } };
    const queued = emitEventExecutor.execute(makeRun(action, { actionIndex: 1 }), { ...t.deps, ingestor: held });
    const overloaded = await emitEventExecutor
      .execute(makeRun(action, { actionIndex: 2 }), { ...t.deps, ingestor: held })
      .catch((e: unknown) => e);
    expect(overloaded).toBeInstanceOf(ActionRetry);
    expect((overloaded as ActionRetry).retryAfterMs).toBeGreaterThanOrEqual(1000);
    await held.drain();
    await queued;
    const closed = await emitEventExecutor
      .execute(makeRun(action, { actionIndex: 3 }), { ...t.deps, ingestor: held })
      .catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(ActionRetry);
  });
});

it('do-nothing does nothing and succeeds', async () => {
  const logged: unknown[] = [];
  const logger = { info: (...args: unknown[]) => logged.push(args), warn() {}, error() {}, debug() {} };
  const outcome = await doNothingExecutor.execute(makeRun({ type: 'do-nothing' }), { logger } as never);
  expect(outcome).toEqual({ details: {}, related: [] });
  expect(logged).toHaveLength(1);
});
