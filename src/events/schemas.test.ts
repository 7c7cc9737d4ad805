import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseEventFilter } from './filter-parse.js';
import { schemas } from './schemas.js';
import { DEFAULT_EVENT_LIMITS, receive, validateEvent } from './validate.js';

const ajv = new Ajv({ strict: false, validateFormats: false });

describe('wire schemas describe what the code produces', () => {
  it('a validated, received event satisfies ReceivedEvent and an EventPage', () => {
    const v = validateEvent(
      { occurred: '2026-01-01', event: 'x', resource: { 'prefect.resource.id': 'r' }, id: '0198c4b2-0000-7000-8000-000000000001' },
      DEFAULT_EVENT_LIMITS,
    );
    if (!v.ok) throw new Error('invalid');
    const received = receive(v.event, '2026-01-01T00:00:01.000000Z');
    expect(ajv.validate(schemas.ReceivedEvent, received)).toBe(true);
    expect(ajv.validate(schemas.EventPage, { events: [received], total: 1, next_page: null })).toBe(true);
    expect(ajv.validate(schemas.ReceivedEvent, { ...received, resource: { 'prefect.resource.id': 1 } })).toBe(false);
  });

  it('a parsed filter satisfies EventFilter; unknown keys do not', () => {
    const r = parseEventFilter(
      { related: { role: ['flow'] }, resource: { labels: { a: ['b'] }, distinct: true }, text: { query: 'x' } },
      '2026-08-21T10:00:00.000000Z',
    );
    if (!r.ok) throw new Error('invalid');
    expect(ajv.validate(schemas.EventFilter, r.filter)).toBe(true);
    expect(ajv.validate(schemas.EventFilter, { ...r.filter, bogus: 1 })).toBe(false);
    expect(ajv.validate(schemas.EventFilterRequest, { filter: r.filter, limit: 51 })).toBe(false);
  });
});
