// POST /automations/backtest over HTTP on a real server (SQLite and PostgreSQL): the 200 answer's
// shape (also checked against the published schema by the test server's response contract), the
// 422s naming the offending field like POST /automations/ does, and the bound's 422.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from '../../src/events/index.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { startTestServer, type Backend, type TestServer } from '../helpers/server.js';
import { call } from '../automations/api-helpers.js';
import { at, makeReceived, T0 } from '../automations/engine-harness.js';

const NOW = T0 + 2 * 3600_000;

const trigger = {
  type: 'event',
  posture: 'Reactive',
  expect: ['acme.payment.failed'],
  for_each: ['acme.customer'],
  threshold: 2,
  within: 600,
};
const automation = (overrides: Record<string, unknown> = {}) => ({
  name: 'two failures',
  trigger,
  actions: [{ type: 'do-nothing' }],
  ...overrides,
});

describe.each(['sqlite', 'postgres'] as Backend[])('POST /automations/backtest (%s)', (backend) => {
  let t: TestServer | undefined;
  let clock: FakeClock;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function start(settings = {}) {
    clock = new FakeClock(NOW);
    t = await startTestServer({ backend, clock, settings: { automationsEnabled: false, ...settings } });
    const failed = (customer: string, seconds: number) =>
      makeReceived(
        {
          event: 'acme.payment.failed',
          occurred: at(seconds),
          resource: { 'prefect.resource.id': `acme.invoice.${seconds}`, 'acme.customer': customer },
        },
        clock,
      );
    const events = [failed('c-1', 60), failed('c-2', 70), failed('c-1', 120)];
    await t.storage.events.insertEvents(DEFAULT_WORKSPACE_ID, events);
    return { t, events };
  }

  it('answers the firings with their events and actions, oldest first; since/until default to the last 24 h', async () => {
    const { t, events } = await start();
    const res = await call(t, 'POST', '/automations/backtest', { automation: automation(), since: at(0), until: at(3600) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ since: at(0), until: at(3600), events_replayed: 3, truncated: false });
    expect(res.body.firings).toHaveLength(1);
    const firing = res.body.firings[0];
    expect(Object.keys(firing).sort()).toEqual([
      'actions',
      'events',
      'firing',
      'key',
      'occurred',
      'state',
      'trigger_id',
      'triggering_event',
    ]);
    expect(firing).toMatchObject({
      occurred: at(120),
      key: '{"acme.customer":"c-1"}',
      state: 'Triggered',
      triggering_event: { id: events[2].id, event: 'acme.payment.failed', occurred: at(120), resource_id: 'acme.invoice.120' },
      events: [{ id: events[2].id, event: 'acme.payment.failed', occurred: at(120) }],
      actions: [{ type: 'do-nothing', summary: 'Do nothing (the firing is only recorded)' }],
    });
    expect(firing.firing.id).toEqual(expect.any(String));
    expect(firing.trigger_id).toBe(firing.firing.trigger.id);

    // Defaults: until = now, since = until − 24 h (the history at T0 is inside).
    const defaults = await call(t, 'POST', '/automations/backtest', { automation: automation() });
    expect(defaults.status).toBe(200);
    expect(defaults.body.until).toBe(at(2 * 3600));
    expect(defaults.body.since).toBe(at(2 * 3600 - 24 * 3600));
    expect(defaults.body.firings).toHaveLength(1);

    // Actions that use a destination name it (read from the real store), or say it is missing.
    const dest = await call(t, 'POST', '/destinations', {
      name: 'ops receiver',
      type: 'webhook',
      config: { url: 'https://hooks.example.com/h' },
    });
    expect(dest.status).toBe(201);
    const withDestinations = await call(t, 'POST', '/automations/backtest', {
      automation: automation({
        actions: [
          { type: 'call-webhook', block_document_id: dest.body.id },
          { type: 'send-notification', block_document_id: '0190d1a8-0000-7000-8000-000000000000', subject: 'Hi {{ event.id }}', body: 'x' },
        ],
      }),
      since: at(0),
      until: at(3600),
    });
    expect(withDestinations.body.firings[0].actions).toEqual([
      { type: 'call-webhook', summary: 'Call webhook destination "ops receiver" (webhook)' },
      {
        type: 'send-notification',
        summary:
          'Send notification "Hi {{ event.id }}" to destination 0190d1a8-0000-7000-8000-000000000000, which does not exist (the action would fail)',
      },
    ]);

    // Nothing was saved.
    expect((await call(t, 'POST', '/automations/count')).body).toBe(0);
  });

  it('422 names the offending field: the automation’s as on create (under body.automation), since, until, unknown keys', async () => {
    const { t } = await start();
    const badWithin = await call(t, 'POST', '/automations/backtest', {
      automation: automation({ trigger: { ...trigger, within: -5 } }),
      since: at(0),
    });
    expect(badWithin.status).toBe(422);
    expect(badWithin.body.code).toBe('HERALD_ERR_VALIDATION');
    const created = await call(t, 'POST', '/automations/', automation({ trigger: { ...trigger, within: -5 } }));
    expect(created.status).toBe(422);
    // The same issue as a create, one level deeper.
    expect(badWithin.body.exception_detail.map((i: { loc: unknown[] }) => i.loc)).toEqual(
      created.body.exception_detail.map((i: { loc: unknown[] }) => ['body', 'automation', ...i.loc.slice(1)]),
    );
    expect(badWithin.body.exception_detail[0].loc).toEqual(['body', 'automation', 'trigger', 'within']);

    const badDates = await call(t, 'POST', '/automations/backtest', {
      automation: automation(),
      since: 'yesterday',
      until: 'soon',
      extra: 1,
    });
    expect(badDates.status).toBe(422);
    const locs = badDates.body.exception_detail.map((i: { loc: unknown[] }) => i.loc.join('.'));
    expect(locs).toEqual(expect.arrayContaining(['body.since', 'body.until', 'body.extra']));

    const reversed = await call(t, 'POST', '/automations/backtest', { automation: automation(), since: at(100), until: at(100) });
    expect(reversed.status).toBe(422);
    expect(reversed.body.exception_detail).toEqual([expect.objectContaining({ loc: ['body', 'since'], type: 'value_error' })]);

    const missing = await call(t, 'POST', '/automations/backtest', { since: at(0) });
    expect(missing.status).toBe(422);
    expect(missing.body.exception_detail).toEqual([expect.objectContaining({ loc: ['body', 'automation'], type: 'missing' })]);

    const notObject = await call(t, 'POST', '/automations/backtest', []);
    expect(notObject.status).toBe(422);
    expect(notObject.body.exception_detail[0].loc).toEqual(['body']);
  });

  it('422 HERALD_ERR_BACKTEST_TOO_LARGE when the range holds more events than HERALD_BACKTEST_MAX_EVENTS', async () => {
    const { t } = await start({ backtestMaxEvents: 2 });
    const res = await call(t, 'POST', '/automations/backtest', { automation: automation(), since: at(0), until: at(3600) });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('HERALD_ERR_BACKTEST_TOO_LARGE');
    expect(res.body.detail).toContain('holds 3 events');
    expect(res.body.detail).toContain('HERALD_BACKTEST_MAX_EVENTS');
    expect(res.body.detail).toContain('narrow since/until');
    // A narrower range passes.
    const narrow = await call(t, 'POST', '/automations/backtest', { automation: automation(), since: at(0), until: at(100) });
    expect(narrow.status).toBe(200);
    expect(narrow.body.events_replayed).toBe(2);
  });

  it('with the server’s own engine running: nothing saved, emitted or queued, and the engine’s cursor does not move', async () => {
    const { t } = await start({ automationsEnabled: true });
    await t.server.runtime!.engine.settle();
    const all = { occurred: { since: MIN_TIMESTAMP, until: MAX_TIMESTAMP }, order: 'ASC' as const };
    const snapshot = async () => ({
      events: await t.storage.events.countEvents(DEFAULT_WORKSPACE_ID, all),
      automations: await t.storage.automation.automations.count(DEFAULT_WORKSPACE_ID),
      cursor: await t.storage.automation.engine.loadCursor(),
      state: await t.storage.automation.engine.loadState(),
      outbox: await t.storage.automation.outbox.nextDueAt(),
    });
    const before = await snapshot();
    const res = await call(t, 'POST', '/automations/backtest', {
      automation: automation({
        actions: [{ type: 'emit-event', event: 'acme.alert', resource: { 'prefect.resource.id': 'acme.alert.1' } }],
      }),
      since: at(0),
      until: at(3600),
    });
    expect(res.status).toBe(200);
    expect(res.body.firings.map((f: { actions: unknown[] }) => f.actions)).toEqual([
      [{ type: 'emit-event', summary: 'Emit event acme.alert' }],
    ]);
    await t.server.runtime!.engine.settle();
    expect(await snapshot()).toEqual(before);
    expect(before).toMatchObject({ events: 3, automations: 0, outbox: null });
  });
});
