// Event and filter builders for storage tests.

import type { EventFilter, ReceivedEvent } from '../../src/events/types.js';

let counter = 0;

/** A UUIDv7-shaped id, increasing with `n` (time-ordered like our SDK's ids). */
export function eventId(n = ++counter): string {
  const hex = n.toString(16).padStart(20, '0');
  return `0198c4b2-${hex.slice(0, 4)}-7${hex.slice(4, 7)}-8${hex.slice(7, 10)}-${hex.slice(10, 20).padStart(12, '0')}`;
}

export function makeEvent(overrides: Partial<ReceivedEvent> = {}): ReceivedEvent {
  return {
    occurred: '2026-08-21T10:00:00.123456Z',
    event: 'prefect.flow-run.Completed',
    resource: { 'prefect.resource.id': 'prefect.flow-run.1', 'prefect.resource.name': 'crimson-otter' },
    related: [],
    payload: {},
    id: eventId(),
    follows: null,
    received: '2026-08-21T10:00:01.000000Z',
    ...overrides,
  };
}

export const WIDE = { since: '2020-01-01T00:00:00.000000Z', until: '2030-01-01T00:00:00.000000Z' };

export function filter(f: Partial<EventFilter> = {}): EventFilter {
  return { occurred: WIDE, order: 'DESC', ...f } as EventFilter;
}

/** A fresh workspace id per test keeps tests independent inside one database. */
export function workspace(): string {
  const n = (++counter).toString(16).padStart(12, '0');
  return `11111111-2222-4333-8444-${n}`;
}
