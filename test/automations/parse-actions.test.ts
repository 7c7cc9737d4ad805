// Actions of automation bodies ([compat S5.1]–[compat S5.3]), Herald's emit-event, the infinite-loop guard
// ([compat S3.3]) and the PUT/PATCH bodies.
import { describe, expect, it } from 'vitest';
import { parseAutomationPartialUpdate, parseAutomationUpdate, revalidateAutomation } from '../../src/automations/parse-automation.js';
import { BLOCK, body, DEPLOYMENT, issues, ok, opts, theIssue } from './parse-helpers.js';

describe('actions', () => {
  const action = (a: Record<string, unknown>) => ok(body({ actions: [a] })).fields.actions[0];
  const actionIssue = (a: Record<string, unknown>) => theIssue(body({ actions: [a] }));

  it('unknown types are refused, listing the known ones; declare-incident is not supported', () => {
    const i = actionIssue({ type: 'launch-rocket' });
    expect([i.loc, i.type]).toEqual([['body', 'actions', 0, 'type'], 'union_tag_invalid']);
    expect(i.msg).toMatch(/'do-nothing', 'run-deployment'.*'call-webhook'.*'emit-event'/);
    expect(actionIssue({ type: 'declare-incident' }).msg).toMatch(/not supported yet/);
    expect(actionIssue({}).type).toBe('missing');
  });

  it('run-deployment: defaults and Prefect’s selected/inferred messages', () => {
    expect(action({ type: 'run-deployment', deployment_id: DEPLOYMENT.toUpperCase() })).toEqual({
      type: 'run-deployment',
      source: 'selected',
      deployment_id: DEPLOYMENT,
      parameters: null,
      job_variables: null,
      schedule_after: 0,
    });
    const required = actionIssue({ type: 'run-deployment' });
    expect(required.loc).toEqual(['body', 'actions', 0, 'deployment_id']);
    expect(required.msg).toBe('Value error, deployment_id is required');
    expect(actionIssue({ type: 'run-deployment', source: 'inferred', deployment_id: DEPLOYMENT }).msg).toBe(
      'Value error, deployment_id is not allowed',
    );
    expect(action({ type: 'run-deployment', source: 'inferred' })).toMatchObject({ source: 'inferred', deployment_id: null });
    expect(actionIssue({ type: 'run-deployment', deployment_id: DEPLOYMENT, schedule_after: -1 }).loc).toEqual([
      'body',
      'actions',
      0,
      'schedule_after',
    ]);
    expect(actionIssue({ type: 'run-deployment', deployment_id: 'nope' }).type).toBe('uuid_parsing');
  });

  it('run-deployment: parameters are dry-run hydrated', () => {
    const i = actionIssue({
      type: 'run-deployment',
      deployment_id: DEPLOYMENT,
      parameters: { a: { __prefect_kind: 'json', value: '{' }, b: '{{ x +' },
    });
    expect(i.loc).toEqual(['body', 'actions', 0, 'parameters']);
    expect(i.msg).toMatch(/^Value error, Invalid parameters: a: Invalid JSON: .*; b: Invalid jinja: /);
    expect(actionIssue({ type: 'run-deployment', deployment_id: DEPLOYMENT, parameters: [1] }).type).toBe('dict_type');
  });

  it('selected/inferred applies to every targeted action', () => {
    for (const [type, field] of [
      ['pause-deployment', 'deployment_id'],
      ['resume-work-queue', 'work_queue_id'],
      ['pause-work-pool', 'work_pool_id'],
      ['resume-automation', 'automation_id'],
    ]) {
      expect(actionIssue({ type }).msg).toBe(`Value error, ${field} is required`);
      expect(action({ type, source: 'inferred' })).toEqual({ type, source: 'inferred', [field]: null });
    }
  });

  it('change-flow-run-state: state must be a StateType; defaults', () => {
    expect(action({ type: 'change-flow-run-state', state: 'CANCELLED' })).toEqual({
      type: 'change-flow-run-state',
      state: 'CANCELLED',
      name: null,
      message: null,
      force: false,
    });
    const i = actionIssue({ type: 'change-flow-run-state', state: 'Done' });
    expect([i.loc, i.type]).toEqual([['body', 'actions', 0, 'state'], 'enum']);
    expect(actionIssue({ type: 'change-flow-run-state' }).type).toBe('missing');
  });

  it('call-webhook: payload default "", an object becomes indented JSON text, templates validated', () => {
    expect(action({ type: 'call-webhook', block_document_id: BLOCK })).toEqual({
      type: 'call-webhook',
      block_document_id: BLOCK,
      payload: '',
    });
    expect(action({ type: 'call-webhook', block_document_id: BLOCK, payload: { message: 'hi' } }).payload).toBe('{\n  "message": "hi"\n}');
    const bad = actionIssue({ type: 'call-webhook', block_document_id: BLOCK, payload: 'line one\n{{ event.id + }}' });
    expect(bad.loc).toEqual(['body', 'actions', 0, 'payload']);
    expect(bad.msg).toMatch(/'payload' is not a valid template: .*\(line 2\)/);
    expect(bad.ctx).toMatchObject({ line: 2 });
    expect(actionIssue({ type: 'call-webhook' }).loc).toEqual(['body', 'actions', 0, 'block_document_id']);
  });

  it('send-notification: subject default, body required, both templates', () => {
    expect(action({ type: 'send-notification', block_document_id: BLOCK, body: 'Hi {{ event.id }}' })).toEqual({
      type: 'send-notification',
      block_document_id: BLOCK,
      subject: 'Prefect automated notification',
      body: 'Hi {{ event.id }}',
    });
    expect(actionIssue({ type: 'send-notification', block_document_id: BLOCK }).loc).toEqual(['body', 'actions', 0, 'body']);
    const nested = '{% for a in x %}{% for b in a %}{% for c in b %}{% endfor %}{% endfor %}{% endfor %}';
    const i = actionIssue({ type: 'send-notification', block_document_id: BLOCK, body: 'ok', subject: nested });
    expect(i.loc).toEqual(['body', 'actions', 0, 'subject']);
    expect(i.msg).toMatch(/'subject' is not a valid template: Contains nested for loops/);
  });

  it('unknown keys on actions are ignored for validation but kept as given', () => {
    expect(action({ type: 'do-nothing', note: { x: 1 } })).toEqual({ type: 'do-nothing', note: { x: 1 } });
  });

  it('validates actions_on_trigger and actions_on_resolve too', () => {
    expect(theIssue(body({ actions_on_trigger: [{ type: 'nope' }] })).loc).toEqual(['body', 'actions_on_trigger', 0, 'type']);
    expect(theIssue(body({ actions_on_resolve: {} })).loc).toEqual(['body', 'actions_on_resolve']);
  });
});

describe('emit-event (Herald extension)', () => {
  const action = (a: Record<string, unknown>) => ok(body({ actions: [{ type: 'emit-event', ...a }] })).fields.actions[0];
  const actionIssues = (a: Record<string, unknown>) => issues(body({ actions: [{ type: 'emit-event', ...a }] }));
  const resource = { 'prefect.resource.id': 'my.thing.{{ event.resource.id }}' };

  it('accepts templated fields and fills defaults', () => {
    expect(action({ event: 'my.{{ event.event }}', resource })).toEqual({
      type: 'emit-event',
      event: 'my.{{ event.event }}',
      resource,
      related: [],
      payload: {},
    });
    expect(action({ event: 'e', resource, payload: '{"n": {{ event.payload.n }}}' }).payload).toBe('{"n": {{ event.payload.n }}}');
    expect(action({ event: 'e', resource, payload: '{"fixed": true}' }).payload).toBe('{"fixed": true}');
  });

  it('names every broken field', () => {
    const all = actionIssues({
      event: '',
      resource: { 'x.y': 'z' },
      related: [{ 'prefect.resource.id': 'a' }, 'nope'],
      payload: 'not json',
    });
    expect(all.map((i) => i.loc)).toEqual([
      ['body', 'actions', 0, 'event'],
      ['body', 'actions', 0, 'resource'],
      ['body', 'actions', 0, 'related', 0],
      ['body', 'actions', 0, 'related', 1],
      ['body', 'actions', 0, 'payload'],
    ]);
    expect(all[1].msg).toMatch(/prefect\.resource\.id/);
    expect(all[2].msg).toMatch(/prefect\.resource\.role/);
  });

  it('validates templates in the event name and resource labels', () => {
    const [i] = actionIssues({ event: 'e', resource: { 'prefect.resource.id': '{{ nope(' } });
    expect(i.loc).toEqual(['body', 'actions', 0, 'resource', 'prefect.resource.id']);
    expect(i.msg).toMatch(/not a valid template/);
    expect(actionIssues({ resource }).map((x) => x.loc)).toEqual([['body', 'actions', 0, 'event']]);
  });
});

describe('infinite-loop guard ([compat S3.3])', () => {
  const loopTrigger = { posture: 'Reactive', expect: ['prefect.flow-run.Running'], match: { 'prefect.resource.id': 'prefect.flow-run.*' } };
  const run = { type: 'run-deployment', deployment_id: DEPLOYMENT };

  it('refuses an inferred run-deployment on flow-run state changes', () => {
    const i = theIssue(body({ trigger: loopTrigger, actions: [{ type: 'run-deployment', source: 'inferred' }] }));
    expect(i.loc).toEqual(['body', 'actions', 0]);
    expect(i.msg).toMatch(/infinite loop/);
  });

  it('refuses a selected run-deployment when the trigger matches every flow run', () => {
    expect(theIssue(body({ trigger: loopTrigger, actions: [{ type: 'do-nothing' }, run] })).loc).toEqual(['body', 'actions', 1]);
    expect(theIssue(body({ trigger: { posture: 'Reactive', expect: ['prefect.flow-run.*'] }, actions: [run] })).msg).toMatch(
      /infinite loop/,
    );
  });

  it('allows it when narrowed, disabled, Proactive, or on other events', () => {
    ok(body({ trigger: { ...loopTrigger, match_related: { 'prefect.resource.id': 'prefect.deployment.other' } }, actions: [run] }));
    ok(body({ trigger: { ...loopTrigger, match: { 'prefect.resource.id': 'prefect.flow-run.1' } }, actions: [run] }));
    ok(body({ enabled: false, trigger: loopTrigger, actions: [run] }));
    ok(body({ trigger: { ...loopTrigger, posture: 'Proactive', within: 60 }, actions: [run] }));
    ok(body({ trigger: { ...loopTrigger, expect: ['prefect.flow-run.Completed'] }, actions: [run] }));
    ok(body({ trigger: loopTrigger, actions: [], actions_on_trigger: [run] }));
  });

  it('revalidation (PATCH enable) applies it with the stored ids kept', () => {
    const { fields } = ok(body({ enabled: false, trigger: loopTrigger, actions: [run] }));
    const stored = { id: DEPLOYMENT, created: '2026-01-01T00:00:00.000000Z', updated: '2026-01-01T00:00:00.000000Z', ...fields };
    expect(revalidateAutomation(stored, opts)).toEqual([]);
    const problems = revalidateAutomation({ ...stored, enabled: true }, opts);
    expect(problems).toHaveLength(1);
    expect(problems[0].msg).toMatch(/infinite loop/);
  });
});

describe('AutomationUpdate and AutomationPartialUpdate', () => {
  it('PUT: name, trigger, actions required; optional fields absent stay absent', () => {
    const r = parseAutomationUpdate({ name: 'n', trigger: { posture: 'Reactive' }, actions: [] }, opts);
    expect(r.ok && Object.keys(r.value).sort()).toEqual(['actions', 'name', 'trigger']);
    const bad = parseAutomationUpdate({ name: 'n', trigger: { posture: 'Reactive' }, actions: [], owner_resource: 'x' }, opts);
    expect(!bad.ok && bad.issues.map((i) => [i.loc, i.type])).toEqual([[['body', 'owner_resource'], 'extra_forbidden']]);
  });

  it('PATCH: only enabled (default true)', () => {
    expect(parseAutomationPartialUpdate({})).toEqual({ ok: true, value: { enabled: true } });
    expect(parseAutomationPartialUpdate({ enabled: false })).toEqual({ ok: true, value: { enabled: false } });
    const bad = parseAutomationPartialUpdate({ enabled: false, name: 'x' });
    expect(!bad.ok && bad.issues[0].loc).toEqual(['body', 'name']);
  });
});
