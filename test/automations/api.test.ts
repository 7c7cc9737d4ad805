// The automations API over real HTTP on both storage backends ([compat S3.2]): status codes, bodies,
// 422 issues naming fields, trigger-id regeneration, relations, owned-by deletion, and the
// lifecycle events (stored after the write committed, carrying the full automation).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompoundTrigger } from '../../src/model/automation.js';
import { FakeClock } from '../../src/clock.js';
import { startTestServer, type Backend, type TestServer } from '../helpers/server.js';
import { automationBody, call, DEPLOYMENT_A, DEPLOYMENT_B, lifecycleEvents } from './api-helpers.js';
import { stuckFlowRunsExample } from './parse-helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MISSING = '0190d1a8-0000-7000-8000-000000000000';

describe.each(['sqlite', 'postgres'] as Backend[])('automations API (%s)', (backend) => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({ backend });
  });
  afterEach(async () => {
    await t?.close();
  });

  const create = async (overrides: Record<string, unknown> = {}) => {
    const r = await call(t, 'POST', '/automations/', automationBody(overrides));
    expect(r.status, r.text).toBe(201);
    return r.body;
  };

  it('POST /automations/ → 201 with the Automation; GET returns the same; the path without slash works too', async () => {
    const clientTriggerId = '11111111-1111-4111-8111-111111111111';
    const body = automationBody({
      trigger: { ...(automationBody().trigger as object), id: clientTriggerId },
      owner_resource: 'prefect.deployment.x',
    });
    const r = await call(t, 'POST', '/automations/', body);
    expect(r.status).toBe(201);
    const a = r.body;
    expect(Object.keys(a).sort()).toEqual(
      [
        'actions',
        'actions_on_resolve',
        'actions_on_trigger',
        'created',
        'description',
        'enabled',
        'id',
        'name',
        'tags',
        'trigger',
        'updated',
      ].sort(),
    );
    expect(a.id).toMatch(UUID);
    expect(a.trigger.id).toMatch(UUID);
    expect(a.trigger.id).not.toBe(clientTriggerId);
    expect(a).toMatchObject({
      name: 'crashed runs',
      description: 'restart them',
      enabled: true,
      tags: ['ops'],
      actions_on_trigger: [],
      actions_on_resolve: [],
    });
    expect(a.actions).toEqual([
      {
        type: 'run-deployment',
        deployment_id: DEPLOYMENT_A,
        parameters: { run: '{{ event.resource.id }}' },
        source: 'selected',
        job_variables: null,
        schedule_after: 0,
      },
    ]);
    expect(a.created).toBe(a.updated);
    expect((await call(t, 'GET', `/automations/${a.id}`)).body).toEqual(a);

    const noSlash = await call(t, 'POST', '/automations', automationBody({ name: 'second' }));
    expect(noSlash.status).toBe(201);
    expect((await call(t, 'POST', '/automations/count')).body).toBe(2);
  });

  it('accepts Prefect’s example automations ([compat S3.1]) unchanged, apart from the server-assigned ids', async () => {
    const stuck = stuckFlowRunsExample();
    const event = (deployment: string) => ({
      type: 'event',
      posture: 'Reactive',
      expect: ['prefect.flow-run.Completed'],
      match_related: { 'prefect.resource.id': `prefect.deployment.${deployment}` },
      threshold: 1,
      within: 0,
    });
    const runAfterBoth = {
      name: 'A and B, then C',
      trigger: { type: 'compound', require: 'all', within: 3600.0, triggers: [event(DEPLOYMENT_A), event(DEPLOYMENT_B)] },
      actions: [
        {
          type: 'run-deployment',
          source: 'selected',
          deployment_id: DEPLOYMENT_B,
          parameters: {
            upstream_run: '{{ event.resource.id }}',
            day: { __prefect_kind: 'jinja', template: "{{ event.occurred.strftime('%Y-%m-%d') }}" },
          },
          job_variables: null,
          schedule_after: 0.0,
        },
      ],
    };
    const withoutIds = (trigger: Record<string, unknown>): unknown => {
      const { id: _id, triggers, ...rest } = trigger;
      return Array.isArray(triggers) ? { ...rest, triggers: triggers.map((c) => withoutIds(c as Record<string, unknown>)) } : rest;
    };
    for (const example of [stuck, runAfterBoth]) {
      const r = await call(t, 'POST', '/automations/', example);
      expect(r.status, r.text).toBe(201);
      const stored = (await call(t, 'GET', `/automations/${r.body.id}`)).body;
      // Every given field kept as given; defaults (match {}, after [], …) only added.
      expect(withoutIds(stored.trigger)).toMatchObject(withoutIds(example.trigger) as object);
      expect(stored.actions).toEqual(example.actions);
      expect(stored.name).toBe(example.name);
    }
  });

  it('422 bodies name the field and echo the request', async () => {
    const body = automationBody({ colour: 'red', trigger: { posture: 'Proactive', within: 3 } });
    const r = await call(t, 'POST', '/automations/', body);
    expect(r.status).toBe(422);
    expect(r.body.exception_message).toBe('Invalid request received.');
    expect(r.body.code).toBe('HERALD_ERR_VALIDATION');
    expect(r.body.request_body).toEqual(body);
    // Every problem at once, like pydantic: the unknown key and the bad field.
    expect(r.body.exception_detail).toMatchObject([
      { loc: ['body', 'colour'], type: 'extra_forbidden' },
      { loc: ['body', 'trigger', 'within'], type: 'value_error' },
    ]);
    const action = await call(t, 'POST', '/automations/', automationBody({ actions: [{ type: 'run-deployment' }] }));
    expect(action.body.exception_detail).toMatchObject([
      { loc: ['body', 'actions', 0, 'deployment_id'], msg: 'Value error, deployment_id is required' },
    ]);
    expect((await call(t, 'POST', '/automations/count')).body).toBe(0);
  });

  it('GET/PUT/PATCH/DELETE of an unknown id → 404 exception_message; a malformed id → 422 on path.id', async () => {
    const notFound = { exception_message: 'Automation not found', code: 'HERALD_ERR_NOT_FOUND' };
    expect(await call(t, 'GET', `/automations/${MISSING}`)).toMatchObject({ status: 404, body: notFound });
    expect(await call(t, 'PUT', `/automations/${MISSING}`, automationBody())).toMatchObject({ status: 404, body: notFound });
    expect(await call(t, 'PATCH', `/automations/${MISSING}`, { enabled: false })).toMatchObject({ status: 404, body: notFound });
    expect(await call(t, 'DELETE', `/automations/${MISSING}`)).toMatchObject({ status: 404, body: notFound });
    const bad = await call(t, 'GET', '/automations/not-a-uuid');
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail).toMatchObject([{ loc: ['path', 'id'], type: 'uuid_parsing' }]);
  });

  it('PUT → 204: replaces, regenerates trigger ids again, keeps optional fields left out', async () => {
    const a = await create({
      trigger: { type: 'compound', require: 'any', within: null, triggers: [{ posture: 'Reactive' }, { posture: 'Reactive' }] },
    });
    const oldIds = [a.trigger.id, ...a.trigger.triggers.map((c: { id: string }) => c.id)];
    const put = await call(t, 'PUT', `/automations/${a.id}`, { name: 'renamed', trigger: a.trigger, actions: [] });
    expect(put.status).toBe(204);
    expect(put.text).toBe('');
    const b = (await call(t, 'GET', `/automations/${a.id}`)).body;
    const trigger = b.trigger as CompoundTrigger;
    const newIds = [trigger.id, ...trigger.triggers.map((c) => c.id)];
    for (const id of newIds) expect(oldIds).not.toContain(id);
    expect(b).toMatchObject({ id: a.id, created: a.created, name: 'renamed', description: 'restart them', tags: ['ops'], actions: [] });
    expect(b.updated >= a.updated).toBe(true);

    const invalid = await call(t, 'PUT', `/automations/${a.id}`, { name: 'x', trigger: a.trigger, actions: [], owner_resource: 'y' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.exception_detail).toMatchObject([{ loc: ['body', 'owner_resource'], type: 'extra_forbidden' }]);
  });

  it('PATCH → 204: pauses and resumes with trigger ids kept; unknown keys → 422', async () => {
    const a = await create();
    expect((await call(t, 'PATCH', `/automations/${a.id}`, { enabled: false })).status).toBe(204);
    const paused = (await call(t, 'GET', `/automations/${a.id}`)).body;
    expect(paused.enabled).toBe(false);
    expect(paused.trigger).toEqual(a.trigger);
    expect((await call(t, 'PATCH', `/automations/${a.id}`, {})).status).toBe(204);
    expect((await call(t, 'GET', `/automations/${a.id}`)).body.enabled).toBe(true);
    const bad = await call(t, 'PATCH', `/automations/${a.id}`, { enabled: true, name: 'x' });
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail[0].loc).toEqual(['body', 'name']);
  });

  it('PATCH enabling an automation the infinite-loop rule refuses → 422', async () => {
    const looping = {
      enabled: false,
      trigger: { posture: 'Reactive', expect: ['prefect.flow-run.Running'], match: { 'prefect.resource.id': 'prefect.flow-run.*' } },
      actions: [{ type: 'run-deployment', source: 'inferred' }],
    };
    const a = await create(looping);
    const r = await call(t, 'PATCH', `/automations/${a.id}`, { enabled: true });
    expect(r.status).toBe(422);
    expect(r.body.exception_detail[0].msg).toMatch(/infinite loop/);
    expect(r.body.request_body).toEqual({ enabled: true });
    expect((await call(t, 'GET', `/automations/${a.id}`)).body.enabled).toBe(false);
    expect((await call(t, 'POST', '/automations/', automationBody({ ...looping, enabled: true }))).status).toBe(422);
  });

  it('DELETE → 204, then it is gone', async () => {
    const a = await create();
    const r = await call(t, 'DELETE', `/automations/${a.id}`);
    expect([r.status, r.text]).toEqual([204, '']);
    expect((await call(t, 'GET', `/automations/${a.id}`)).status).toBe(404);
    expect((await call(t, 'DELETE', `/automations/${a.id}`)).status).toBe(404);
  });

  it('POST /automations/filter: sort, filter, page; limit > 200 → 422 detail', async () => {
    await create({ name: 'b', tags: ['x'] });
    await create({ name: 'a', tags: [] });
    await create({ name: 'c', tags: ['x', 'y'] });
    const names = async (body?: unknown) => (await call(t, 'POST', '/automations/filter', body)).body.map((a: { name: string }) => a.name);
    expect(await names()).toEqual(['a', 'b', 'c']);
    expect(await names({ sort: 'NAME_DESC', limit: 2 })).toEqual(['c', 'b']);
    expect(await names({ sort: 'CREATED_DESC', offset: 1 })).toEqual(['a', 'b']);
    expect(await names({ automations: { tags: { all_: ['x'] } } })).toEqual(['b', 'c']);
    expect(await names({ automations: { operator: 'or_', name: { any_: ['a'] }, tags: { all_: ['y'] } } })).toEqual(['a', 'c']);
    const tooMany = await call(t, 'POST', '/automations/filter', { limit: 201 });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatchObject({ detail: 'Invalid limit: must be less than or equal to 200.' });
    const unknown = await call(t, 'POST', '/automations/filter', { automations: { nope: 1 } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.exception_detail[0].loc).toEqual(['body', 'automations', 'nope']);
  });

  it('related-to: owner and selected deployments; PUT replaces deployment relations, keeps ownership', async () => {
    const owned = await create({ owner_resource: `prefect.deployment.${DEPLOYMENT_B}` });
    const other = await create({ name: 'other', actions: [{ type: 'run-deployment', source: 'inferred' }] });
    const related = async (resource: string) =>
      (await call(t, 'GET', `/automations/related-to/${resource}`)).body.map((a: { id: string }) => a.id).sort();
    expect(await related(`prefect.deployment.${DEPLOYMENT_A}`)).toEqual([owned.id]);
    expect(await related(`prefect.deployment.${DEPLOYMENT_B}`)).toEqual([owned.id]);
    expect(await related('prefect.deployment.unknown')).toEqual([]);
    expect(other.actions[0]).toMatchObject({ source: 'inferred', deployment_id: null });

    const put = await call(t, 'PUT', `/automations/${owned.id}`, {
      name: 'n',
      trigger: owned.trigger,
      actions: [{ type: 'pause-deployment', source: 'inferred' }],
    });
    expect(put.status).toBe(204);
    expect(await related(`prefect.deployment.${DEPLOYMENT_A}`)).toEqual([]);
    expect(await related(`prefect.deployment.${DEPLOYMENT_B}`)).toEqual([owned.id]);
  });

  it('lifecycle events: created/updated/deleted, stored by the time the request answers, carrying the full automation', async () => {
    const a = await create();
    let events = await lifecycleEvents(t.storage);
    expect(events.map((e) => e.event)).toEqual(['prefect.automation.created']);
    expect(events[0].resource).toEqual({ 'prefect.resource.id': `prefect.automation.${a.id}`, 'prefect.resource.name': 'crashed runs' });
    expect(events[0].related).toEqual([]);
    expect(events[0].payload).toEqual(a);
    expect(events[0].id).toMatch(UUID);

    await call(t, 'PUT', `/automations/${a.id}`, { name: 'renamed', trigger: a.trigger, actions: [] });
    await call(t, 'PATCH', `/automations/${a.id}`, { enabled: false });
    const final = (await call(t, 'GET', `/automations/${a.id}`)).body;
    await call(t, 'DELETE', `/automations/${a.id}`);
    events = await lifecycleEvents(t.storage);
    expect(events.map((e) => e.event)).toEqual([
      'prefect.automation.created',
      'prefect.automation.updated',
      'prefect.automation.updated',
      'prefect.automation.deleted',
    ]);
    expect(events[1].payload).toMatchObject({ name: 'renamed', enabled: true });
    expect(events[1].resource['prefect.resource.name']).toBe('renamed');
    expect(events[2].payload).toEqual(final);
    expect(events[3].payload).toEqual(final);
  });

  it('failed requests emit nothing', async () => {
    expect((await call(t, 'POST', '/automations/', automationBody({ name: 7 }))).status).toBe(422);
    expect((await call(t, 'PUT', `/automations/${MISSING}`, automationBody())).status).toBe(404);
    expect((await call(t, 'PATCH', `/automations/${MISSING}`, {})).status).toBe(404);
    expect((await call(t, 'DELETE', `/automations/${MISSING}`)).status).toBe(404);
    expect(await lifecycleEvents(t.storage)).toEqual([]);
  });
});

describe.each(['sqlite', 'postgres'] as Backend[])('DELETE /automations/owned-by (%s)', (backend) => {
  it('→ 202; deletes only automations owned by the resource and created before now, each with a deleted event', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    // One event per write so nothing waits for a FakeClock timer.
    const t = await startTestServer({ backend, clock, settings: { writerMaxBatch: 1 } });
    try {
      const owner = `prefect.deployment.${DEPLOYMENT_A}`;
      const old = (await call(t, 'POST', '/automations/', automationBody({ name: 'old', owner_resource: owner }))).body;
      const otherOwner = (await call(t, 'POST', '/automations/', automationBody({ name: 'other', owner_resource: 'prefect.deployment.z' })))
        .body;
      // Merely related (selected deployment A), not owned: survives.
      const relatedOnly = (await call(t, 'POST', '/automations/', automationBody({ name: 'related' }))).body;
      clock.advance(1000);
      // Created at the very instant of the deletion (e.g. by the same `prefect deploy`): survives.
      const concurrent = (await call(t, 'POST', '/automations/', automationBody({ name: 'concurrent', owner_resource: owner }))).body;

      const r = await call(t, 'DELETE', `/automations/owned-by/${owner}`);
      expect([r.status, r.text]).toEqual([202, '']);
      const left = (await call(t, 'POST', '/automations/filter')).body.map((a: { id: string }) => a.id).sort();
      expect(left).toEqual([otherOwner.id, relatedOnly.id, concurrent.id].sort());
      const deleted = (await lifecycleEvents(t.storage)).filter((e) => e.event === 'prefect.automation.deleted');
      expect(deleted.map((e) => e.payload)).toEqual([old]);
    } finally {
      await t.close();
    }
  });
});
