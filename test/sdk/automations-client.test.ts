// AutomationsClient against a real server (SQLite): the CRUD calls, pause/resume, the engine's state,
// firings with their action outcomes, explain, template validation and backtest — each method's
// request shape checked by the server that answers it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutomationsClient, HeraldClient, isHeraldSdkError } from '../../sdk/index.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

const HOUR = 3_600_000;

const draft = (name: string, expect: string) => ({
  name,
  description: 'from the SDK test',
  trigger: {
    type: 'event' as const,
    posture: 'Reactive' as const,
    expect: [expect],
    match: { 'prefect.resource.id': 'sdk.job.*' },
    threshold: 1,
    within: 0,
  },
  actions: [{ type: 'do-nothing' }],
});

describe('AutomationsClient', () => {
  let t: TestServer;
  let client: HeraldClient;
  let automations: AutomationsClient;

  beforeAll(async () => {
    t = await startTestServer();
    client = new HeraldClient({ url: t.url });
    automations = new AutomationsClient(client);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates, reads, lists, pauses, replaces and deletes', async () => {
    const created = await automations.create(draft('sdk crud', 'sdk.job.failed'));
    expect(created).toMatchObject({ name: 'sdk crud', enabled: true, trigger: { type: 'event', expect: ['sdk.job.failed'] } });
    expect(created.trigger.id).toMatch(/[0-9a-f-]{36}/);

    expect((await automations.read(created.id)).name).toBe('sdk crud');
    const listed = await automations.list({ sort: 'NAME_ASC', limit: 200 });
    expect(listed.map((a) => a.id)).toContain(created.id);

    await automations.setEnabled(created.id, false);
    expect((await automations.read(created.id)).enabled).toBe(false);
    await automations.setEnabled(created.id, true);

    await automations.replace(created.id, { ...draft('sdk crud renamed', 'sdk.job.crashed') });
    const replaced = await automations.read(created.id);
    expect(replaced).toMatchObject({ name: 'sdk crud renamed', trigger: { expect: ['sdk.job.crashed'] } });

    await automations.delete(created.id);
    const gone = await automations.read(created.id).catch((e: unknown) => e);
    expect(isHeraldSdkError(gone) && gone.status).toBe(404);
  });

  it('a 422 carries the server’s issues with their loc', async () => {
    const bad = { ...draft('bad', 'x'), trigger: { ...draft('bad', 'x').trigger, posture: 'Proactive' as const, within: 5 } };
    const err = await automations.create(bad).catch((e: unknown) => e);
    expect(isHeraldSdkError(err) && err.status).toBe(422);
    expect((err as { detail: { loc: unknown[] }[] }).detail.map((d) => d.loc)).toContainEqual(['body', 'trigger', 'within']);
  });

  it('reads state, firings with action outcomes, and explains an event', async () => {
    const a = await automations.create({
      ...draft('sdk insight', 'sdk.job.done'),
      trigger: { ...draft('', 'sdk.job.done').trigger, for_each: ['prefect.resource.id'], threshold: 2, within: 3600 },
    });
    const [first] = (await client.emitEvents([{ event: 'sdk.job.done', resource: { 'prefect.resource.id': 'sdk.job.1' } }])).events;
    await t.server.runtime!.engine.settle();

    const state = await automations.state(a.id);
    expect(state.enabled).toBe(true);
    expect(state.triggers[0].windows).toMatchObject([
      { key: { 'prefect.resource.id': 'sdk.job.1' }, count: 1, threshold: 2, last_event_id: first.id },
    ]);
    expect(await automations.firings(a.id)).toEqual([]);

    const explained = await automations.explain(a.id, first.id);
    expect(explained).toMatchObject({ event_id: first.id, matched: true, triggers: [{ matched: true, role: 'expect' }] });

    await client.emitEvents([{ event: 'sdk.job.done', resource: { 'prefect.resource.id': 'sdk.job.1' } }]);
    await t.server.runtime!.engine.settle();
    await t.server.runtime!.worker.idle();
    const firings = await automations.firings(a.id, 1);
    expect(firings).toHaveLength(1);
    expect(firings[0].firing.triggering_labels).toEqual({ 'prefect.resource.id': 'sdk.job.1' });
    expect(firings[0].actions).toMatchObject([{ type: 'do-nothing', status: 'succeeded', attempts: 1 }]);
  });

  it('validates templates: a 422 is an answer with its line', async () => {
    expect(await automations.validateTemplate('Hello {{ event.event }}')).toEqual({ valid: true });
    const bad = await automations.validateTemplate('line one\n{{ event.event ');
    expect(bad).toMatchObject({ valid: false, line: 2 });
    expect(bad.valid === false && bad.message.length).toBeGreaterThan(0);
  });

  it('backtests a draft over stored history', async () => {
    const now = Date.now();
    const times = [3, 2, 1].map((h) => now - h * HOUR);
    await client.emitEvents(
      times.map((occurred) => ({ event: 'sdk.bt.failed', resource: { 'prefect.resource.id': 'sdk.job.bt' }, occurred })),
    );
    const result = await automations.backtest({
      automation: draft('sdk backtest', 'sdk.bt.failed'),
      since: new Date(now - 4 * HOUR).toISOString(),
      until: new Date(now).toISOString(),
    });
    expect(result.truncated).toBe(false);
    expect(result.events_replayed).toBeGreaterThanOrEqual(3);
    expect(result.firings.map((f) => Date.parse(f.occurred))).toEqual(times);
    expect(result.firings[0]).toMatchObject({
      state: 'Triggered',
      triggering_event: { event: 'sdk.bt.failed', resource_id: 'sdk.job.bt' },
    });
    expect(result.firings[0].actions).toMatchObject([{ type: 'do-nothing' }]);
  });
});
