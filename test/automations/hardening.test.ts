// Issue #9: one saved automation must not be able to stop the others or blow past the event limits.
// Save time: every duration, threshold and count is bounded, trigger nesting is checked without
// recursion, and name/description/action lists are capped — each a Prefect-shaped 422 naming the
// field. Run time (real server, real restart): a bad row written behind the API's back is paused
// with a reason while the other automations keep firing.

import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Automation } from '../../src/model/automation.js';
import { microsToTimestamp } from '../../src/events/index.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { startTestServer, type Backend, type TestServer } from '../helpers/server.js';
import { automationBody, call, lifecycleEvents } from './api-helpers.js';
import { body, ok, theIssue } from './parse-helpers.js';

/** A compound trigger nested `depth` levels (the innermost is an event trigger), built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let t: Record<string, unknown> = { type: 'event', posture: 'Reactive', expect: ['x.y'] };
  for (let i = 1; i < depth; i++) t = { type: 'compound', require: 'any', within: null, triggers: [t] };
  return t;
}

describe('save-time bounds (parser)', () => {
  it('a Proactive within of 1e308 or P99999999Y is refused, naming within (it used to be saved and stall the engine)', () => {
    for (const within of [1e308, 'P99999999Y']) {
      const i = theIssue(body({ trigger: { posture: 'Proactive', expect: ['x.y'], within } }));
      expect([i.loc, i.type]).toEqual([['body', 'trigger', 'within'], 'less_than_equal']);
      expect(i.msg).toMatch(/automationMaxDuration/);
    }
    // The bound itself (366 days) is accepted.
    ok(body({ trigger: { posture: 'Proactive', expect: ['x.y'], within: 366 * 86_400 } }));
  });

  it('composite within and run-deployment schedule_after are bounded too', () => {
    const compound = theIssue(body({ trigger: { type: 'compound', require: 'any', within: 1e308, triggers: [{ posture: 'Reactive' }] } }));
    expect([compound.loc, compound.type]).toEqual([['body', 'trigger', 'within'], 'less_than_equal']);
    const sequence = theIssue(body({ trigger: { type: 'sequence', within: 'P99999999Y', triggers: [{ posture: 'Reactive' }] } }));
    expect(sequence.loc).toEqual(['body', 'trigger', 'within']);
    const action = theIssue(body({ actions: [{ type: 'run-deployment', source: 'inferred', schedule_after: 1e308 }] }));
    expect([action.loc, action.type]).toEqual([['body', 'actions', 0, 'schedule_after'], 'less_than_equal']);
  });

  it('threshold: negative and absurdly large values are refused, naming threshold', () => {
    const neg = theIssue(body({ trigger: { posture: 'Reactive', threshold: -1 } }));
    expect([neg.loc, neg.type]).toEqual([['body', 'trigger', 'threshold'], 'greater_than_equal']);
    const huge = theIssue(body({ trigger: { posture: 'Reactive', threshold: '99999999999999999999' } }));
    expect([huge.loc, huge.type]).toEqual([['body', 'trigger', 'threshold'], 'less_than_equal']);
  });

  it('a compound trigger nested 10,000 deep → one issue naming the depth limit, no stack overflow', () => {
    const i = theIssue(body({ trigger: nested(10_000) }));
    expect(i.type).toBe('too_deep');
    expect(i.msg).toMatch(/at most 10 levels.*automationMaxTriggerDepth/);
    expect(i.loc.slice(0, 3)).toEqual(['body', 'trigger', 'triggers']);
    // Depth 10 is still fine; 11 is not.
    ok(body({ trigger: nested(10) }));
    expect(theIssue(body({ trigger: nested(11) })).type).toBe('too_deep');
  });

  it('too many triggers in all (wide, not deep) → too_long naming automationMaxTriggers', () => {
    const leaf = { posture: 'Reactive', expect: ['x.y'] };
    const i = theIssue(
      body({ trigger: { type: 'compound', require: 'any', within: null, triggers: Array.from({ length: 100 }, () => leaf) } }),
    );
    expect([i.loc, i.type]).toEqual([['body', 'trigger', 'triggers'], 'too_long']);
    expect(i.msg).toMatch(/automationMaxTriggers/);
  });

  it('a 10 MB name, a long description and 100,000 actions are refused, naming the field', () => {
    const name = theIssue(body({ name: 'n'.repeat(10 * 1024 * 1024) }));
    expect([name.loc, name.type, name.ctx]).toEqual([['body', 'name'], 'string_too_long', { max_length: 1024 }]);
    const description = theIssue(body({ description: 'd'.repeat(10_001) }));
    expect([description.loc, description.type]).toEqual([['body', 'description'], 'string_too_long']);
    const actions = theIssue(body({ actions: Array.from({ length: 100_000 }, () => ({ type: 'do-nothing' })) }));
    expect([actions.loc, actions.type]).toEqual([['body', 'actions'], 'too_long']);
    expect(actions.ctx).toMatchObject({ max_length: 100, actual_length: 100_000 });
    const onTrigger = theIssue(body({ actions_on_trigger: Array.from({ length: 101 }, () => ({ type: 'do-nothing' })) }));
    expect(onTrigger.loc).toEqual(['body', 'actions_on_trigger']);
  });
});

describe.each(['sqlite', 'postgres'] as Backend[])('automation hardening over HTTP (%s)', (backend) => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('unbounded values → 422 in Prefect’s shape naming the field; nothing stored, no lifecycle event', async () => {
    t = await startTestServer({ backend });
    const proactive = automationBody({ trigger: { type: 'event', posture: 'Proactive', expect: ['x.y'], threshold: 1, within: 1e308 } });
    const cases: [Record<string, unknown>, (string | number)[]][] = [
      [proactive, ['body', 'trigger', 'within']],
      [automationBody({ name: 'n'.repeat(10 * 1024 * 1024) }), ['body', 'name']],
      // 11 levels is well inside the JSON nesting limit of request bodies: the trigger check answers.
      [automationBody({ trigger: nested(11) }), ['body', 'trigger']],
      [automationBody({ actions: Array.from({ length: 101 }, () => ({ type: 'do-nothing' })) }), ['body', 'actions']],
    ];
    for (const [request, loc] of cases) {
      const r = await call(t, 'POST', '/automations/', request);
      expect(r.status, r.text.slice(0, 500)).toBe(422);
      expect(r.body.code).toBe('HERALD_ERR_VALIDATION');
      expect(r.body.exception_detail).toHaveLength(1);
      expect(r.body.exception_detail[0].loc.slice(0, loc.length)).toEqual(loc);
    }
    const list = await call(t, 'POST', '/automations/filter', {});
    expect(list.body).toEqual([]);
    expect(await lifecycleEvents(t.storage)).toEqual([]);
  });

  it('an automation whose lifecycle event would exceed maxEventBytes → 422 automation_too_large (POST and PUT)', async () => {
    t = await startTestServer({ backend, settings: { maxEventBytes: 20_000 } });
    const big = 'x'.repeat(12_000);
    const twoTemplates = [
      { type: 'do-nothing' },
      { type: 'emit-event', event: 'x.y', resource: { 'prefect.resource.id': 'r' }, payload: { a: big, b: big } },
    ];
    const r = await call(t, 'POST', '/automations/', automationBody({ actions: twoTemplates }));
    expect(r.status, r.text.slice(0, 500)).toBe(422);
    expect(r.body.exception_detail[0]).toMatchObject({ loc: ['body'], type: 'automation_too_large' });
    expect(r.body.exception_detail[0].msg).toMatch(/maxEventBytes/);

    const ok = await call(t, 'POST', '/automations/', automationBody());
    expect(ok.status).toBe(201);
    const put = await call(t, 'PUT', `/automations/${ok.body.id}`, automationBody({ actions: twoTemplates }));
    expect(put.status).toBe(422);
    expect(put.body.exception_detail[0].type).toBe('automation_too_large');
    expect((await lifecycleEvents(t.storage)).map((e) => e.event)).toEqual(['prefect.automation.created']);
  });

  it('after a restart, a bad row written behind the API’s back is paused with a reason; the others keep firing', async () => {
    t = await startTestServer({ backend });
    const good = await call(
      t,
      'POST',
      '/automations/',
      automationBody({ trigger: { type: 'event', posture: 'Reactive', expect: ['test.ping'], threshold: 1, within: 0 } }),
    );
    expect(good.status).toBe(201);
    // As an older version (or a manual edit) could have stored it: a window no time can end.
    const now = microsToTimestamp(Date.now() * 1000);
    const bad: Automation = {
      ...(automationBody() as unknown as Automation),
      id: randomUUID(),
      created: now,
      updated: now,
      enabled: true,
      actions_on_trigger: [],
      actions_on_resolve: [],
      trigger: {
        type: 'event',
        id: randomUUID(),
        match: {},
        match_related: {},
        after: [],
        expect: ['x.y'],
        for_each: [],
        posture: 'Proactive',
        threshold: 1,
        within: 1e308,
      },
    };
    await t.storage.automation.automations.create(DEFAULT_WORKSPACE_ID, bad, { deploymentIds: [] });

    // Start-up used to throw here ("not a finite microsecond time") and leave HTTP without an engine.
    t = await t.restart();
    const engine = t.server.runtime!.engine;
    await engine.settle();

    const paused = await call(t, 'GET', `/automations/${bad.id}`);
    expect(paused.body.enabled).toBe(false);
    const disabled = await t.storage.events.queryEvents(DEFAULT_WORKSPACE_ID, {
      filter: {
        occurred: { since: '2000-01-01T00:00:00Z', until: '2100-01-01T00:00:00Z' },
        event: { name: ['herald.automation.disabled'] },
        order: 'ASC',
      },
      limit: 10,
    });
    expect(disabled).toHaveLength(1);
    expect(disabled[0].resource['prefect.resource.id']).toBe(`prefect.automation.${bad.id}`);
    expect(disabled[0].payload.reason).toMatch(/trigger.within.*automationMaxDuration/);
    // Re-enabling it is refused until it is fixed; pausing it is always allowed.
    const resume = await call(t, 'PATCH', `/automations/${bad.id}`, { enabled: true });
    expect(resume.status).toBe(422);
    expect(resume.body.exception_detail[0].loc).toEqual(['body', 'trigger', 'within']);

    const post = await call(t, 'POST', '/events', [
      { id: randomUUID(), occurred: new Date().toISOString(), event: 'test.ping', resource: { 'prefect.resource.id': 'test.r' } },
    ]);
    expect(post.status).toBe(204);
    await engine.settle();
    const firings = await call(t, 'GET', `/automations/${good.body.id}/firings`);
    expect(firings.body).toHaveLength(1);
  });
});
