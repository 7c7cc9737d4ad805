import { describe, expect, it } from 'vitest';
import { loadSettings } from '../config.js';
import { validationErrorBody, type ValidationIssue } from './issues.js';
import {
  DEFAULT_EVENT_LIMITS,
  eventJsonSize,
  eventLimitsFrom,
  RECEIVED_JSON_BYTES,
  receive,
  validateEvent,
  validateEventBatch,
  type EventLimits,
} from './validate.js';

const ID = '0198c4b2-0000-7000-8000-000000000001';

function good(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    occurred: '2026-08-21T10:00:00.123456Z',
    event: 'prefect.flow-run.Completed',
    resource: { 'prefect.resource.id': 'prefect.flow-run.1', 'prefect.resource.name': 'otter' },
    related: [{ 'prefect.resource.id': 'prefect.flow.9', 'prefect.resource.role': 'flow' }],
    payload: { intended: { from: 'RUNNING', to: 'COMPLETED' } },
    id: ID,
    follows: null,
    ...extra,
  };
}

function issuesOf(input: unknown, limits: EventLimits = DEFAULT_EVENT_LIMITS): ValidationIssue[] {
  const r = validateEventBatch([input], limits);
  if (r.ok) throw new Error('expected a validation failure');
  return r.issues;
}

const locs = (issues: ValidationIssue[]) => issues.map((i) => [i.loc, i.type]);

describe('validateEvent — valid input', () => {
  it('accepts a full event, canonicalises datetimes and ids, keeps Prefect key order', () => {
    const r = validateEvent(
      good({ occurred: '2026-08-21T12:00:00+02:00', id: ID.toUpperCase(), follows: '{' + ID + '}' }),
      DEFAULT_EVENT_LIMITS,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event.occurred).toBe('2026-08-21T10:00:00.000000Z');
    expect(r.event.id).toBe(ID);
    expect(r.event.follows).toBe(ID);
    expect(Object.keys(r.event)).toEqual(['occurred', 'event', 'resource', 'related', 'payload', 'id', 'follows']);
  });

  it('applies defaults and drops unknown keys and a client `received`', () => {
    const r = validateEvent(
      {
        occurred: '2026-01-01',
        event: 'x',
        resource: { 'prefect.resource.id': 'r' },
        id: ID.replace(/-/g, ''),
        received: '2000-01-01T00:00:00Z',
        extra: 1,
      },
      DEFAULT_EVENT_LIMITS,
    );
    expect(r).toEqual({
      ok: true,
      event: {
        occurred: '2026-01-01T00:00:00.000000Z',
        event: 'x',
        resource: { 'prefect.resource.id': 'r' },
        related: [],
        payload: {},
        id: ID,
        follows: null,
      },
    });
  });

  it('accepts any UUID version and urn form; accepts the empty event name', () => {
    expect(validateEvent(good({ id: 'urn:uuid:123e4567-e89b-12d3-a456-426614174000', event: '' }), DEFAULT_EVENT_LIMITS).ok).toBe(true);
    expect(validateEvent(good({ id: '00000000-0000-0000-0000-000000000000' }), DEFAULT_EVENT_LIMITS).ok).toBe(true);
  });

  it('stamps received with receive()', () => {
    const r = validateEvent(good(), DEFAULT_EVENT_LIMITS);
    if (!r.ok) throw new Error('invalid');
    const rec = receive(r.event, '2026-08-21T10:00:00.200000Z');
    expect(rec.received).toBe('2026-08-21T10:00:00.200000Z');
    expect(Object.keys(rec).at(-1)).toBe('received');
    expect(eventJsonSize(rec)).toBe(eventJsonSize(r.event) + RECEIVED_JSON_BYTES);
  });
});

describe('validateEvent — issues (loc and type)', () => {
  it('reports every missing required field at its loc, with the event as input', () => {
    const issues = issuesOf({});
    expect(locs(issues)).toEqual([
      [['body', 0, 'occurred'], 'missing'],
      [['body', 0, 'event'], 'missing'],
      [['body', 0, 'resource'], 'missing'],
      [['body', 0, 'id'], 'missing'],
    ]);
    expect(issues[0].input).toEqual({});
    expect(issues[0].msg).toBe('Field required');
  });

  it('rejects a non-object event and a non-array body', () => {
    expect(locs(issuesOf('nope'))).toEqual([[['body', 0], 'model_type']]);
    const r = validateEventBatch({ not: 'a list' }, DEFAULT_EVENT_LIMITS);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(locs(r.issues)).toEqual([[['body'], 'list_type']]);
  });

  it('datetime and uuid problems', () => {
    expect(locs(issuesOf(good({ occurred: 'yesterday' })))).toEqual([[['body', 0, 'occurred'], 'datetime_from_date_parsing']]);
    expect(locs(issuesOf(good({ occurred: true })))).toEqual([[['body', 0, 'occurred'], 'datetime_type']]);
    expect(locs(issuesOf(good({ id: 'not-a-uuid' })))).toEqual([[['body', 0, 'id'], 'uuid_parsing']]);
    expect(locs(issuesOf(good({ id: 42 })))).toEqual([[['body', 0, 'id'], 'uuid_type']]);
    expect(locs(issuesOf(good({ follows: 'zzz' })))).toEqual([[['body', 0, 'follows'], 'uuid_parsing']]);
  });

  it('event name must be a string within the length limit (code points)', () => {
    expect(locs(issuesOf(good({ event: 5 })))).toEqual([[['body', 0, 'event'], 'string_type']]);
    const limits = { ...DEFAULT_EVENT_LIMITS, maxEventNameLength: 3 };
    expect(locs(issuesOf(good({ event: 'abcd' }), limits))).toEqual([[['body', 0, 'event'], 'value_error']]);
    // 3 emoji = 6 UTF-16 units but 3 characters, like Python's len
    expect(validateEvent(good({ event: '😀😀😀' }), limits).ok).toBe(true);
  });

  it('label values must be strings; loc names the label', () => {
    expect(locs(issuesOf(good({ resource: { 'prefect.resource.id': null } })))).toEqual([
      [['body', 0, 'resource', 'prefect.resource.id'], 'string_type'],
    ]);
    expect(
      locs(
        issuesOf(
          good({
            related: [
              { 'prefect.resource.id': 'a', 'prefect.resource.role': 'r' },
              { 'prefect.resource.id': 'b', 'prefect.resource.role': 'r', n: 1 },
            ],
          }),
        ),
      ),
    ).toEqual([[['body', 0, 'related', 1, 'n'], 'string_type']]);
  });

  it('resource needs a non-empty prefect.resource.id', () => {
    const missingId = issuesOf(good({ resource: { name: 'x' } }));
    expect(locs(missingId)).toEqual([[['body', 0, 'resource'], 'value_error']]);
    expect(missingId[0].msg).toContain('prefect.resource.id');
    expect(locs(issuesOf(good({ resource: { 'prefect.resource.id': '' } })))).toEqual([[['body', 0, 'resource'], 'value_error']]);
    expect(locs(issuesOf(good({ resource: 'x' })))).toEqual([[['body', 0, 'resource'], 'dict_type']]);
  });

  it('related resources need a non-empty role; related must be a list of objects', () => {
    expect(locs(issuesOf(good({ related: [{ 'prefect.resource.id': 'x' }] })))).toEqual([[['body', 0, 'related', 0], 'value_error']]);
    expect(locs(issuesOf(good({ related: [{ 'prefect.resource.id': 'x', 'prefect.resource.role': '' }] })))).toEqual([
      [['body', 0, 'related', 0], 'value_error'],
    ]);
    expect(locs(issuesOf(good({ related: [{ 'prefect.resource.role': 'x' }] })))).toEqual([[['body', 0, 'related', 0], 'value_error']]);
    expect(locs(issuesOf(good({ related: {} })))).toEqual([[['body', 0, 'related'], 'list_type']]);
    expect(locs(issuesOf(good({ related: null })))).toEqual([[['body', 0, 'related'], 'list_type']]);
    expect(locs(issuesOf(good({ related: ['x'] })))).toEqual([[['body', 0, 'related', 0], 'dict_type']]);
  });

  it('payload must be an object', () => {
    expect(locs(issuesOf(good({ payload: [] })))).toEqual([[['body', 0, 'payload'], 'dict_type']]);
    expect(locs(issuesOf(good({ payload: 'x' })))).toEqual([[['body', 0, 'payload'], 'dict_type']]);
  });

  it('label and related counts are limited', () => {
    const limits = { ...DEFAULT_EVENT_LIMITS, maxLabelsPerResource: 2, maxRelatedResources: 1 };
    const three = { 'prefect.resource.id': 'a', b: 'b', c: 'c' };
    expect(locs(issuesOf(good({ resource: three, related: [] }), limits))).toEqual([[['body', 0, 'resource'], 'value_error']]);
    // id + role count towards the limit on related resources too
    const rel = { 'prefect.resource.id': 'a', 'prefect.resource.role': 'r', x: 'x' };
    expect(locs(issuesOf(good({ related: [rel] }), limits))).toEqual([[['body', 0, 'related', 0], 'value_error']]);
    const two = [
      { 'prefect.resource.id': 'a', 'prefect.resource.role': 'r' },
      { 'prefect.resource.id': 'b', 'prefect.resource.role': 'r' },
    ];
    expect(locs(issuesOf(good({ related: two }), limits))).toEqual([[['body', 0, 'related'], 'value_error']]);
    expect(validateEvent(good({ related: two.slice(0, 1) }), limits).ok).toBe(true);
  });

  it('rejects oversize events loudly, naming index and size ([compat D10.16])', () => {
    const base = validateEvent(good(), DEFAULT_EVENT_LIMITS);
    if (!base.ok) throw new Error('invalid');
    const exact = eventJsonSize(base.event) + RECEIVED_JSON_BYTES;
    expect(validateEvent(good(), { ...DEFAULT_EVENT_LIMITS, maxEventBytes: exact }).ok).toBe(true);
    const r = validateEventBatch([good(), good()], { ...DEFAULT_EVENT_LIMITS, maxEventBytes: exact - 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(2);
    expect(r.issues[1]).toMatchObject({ loc: ['body', 1], type: 'event_too_large', ctx: { size: exact, limit: exact - 1 } });
    expect(r.issues[1].msg).toContain('index 1');
  });

  it('counts UTF-8 bytes, not characters', () => {
    const e = validateEvent(good({ payload: { s: 'é'.repeat(10) } }), DEFAULT_EVENT_LIMITS);
    const a = validateEvent(good({ payload: { s: 'e'.repeat(10) } }), DEFAULT_EVENT_LIMITS);
    if (!e.ok || !a.ok) throw new Error('invalid');
    expect(eventJsonSize(e.event) - eventJsonSize(a.event)).toBe(10);
  });

  it('a batch reports issues of every bad event and keeps going', () => {
    const r = validateEventBatch([good(), good({ id: 'x' }), good(), {}], DEFAULT_EVENT_LIMITS);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(new Set(r.issues.map((i) => i.loc[1]))).toEqual(new Set([1, 3]));
    const ok = validateEventBatch([good(), good()], DEFAULT_EVENT_LIMITS);
    expect(ok.ok && ok.events.length).toBe(2);
  });

  it('an in-process payload that cannot be JSON gives an issue, not an exception', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(locs(issuesOf(good({ payload: cyclic })))).toEqual([[['body', 0, 'payload'], 'value_error']]);
    expect(locs(issuesOf(good({ payload: { n: 1n } })))).toEqual([[['body', 0, 'payload'], 'value_error']]);
  });

  it('a single event uses the given loc prefix', () => {
    const r = validateEvent(good({ id: 'x' }), DEFAULT_EVENT_LIMITS, ['frame']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].loc).toEqual(['frame', 'id']);
  });
});

describe('limits and error body', () => {
  it('eventLimitsFrom reads the settings', () => {
    const limits = eventLimitsFrom(loadSettings({ maxLabelsPerResource: 7, maxEventBytes: 1000 }, {}));
    expect(limits).toEqual({ maxLabelsPerResource: 7, maxRelatedResources: 100, maxEventNameLength: 1024, maxEventBytes: 1000 });
  });

  it('validationErrorBody has Prefect’s shape', () => {
    const issues = issuesOf({});
    expect(validationErrorBody(issues, [{}])).toEqual({
      exception_message: 'Invalid request received.',
      exception_detail: issues,
      request_body: [{}],
    });
  });
});

describe('NUL characters', () => {
  it('rejects U+0000 in the event name and in label names or values, naming the field', () => {
    const base = {
      id: '0198c4b2-0000-7000-8000-000000000001',
      occurred: '2026-11-22T10:00:00Z',
      event: 'a.b',
      resource: { 'prefect.resource.id': 'r.1' },
    };
    const name = validateEvent({ ...base, event: 'a\u0000b' }, DEFAULT_EVENT_LIMITS);
    expect(name.ok).toBe(false);
    if (!name.ok) expect(name.issues[0].loc).toEqual(['event']);
    const label = validateEvent({ ...base, resource: { 'prefect.resource.id': 'r.1', x: 'y\u0000' } }, DEFAULT_EVENT_LIMITS);
    expect(label.ok).toBe(false);
    if (!label.ok) expect(label.issues[0].loc).toEqual(['resource', 'x']);
    const payload = validateEvent({ ...base, payload: { note: 'nul \u0000 is fine in a payload' } }, DEFAULT_EVENT_LIMITS);
    expect(payload.ok).toBe(true);
  });
});
