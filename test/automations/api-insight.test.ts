// Herald's insight endpoints: /automations/{id}/state, /firings, /explain (over HTTP, real storage).
// State and explain are read from what the real trigger engine committed, so a second server on the
// same database that runs no engine (automationsEnabled off) answers the same; firings come from the
// engine-state store.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { makeEvent, postEvents, startTestServer, type Backend, type TestServer } from '../helpers/server.js';
import { at, firingRecord, outboxInsert } from '../storage/automation-fixtures.js';
import { automationBody, call } from './api-helpers.js';

const ws = DEFAULT_WORKSPACE_ID;
const MISSING = '0190d1a8-0000-7000-8000-000000000000';

const countingTrigger = {
  type: 'event',
  match: { 'prefect.resource.id': 'prefect.flow-run.*' },
  expect: ['prefect.flow-run.Crashed'],
  for_each: ['prefect.resource.id'],
  posture: 'Reactive',
  threshold: 3,
  within: 3600,
};

/** Polls the real engine (through the API) until `probe` holds: evaluation happens after ingest. */
async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}

describe.each(['sqlite', 'postgres'] as Backend[])('automation insight endpoints (%s)', (backend) => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('a process that runs no engine answers state and explain from the engine’s committed state; unknown ids → 404', async () => {
    t = await startTestServer({ backend });
    const a = (await call(t, 'POST', '/automations/', automationBody({ trigger: countingTrigger }))).body;
    const run = 'prefect.flow-run.0190d1a8-0000-7000-8000-00000000bbbb';
    const event = makeEvent({
      occurred: new Date().toISOString(),
      event: 'prefect.flow-run.Crashed',
      resource: { 'prefect.resource.id': run },
    });
    expect((await postEvents(t, [event])).status).toBe(204);
    await t.server.runtime!.engine.settle();

    // Another process on the same database, without the engine (as an API-only replica runs).
    const replica = await createServer({ ...t.settings, automationsEnabled: false });
    const replicaUrl = `${await replica.listen()}${t.settings.apiBasePath.replace(/\/+$/, '')}`;
    try {
      const here = await call(t, 'GET', `/automations/${a.id}/state`);
      const there = await call({ url: replicaUrl }, 'GET', `/automations/${a.id}/state`);
      expect(there.status).toBe(200);
      expect(there.body).toEqual(here.body);
      expect(there.body.triggers[0].windows).toMatchObject([{ key: { 'prefect.resource.id': run }, count: 1, last_event_id: event.id }]);

      const explainHere = await call(t, 'POST', `/automations/${a.id}/explain`, { event_id: event.id });
      const explainThere = await call({ url: replicaUrl }, 'POST', `/automations/${a.id}/explain`, { event_id: event.id });
      expect(explainThere.status).toBe(200);
      expect(explainThere.body).toEqual(explainHere.body);
      expect(explainThere.body.triggers[0]).toMatchObject({ matched: true, window: { count: 1, contains_event: true } });

      expect((await call({ url: replicaUrl }, 'GET', `/automations/${MISSING}/state`)).body).toEqual({
        exception_message: 'Automation not found',
        code: 'HERALD_ERR_NOT_FOUND',
      });
      expect((await call({ url: replicaUrl }, 'GET', `/automations/${MISSING}/firings`)).status).toBe(404);
      expect((await call({ url: replicaUrl }, 'POST', `/automations/${MISSING}/explain`, { event_id: event.id })).status).toBe(404);
    } finally {
      await replica.close();
    }
  });

  it('state: the engine’s open windows per key; a paused automation holds nothing', async () => {
    t = await startTestServer({ backend });
    const a = (await call(t, 'POST', '/automations/', automationBody({ trigger: countingTrigger }))).body;
    const run = 'prefect.flow-run.0190d1a8-0000-7000-8000-00000000aaaa';
    const event = makeEvent({
      occurred: new Date().toISOString(),
      event: 'prefect.flow-run.Crashed',
      resource: { 'prefect.resource.id': run },
    });
    expect((await postEvents(t, [event])).status).toBe(204);
    const state = await until(async () => {
      const r = await call(t!, 'GET', `/automations/${a.id}/state`);
      return r.body.triggers?.[0]?.windows?.length ? r : undefined;
    });
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({
      automation_id: a.id,
      enabled: true,
      triggers: [{ trigger_id: a.trigger.id, type: 'event', posture: 'Reactive' }],
    });
    expect(state.body.triggers[0].windows).toEqual([
      expect.objectContaining({
        key: { 'prefect.resource.id': run },
        count: 1,
        threshold: 3,
        last_event_id: event.id,
        next_deadline: null,
      }),
    ]);

    const paused = (await call(t, 'POST', '/automations/', automationBody({ enabled: false }))).body;
    const empty = await call(t, 'GET', `/automations/${paused.id}/state`);
    expect(empty.body).toEqual({ automation_id: paused.id, enabled: false, events_clock: null, triggers: [] });
  });

  it('explain: loads the stored event by id (any age) and says why it would or would not count; 404 / 422 otherwise', async () => {
    t = await startTestServer({ backend });
    const a = (await call(t, 'POST', '/automations/', automationBody())).body;
    // Years old: outside any default query window.
    const event = makeEvent({ occurred: '2019-05-01T12:00:00.000000Z' });
    expect((await postEvents(t, [event])).status).toBe(204);

    const r = await call(t, 'POST', `/automations/${a.id}/explain`, { event_id: event.id });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ automation_id: a.id, event_id: event.id, matched: false });
    const reasons = r.body.triggers[0].reasons.join('\n');
    expect(reasons).toContain(`event name '${event.event}' matches none`);
    expect(reasons).toContain(`'prefect.resource.id' = 'test.resource.1' does not match`);

    const missing = await call(t, 'POST', `/automations/${a.id}/explain`, { event_id: randomUUID() });
    expect([missing.status, missing.body.code, missing.body.detail]).toEqual([404, 'HERALD_ERR_NOT_FOUND', 'Event not found']);
    const bad = await call(t, 'POST', `/automations/${a.id}/explain`, { event_id: 'nope', extra: 1 });
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail.map((i: { loc: unknown }) => i.loc)).toEqual([
      ['body', 'extra'],
      ['body', 'event_id'],
    ]);
    const noId = await call(t, 'POST', `/automations/${a.id}/explain`, {});
    expect(noId.body.exception_detail).toMatchObject([{ loc: ['body', 'event_id'], type: 'missing' }]);
  });

  it('firings: newest first, each with its actions’ delivery outcomes and emitted events; limit applies', async () => {
    t = await startTestServer({ backend });
    const a = (await call(t, 'POST', '/automations/', automationBody())).body;
    const older = firingRecord(ws, a.id, { recorded: at(1) });
    const newer = firingRecord(ws, a.id, { recorded: at(3), outcome: 'loop-stopped' });
    const otherAutomation = firingRecord(ws, randomUUID(), { recorded: at(4) });
    const action = (index: number, type: string) =>
      outboxInsert(ws, { automationId: a.id, firingId: older.id, actionIndex: index, body: { action: { type }, causation_depth: 0 } });
    const webhook = action(1, 'call-webhook');
    const notify = action(0, 'send-notification');
    const triggeredEvent = outboxInsert(ws, {
      automationId: a.id,
      firingId: older.id,
      kind: 'event',
      actionIndex: null,
      body: makeEvent({ event: 'prefect.automation.triggered' }),
    });
    const engineStore = t.storage.automation.engine;
    await engineStore.commit({ firings: [older, newer, otherAutomation], outbox: [webhook, notify, triggeredEvent] });
    await t.storage.automation.outbox.recordAttempt(webhook.id, {
      status: 'failed',
      attempts: 3,
      nextAttemptAt: at(9),
      lastError: 'receiver answered 500',
      result: { status_code: 500 },
      updated: at(9),
    });

    const r = await call(t, 'GET', `/automations/${a.id}/firings`);
    expect(r.status).toBe(200);
    expect(r.body.map((f: { id: string }) => f.id)).toEqual([newer.id, older.id]);
    expect(r.body[0]).toMatchObject({
      id: newer.id,
      automation_id: a.id,
      outcome: 'loop-stopped',
      recorded: at(3),
      expanded: true,
      actions: [],
      events: [],
    });
    const [, first] = r.body;
    expect(first.firing).toEqual(JSON.parse(JSON.stringify(older.firing)));
    expect(first.actions).toMatchObject([
      { id: notify.id, action_index: 0, type: 'send-notification', status: 'pending', attempts: 0, last_error: null },
      {
        id: webhook.id,
        action_index: 1,
        type: 'call-webhook',
        status: 'failed',
        attempts: 3,
        last_error: 'receiver answered 500',
        result: { status_code: 500 },
      },
    ]);
    expect(first.events).toMatchObject([{ id: triggeredEvent.id, event: 'prefect.automation.triggered', status: 'pending' }]);

    expect((await call(t, 'GET', `/automations/${a.id}/firings?limit=1`)).body.map((f: { id: string }) => f.id)).toEqual([newer.id]);
    const tooBig = await call(t, 'GET', `/automations/${a.id}/firings?limit=0`);
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.exception_detail[0].loc).toEqual(['query', 'limit']);
  });
});
