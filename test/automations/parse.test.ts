// Automation bodies ([compat S3.1]–[compat S3.3]): defaults, Prefect's trigger rules, and 422 issues that name
// the offending field. Actions, the loop guard and PUT/PATCH bodies: parse-actions.test.ts.
import { describe, expect, it } from 'vitest';
import type { CompoundTrigger, EventTrigger, SequenceTrigger } from '../../src/model/automation.js';
import { selectedDeploymentIds } from '../../src/automations/parse-automation.js';
import { body, DEPLOYMENT, issues, ok, stuckFlowRunsExample, theIssue, trigger } from './parse-helpers.js';

describe('Prefect’s examples ([compat S3.1]) are accepted unchanged', () => {
  it('the proactive "stuck flow runs" automation', () => {
    const example = stuckFlowRunsExample();
    const { fields } = ok(example);
    const { id, ...rest } = fields.trigger as EventTrigger;
    const { id: _clientId, ...given } = example.trigger;
    expect(rest).toEqual(given);
    expect(id).not.toBe(example.trigger.id);
    expect(fields.actions).toEqual([{ type: 'cancel-flow-run' }]);
  });

  it('the compound trigger with a templated run-deployment action', () => {
    const example = {
      name: 'A and B then C',
      trigger: {
        type: 'compound',
        require: 'all',
        within: 3600.0,
        triggers: [
          {
            type: 'event',
            posture: 'Reactive',
            expect: ['prefect.flow-run.Completed'],
            match_related: { 'prefect.resource.id': 'prefect.deployment.<A>' },
            threshold: 1,
            within: 0,
          },
          {
            type: 'event',
            posture: 'Reactive',
            expect: ['prefect.flow-run.Completed'],
            match_related: { 'prefect.resource.id': 'prefect.deployment.<B>' },
            threshold: 1,
            within: 0,
          },
        ],
      },
      actions: [
        {
          type: 'run-deployment',
          source: 'selected',
          deployment_id: DEPLOYMENT,
          parameters: {
            upstream_run: '{{ event.resource.id }}',
            day: { __prefect_kind: 'jinja', template: "{{ event.occurred.strftime('%Y-%m-%d') }}" },
          },
          job_variables: null,
          schedule_after: 0.0,
        },
      ],
    };
    const { fields } = ok(example);
    const t = fields.trigger as CompoundTrigger;
    expect(t.require).toBe('all');
    expect(t.within).toBe(3600);
    expect(t.triggers.map((c) => (c as EventTrigger).match_related)).toEqual([
      { 'prefect.resource.id': 'prefect.deployment.<A>' },
      { 'prefect.resource.id': 'prefect.deployment.<B>' },
    ]);
    // Stored exactly as given (v1 templates are upgraded at run time, not at save time).
    expect(fields.actions).toEqual(example.actions);
    expect(selectedDeploymentIds(fields.actions)).toEqual([DEPLOYMENT]);
  });
});

describe('AutomationCreate', () => {
  it('fills defaults', () => {
    const { fields, ownerResource } = ok({ name: 'n', trigger: { posture: 'Reactive' }, actions: [] });
    expect(fields).toMatchObject({
      name: 'n',
      description: '',
      enabled: true,
      tags: [],
      actions: [],
      actions_on_trigger: [],
      actions_on_resolve: [],
    });
    expect(fields.trigger).toMatchObject({
      type: 'event',
      match: {},
      match_related: {},
      after: [],
      expect: [],
      for_each: [],
      threshold: 1,
      within: 0,
    });
    expect(ownerResource).toBeNull();
  });

  it('accepts owner_resource', () => {
    expect(ok(body({ owner_resource: 'prefect.deployment.x' })).ownerResource).toBe('prefect.deployment.x');
  });

  it('refuses unknown top-level keys, including id', () => {
    const all = issues(body({ id: DEPLOYMENT, colour: 'red' }));
    expect(all.map((i) => [i.loc, i.type])).toEqual([
      [['body', 'id'], 'extra_forbidden'],
      [['body', 'colour'], 'extra_forbidden'],
    ]);
  });

  it('requires name, trigger and actions', () => {
    expect(issues({}).map((i) => i.loc)).toEqual([
      ['body', 'name'],
      ['body', 'trigger'],
      ['body', 'actions'],
    ]);
  });

  it('reports wrong types by field', () => {
    const all = issues(body({ name: 5, enabled: 'maybe', tags: ['a', 1], description: null }));
    expect(all.map((i) => [i.loc, i.type])).toEqual([
      [['body', 'name'], 'string_type'],
      [['body', 'description'], 'string_type'],
      [['body', 'enabled'], 'bool_parsing'],
      [['body', 'tags', 1], 'string_type'],
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(theIssue([1]).type).toBe('model_attributes_type');
  });

  it('regenerates every trigger id, recursively, ignoring client ids', () => {
    const t = trigger({
      type: 'sequence',
      id: 'a1b2c3d4-0000-4000-8000-000000000000',
      within: null,
      triggers: [
        { posture: 'Reactive', id: 'a1b2c3d4-0000-4000-8000-000000000001' },
        { type: 'compound', require: 'any', within: 5, triggers: [{ posture: 'Reactive', id: 'a1b2c3d4-0000-4000-8000-000000000002' }] },
      ],
    }) as SequenceTrigger;
    const ids = [t.id, t.triggers[0].id, t.triggers[1].id, (t.triggers[1] as CompoundTrigger).triggers[0].id];
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id).toMatch(/^00000000-0000-7000-8000-/);
  });
});

describe('event triggers ([compat S3.3])', () => {
  it('requires a posture on the server', () => {
    const i = theIssue(body({ trigger: { expect: ['a'] } }));
    expect(i.loc).toEqual(['body', 'trigger', 'posture']);
    expect(i.type).toBe('missing');
    expect(theIssue(body({ trigger: { posture: 'Sometimes' } })).type).toBe('literal_error');
  });

  it('within: ≥ 0, null refused, numbers and duration strings accepted', () => {
    expect((trigger({ posture: 'Reactive', within: 30 }) as EventTrigger).within).toBe(30);
    expect((trigger({ posture: 'Reactive', within: 'PT1M30S' }) as EventTrigger).within).toBe(90);
    expect((trigger({ posture: 'Reactive', within: '01:00:00' }) as EventTrigger).within).toBe(3600);
    const neg = theIssue(body({ trigger: { posture: 'Reactive', within: -1 } }));
    expect([neg.loc, neg.type]).toEqual([['body', 'trigger', 'within'], 'greater_than_equal']);
    const nul = theIssue(body({ trigger: { posture: 'Reactive', within: null } }));
    expect(nul.loc).toEqual(['body', 'trigger', 'within']);
    expect(nul.msg).toMatch(/within/);
    expect(theIssue(body({ trigger: { posture: 'Reactive', within: 'soon' } })).type).toBe('time_delta_parsing');
  });

  it('Proactive: 0/absent within becomes 10 s; below 10 s is refused', () => {
    expect((trigger({ posture: 'Proactive' }) as EventTrigger).within).toBe(10);
    expect((trigger({ posture: 'Proactive', within: 0 }) as EventTrigger).within).toBe(10);
    expect((trigger({ posture: 'Proactive', within: 10 }) as EventTrigger).within).toBe(10);
    const i = theIssue(body({ trigger: { posture: 'Proactive', within: 5 } }));
    expect(i.loc).toEqual(['body', 'trigger', 'within']);
    expect(i.msg).toMatch(/Proactive.*10 seconds/);
  });

  it('threshold is an int ≥ 0 (issue #9: negatives refused), not a fraction', () => {
    expect((trigger({ posture: 'Reactive', threshold: 0 }) as EventTrigger).threshold).toBe(0);
    const neg = theIssue(body({ trigger: { posture: 'Reactive', threshold: -3 } }));
    expect([neg.loc, neg.type]).toEqual([['body', 'trigger', 'threshold'], 'greater_than_equal']);
    expect(theIssue(body({ trigger: { posture: 'Reactive', threshold: 1.5 } })).type).toBe('int_from_float');
  });

  it('after/expect/for_each are sets: duplicates collapse, first-seen order kept', () => {
    const t = trigger({ posture: 'Reactive', after: ['b', 'a', 'b'], expect: ['x', 'x'], for_each: ['k2', 'k1', 'k2'] }) as EventTrigger;
    expect([t.after, t.expect, t.for_each]).toEqual([['b', 'a'], ['x'], ['k2', 'k1']]);
    expect(theIssue(body({ trigger: { posture: 'Reactive', expect: 'x' } })).loc).toEqual(['body', 'trigger', 'expect']);
  });

  it('match values are strings or lists of strings; match_related one spec or a list', () => {
    const t = trigger({
      posture: 'Reactive',
      match: { 'prefect.resource.id': ['a.*', 'b.*'], 'x.y': 'z' },
      match_related: [{ 'prefect.resource.role': 'flow' }, { 'prefect.resource.id': 'f.*' }],
    }) as EventTrigger;
    expect(t.match).toEqual({ 'prefect.resource.id': ['a.*', 'b.*'], 'x.y': 'z' });
    expect(t.match_related).toEqual([{ 'prefect.resource.role': 'flow' }, { 'prefect.resource.id': 'f.*' }]);
    expect(theIssue(body({ trigger: { posture: 'Reactive', match: { a: 1 } } })).loc).toEqual(['body', 'trigger', 'match', 'a']);
    expect(theIssue(body({ trigger: { posture: 'Reactive', match_related: [{ a: [1] }] } })).loc).toEqual([
      'body',
      'trigger',
      'match_related',
      0,
      'a',
    ]);
  });

  it('unknown trigger keys are refused', () => {
    const i = theIssue(body({ trigger: { posture: 'Reactive', windw: 5 } }));
    expect([i.loc, i.type]).toEqual([['body', 'trigger', 'windw'], 'extra_forbidden']);
  });
});

describe('trigger dispatch', () => {
  it('infers compound from triggers+require and sequence from triggers alone', () => {
    expect(trigger({ triggers: [{ posture: 'Reactive' }], require: 'any', within: null }).type).toBe('compound');
    expect(trigger({ triggers: [{ posture: 'Reactive' }], within: null }).type).toBe('sequence');
  });

  it('refuses metric triggers (given or inferred) with a clear message', () => {
    const given = theIssue(body({ trigger: { type: 'metric', posture: 'Metric' } }));
    expect(given.loc).toEqual(['body', 'trigger', 'type']);
    expect(given.msg).toMatch(/metric triggers are not supported yet/);
    expect(theIssue(body({ trigger: { posture: 'Metric', metric: {} } })).msg).toMatch(/metric triggers are not supported yet/);
  });

  it('refuses unknown trigger types, listing the known ones', () => {
    const i = theIssue(body({ trigger: { type: 'cron' } }));
    expect(i.type).toBe('union_tag_invalid');
    expect(i.msg).toMatch(/'event', 'compound' or 'sequence'/);
  });
});

describe('composite triggers', () => {
  const child = { posture: 'Reactive', expect: ['a'] };

  it('require: any, all, or an int in 1..len(triggers)', () => {
    expect((trigger({ type: 'compound', require: 2, within: 60, triggers: [child, child] }) as CompoundTrigger).require).toBe(2);
    expect(theIssue(body({ trigger: { type: 'compound', require: 0, within: 60, triggers: [child] } })).loc).toEqual([
      'body',
      'trigger',
      'require',
    ]);
    expect(theIssue(body({ trigger: { type: 'compound', require: 3, within: 60, triggers: [child, child] } })).msg).toMatch(
      /number of triggers/,
    );
    expect(theIssue(body({ trigger: { type: 'compound', require: 'most', within: 60, triggers: [child] } })).loc).toEqual([
      'body',
      'trigger',
      'require',
    ]);
    expect(theIssue(body({ trigger: { type: 'compound', within: 60, triggers: [child] } })).type).toBe('missing');
  });

  it('within: a number ≥ 0 or null; the key may be omitted (null)', () => {
    expect((trigger({ type: 'sequence', triggers: [child] }) as SequenceTrigger).within).toBeNull();
    expect((trigger({ type: 'sequence', within: null, triggers: [child] }) as SequenceTrigger).within).toBeNull();
    expect((trigger({ type: 'compound', require: 'any', within: 30, triggers: [child] }) as CompoundTrigger).within).toBe(30);
    expect(theIssue(body({ trigger: { type: 'sequence', within: -5, triggers: [child] } })).loc).toEqual(['body', 'trigger', 'within']);
  });

  it('needs at least one child; children are parsed recursively with their location', () => {
    expect(theIssue(body({ trigger: { type: 'sequence', within: null, triggers: [] } })).loc).toEqual(['body', 'trigger', 'triggers']);
    const deep = theIssue(
      body({
        trigger: {
          type: 'sequence',
          within: null,
          triggers: [child, { type: 'compound', require: 'all', within: null, triggers: [{ expect: [] }] }],
        },
      }),
    );
    expect(deep.loc).toEqual(['body', 'trigger', 'triggers', 1, 'triggers', 0, 'posture']);
  });

  it('unknown keys on composite triggers are refused', () => {
    expect(theIssue(body({ trigger: { type: 'sequence', within: null, require: 'all', triggers: [child] } })).loc).toEqual([
      'body',
      'trigger',
      'require',
    ]);
  });
});
