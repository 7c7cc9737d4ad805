// Terminal views of automations: trigger summaries, the ls table, state, explain and firings.
import { describe, expect, it } from 'vitest';
import type { AutomationStateView, ExplainView } from '../../src/automations/engine-control.js';
import type { Automation, EventTrigger, Trigger } from '../../src/model/automation.js';
import { automationRows, formatSeconds, formatTable, triggerSummary } from '../../src/cli/automations-format.js';
import { formatExplain, formatFirings, formatState } from '../../src/cli/automations-insight-format.js';

const eventTrigger = (extra: Partial<EventTrigger> = {}): EventTrigger => ({
  type: 'event',
  id: 't1',
  match: {},
  match_related: {},
  after: [],
  expect: ['etl.run.failed'],
  for_each: [],
  posture: 'Reactive',
  threshold: 1,
  within: 0,
  ...extra,
});

const automation = (trigger: Trigger = eventTrigger(), extra: Partial<Automation> = {}): Automation => ({
  id: '0192f3c4-0000-7000-8000-000000000001',
  created: '',
  updated: '',
  name: 'ETL failed',
  description: '',
  enabled: true,
  tags: [],
  trigger,
  actions: [],
  actions_on_trigger: [],
  actions_on_resolve: [],
  ...extra,
});

describe('trigger summary', () => {
  it('says what fires it in one line', () => {
    expect(triggerSummary(eventTrigger())).toBe('Reactive: etl.run.failed');
    expect(triggerSummary(eventTrigger({ threshold: 3, within: 600, for_each: ['prefect.resource.id'] }))).toBe(
      'Reactive: ≥3 × etl.run.failed in 10m per prefect.resource.id',
    );
    expect(triggerSummary(eventTrigger({ posture: 'Proactive', after: ['etl.run.started'], expect: ['a', 'b'], within: 7200 }))).toBe(
      'Proactive: <1 × a|b in 2h after etl.run.started',
    );
    expect(triggerSummary(eventTrigger({ expect: [] }))).toBe('Reactive: any event');
    const children = [eventTrigger(), eventTrigger()];
    expect(triggerSummary({ type: 'compound', id: 'c', triggers: children, require: 'all', within: 3600 })).toBe(
      'compound: all of 2 in 1h',
    );
    expect(triggerSummary({ type: 'compound', id: 'c', triggers: children, require: 1, within: null })).toBe('compound: 1 of 2');
    expect(triggerSummary({ type: 'sequence', id: 's', triggers: children, within: 90 })).toBe('sequence of 2 in 90s');
  });

  it('formats seconds with the largest whole unit', () => {
    expect([0.5, 30, 60, 90, 5400, 7200].map(formatSeconds)).toEqual(['0.5s', '30s', '1m', '90s', '90m', '2h']);
  });
});

describe('ls table', () => {
  it('aligns columns without trailing spaces and says when there is nothing', () => {
    expect(
      formatTable(
        ['A', 'BB'],
        [
          ['xxx', 'y'],
          ['z', 'long'],
        ],
      ),
    ).toBe('A    BB\nxxx  y\nz    long\n');
    const text = automationRows([automation(), automation(eventTrigger({ expect: ['x'.repeat(100)] }), { name: 'Long', enabled: false })]);
    const [header, first, second] = text.split('\n');
    expect(header).toBe('ID                                    NAME        ENABLED  TRIGGER');
    expect(first).toBe('0192f3c4-0000-7000-8000-000000000001  ETL failed  yes      Reactive: etl.run.failed');
    expect(second.endsWith('…')).toBe(true);
    expect(second).toContain('  Long        no       Reactive: xxx');
    expect(automationRows([])).toMatch(/^No automations\./);
  });
});

describe('insight views', () => {
  it('state lists open windows with counts and deadlines, and held child firings', () => {
    const view: AutomationStateView = {
      automation_id: automation().id,
      enabled: true,
      events_clock: '2026-01-01T00:10:00.000000Z',
      triggers: [
        {
          trigger_id: 't1',
          type: 'event',
          posture: 'Proactive',
          child_firings: [],
          windows: [
            {
              key: { 'prefect.resource.id': 'etl.job.1' },
              start: 'S',
              end: 'E',
              count: 0,
              threshold: 1,
              next_deadline: 'E',
              last_event_id: null,
            },
          ],
        },
        {
          trigger_id: 't2',
          type: 'compound',
          windows: [],
          child_firings: [{ child_trigger_id: 't3', key: {}, fired_at: 'F', firing_id: 'f1' }],
        },
        { trigger_id: 't4', type: 'event', posture: 'Reactive', windows: [], child_firings: [] },
      ],
    };
    expect(formatState(automation(), view)).toBe(
      [
        'ETL failed (0192f3c4-0000-7000-8000-000000000001) — enabled',
        'events clock: 2026-01-01T00:10:00.000000Z',
        'trigger t1 (event, Proactive)',
        '  window prefect.resource.id=etl.job.1: S → E, 0/1 events, next check E',
        'trigger t2 (compound)',
        '  holding firing f1 of child t3 (all) since F',
        'trigger t4 (event, Reactive)',
        '  nothing open',
        '',
      ].join('\n'),
    );
  });

  it('explain walks the trigger tree with reasons', () => {
    const view: ExplainView = {
      automation_id: automation().id,
      event_id: 'e1',
      matched: false,
      triggers: [
        {
          trigger_id: 'c',
          type: 'compound',
          matched: false,
          reasons: [],
          children: [
            {
              trigger_id: 'a',
              type: 'event',
              matched: true,
              role: 'expect',
              reasons: [],
              key: { 'prefect.resource.id': 'r' },
              window: { start: 'S', end: 'E', count: 2, contains_event: false },
            },
            {
              trigger_id: 'b',
              type: 'event',
              matched: false,
              reasons: ['event name etl.ok does not match expect [etl.run.failed]'],
              window: null,
            },
          ],
        },
      ],
    };
    expect(formatExplain(automation(), view)).toBe(
      [
        'event e1 does not match ETL failed (0192f3c4-0000-7000-8000-000000000001)',
        '- trigger c (compound): not matched',
        '  - trigger a (event): matched as expect',
        '      key: prefect.resource.id=r',
        '      open window: S → E, 2 events so far; the event is outside it',
        '  - trigger b (event): not matched',
        '      no open window for this key',
        '      event name etl.ok does not match expect [etl.run.failed]',
        '',
      ].join('\n'),
    );
  });

  it('firings show each action outcome (the API shape of GET /automations/{id}/firings)', () => {
    const record = {
      id: 'f1',
      automation_id: automation().id,
      outcome: 'acted',
      recorded: '2026-01-01T00:00:01.000000Z',
      firing: { id: 'f1', trigger_states: ['Triggered'], triggered: 'T', triggering_event: { id: 'e1', event: 'etl.run.failed' } },
      actions: [
        { id: 'o1', action_index: 0, type: 'call-webhook', status: 'succeeded', attempts: 1, last_error: null, result: {} },
        { id: 'o2', action_index: 1, type: 'run-deployment', status: 'failed', attempts: 3, last_error: 'HTTP 500', result: {} },
      ],
      events: [],
    };
    expect(formatFirings(automation(), [record])).toBe(
      [
        '2026-01-01T00:00:01.000000Z  firing f1  Triggered  (acted)  on etl.run.failed e1',
        '    action 0 call-webhook: succeeded (1 attempt)',
        '    action 1 run-deployment: failed (3 attempts) — HTTP 500',
        '',
      ].join('\n'),
    );
    expect(formatFirings(automation(), [])).toBe('ETL failed has not fired (or its firings were pruned by retention).\n');
  });

  it('a firing not expanded yet says its actions are queued (a loop-stopped one queues none)', () => {
    const firing = { id: 'f2', trigger_states: ['Triggered'], triggered: 'T', triggering_event: null };
    const queued = { id: 'f2', outcome: 'acted', expanded: false, recorded: 'R', firing, actions: [], events: [] };
    expect(formatFirings(automation(), [queued])).toBe(
      ['R  firing f2  Triggered  (acted)', '    actions queued (the action worker has not written them yet)', ''].join('\n'),
    );
    expect(formatFirings(automation(), [{ ...queued, outcome: 'loop-stopped' }])).toBe('R  firing f2  Triggered  (loop-stopped)\n');
  });
});
