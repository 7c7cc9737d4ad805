// Herald's insight endpoints: /automations/{id}/state, /firings, /explain (over HTTP, real storage).
// Firings come from the real engine-state store; the engine itself is a recording stand-in (the
// trigger engine is wired by the lead), and the 503 path is the server without one.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AutomationStateView, EngineControl } from '../../src/automations/engine-control.js';
import type { Automation } from '../../src/automations/model.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { makeEvent, postEvents, startTestServer, type Backend, type TestServer } from '../helpers/server.js';
import { at, firingRecord, outboxInsert } from '../storage/automation-fixtures.js';
import { automationBody, call } from './api-helpers.js';

const ws = DEFAULT_WORKSPACE_ID;
const MISSING = '0190d1a8-0000-7000-8000-000000000000';

function recordingEngine(unloaded = new Set<string>()) {
  const explained: { automation: Automation; event: ReceivedEvent }[] = [];
  const engine: EngineControl = {
    automationChanged: async () => undefined,
    state: (_ws, id): AutomationStateView | null =>
      unloaded.has(id)
        ? null
        : { automation_id: id, enabled: true, events_clock: at(7), triggers: [{ trigger_id: 't', type: 'event', posture: 'Reactive', windows: [], child_firings: [] }] },
    explain: (_ws, automation, event) => {
      explained.push({ automation, event });
      return { automation_id: automation.id, event_id: event.id, matched: true, triggers: [] };
    },
  };
  return { engine, explained };
}

describe.each(['sqlite', 'postgres'] as Backend[])('automation insight endpoints (%s)', (backend) => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('without an engine in this process: state and explain → 503 HERALD_ERR_ENGINE_UNAVAILABLE; unknown ids → 404', async () => {
    t = await startTestServer({ backend, settings: { automationsEnabled: false } });
    const a = (await call(t, 'POST', '/automations/', automationBody())).body;
    const state = await call(t, 'GET', `/automations/${a.id}/state`);
    expect(state.status).toBe(503);
    expect(state.body.code).toBe('HERALD_ERR_ENGINE_UNAVAILABLE');
    expect(state.body.detail).toMatch(/trigger engine/);

    const event = makeEvent();
    expect((await postEvents(t, [event])).status).toBe(204);
    const explain = await call(t, 'POST', `/automations/${a.id}/explain`, { event_id: event.id });
    expect([explain.status, explain.body.code]).toEqual([503, 'HERALD_ERR_ENGINE_UNAVAILABLE']);

    expect((await call(t, 'GET', `/automations/${MISSING}/state`)).body).toEqual({ exception_message: 'Automation not found', code: 'HERALD_ERR_NOT_FOUND' });
    expect((await call(t, 'GET', `/automations/${MISSING}/firings`)).status).toBe(404);
    expect((await call(t, 'POST', `/automations/${MISSING}/explain`, { event_id: event.id })).status).toBe(404);
  });

  it('state: the engine’s view of the automation; an automation the engine has not loaded holds nothing', async () => {
    const unloaded = new Set<string>();
    const { engine } = recordingEngine(unloaded);
    t = await startTestServer({ backend, overrides: { engine } });
    const a = (await call(t, 'POST', '/automations/', automationBody())).body;
    const r = await call(t, 'GET', `/automations/${a.id}/state`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ automation_id: a.id, events_clock: at(7), triggers: [{ trigger_id: 't', windows: [] }] });

    const paused = (await call(t, 'POST', '/automations/', automationBody({ enabled: false }))).body;
    unloaded.add(paused.id);
    const empty = await call(t, 'GET', `/automations/${paused.id}/state`);
    expect(empty.body).toEqual({ automation_id: paused.id, enabled: false, events_clock: null, triggers: [] });
  });

  it('explain: loads the stored event by id (any age) and hands it to the engine; 404 / 422 otherwise', async () => {
    const { engine, explained } = recordingEngine();
    t = await startTestServer({ backend, overrides: { engine } });
    const a = (await call(t, 'POST', '/automations/', automationBody())).body;
    // Years old: outside any default query window.
    const event = makeEvent({ occurred: '2019-05-01T12:00:00.000000Z' });
    expect((await postEvents(t, [event])).status).toBe(204);

    const r = await call(t, 'POST', `/automations/${a.id}/explain`, { event_id: event.id });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ automation_id: a.id, event_id: event.id, matched: true, triggers: [] });
    expect(explained).toHaveLength(1);
    expect(explained[0].automation).toEqual(a);
    expect(explained[0].event).toMatchObject({ id: event.id, event: event.event, occurred: event.occurred });
    expect(explained[0].event.received).toBeTruthy();

    const missing = await call(t, 'POST', `/automations/${a.id}/explain`, { event_id: randomUUID() });
    expect([missing.status, missing.body.code, missing.body.detail]).toEqual([404, 'HERALD_ERR_NOT_FOUND', 'Event not found']);
    const bad = await call(t, 'POST', `/automations/${a.id}/explain`, { event_id: 'nope', extra: 1 });
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail.map((i: { loc: unknown }) => i.loc)).toEqual([['body', 'extra'], ['body', 'event_id']]);
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
    expect(r.body[0]).toMatchObject({ id: newer.id, automation_id: a.id, outcome: 'loop-stopped', recorded: at(3), actions: [], events: [] });
    const [, first] = r.body;
    expect(first.firing).toEqual(JSON.parse(JSON.stringify(older.firing)));
    expect(first.actions).toMatchObject([
      { id: notify.id, action_index: 0, type: 'send-notification', status: 'pending', attempts: 0, last_error: null },
      { id: webhook.id, action_index: 1, type: 'call-webhook', status: 'failed', attempts: 3, last_error: 'receiver answered 500', result: { status_code: 500 } },
    ]);
    expect(first.events).toMatchObject([{ id: triggeredEvent.id, event: 'prefect.automation.triggered', status: 'pending' }]);

    expect((await call(t, 'GET', `/automations/${a.id}/firings?limit=1`)).body.map((f: { id: string }) => f.id)).toEqual([newer.id]);
    const tooBig = await call(t, 'GET', `/automations/${a.id}/firings?limit=0`);
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.exception_detail[0].loc).toEqual(['query', 'limit']);
  });
});
