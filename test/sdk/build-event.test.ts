import { describe, expect, it } from 'vitest';
import { buildEvent, defaultEventLimits, HeraldSdkError, uuidv7Time } from '../../sdk/index.js';

const now = Date.UTC(2026, 7, 21, 10, 0, 0);
const resource = { 'prefect.resource.id': 'etl.job.nightly' };
/** A UUIDv7 made at `ms` (uuidv7() itself never goes back in time, by design). */
const v7At = (ms: number) => {
  const h = ms.toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8)}-7000-8000-000000000000`;
};

function invalidField(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HeraldSdkError);
    expect((err as HeraldSdkError).code).toBe('HERALD_SDK_INVALID_EVENT');
    return (err as HeraldSdkError).field;
  }
  throw new Error('expected HERALD_SDK_INVALID_EVENT');
}

describe('buildEvent', () => {
  it('fills a UUIDv7 id, canonical occurred = now, empty related/payload and null follows', () => {
    const e = buildEvent({ event: 'etl.run.completed', resource }, now);
    expect(uuidv7Time(e.id)).toBe(now);
    expect(e).toMatchObject({ occurred: '2026-08-21T10:00:00.000000Z', related: [], payload: {}, follows: null });
  });

  it('keeps a given id (lower-cased) and occurred (naive = UTC)', () => {
    const e = buildEvent({ event: 'x', resource, id: '0B7F8E1C-2D3A-4F5B-8C6D-7E8F9A0B1C2D', occurred: '2026-01-02T03:04:05' }, now);
    expect(e.id).toBe('0b7f8e1c-2d3a-4f5b-8c6d-7e8f9a0b1c2d');
    expect(e.occurred).toBe('2026-01-02T03:04:05.000000Z');
  });

  it('sets follows only within ±5 minutes of the leader ([compat S8.1])', () => {
    const near = { id: v7At(now), occurred: '2026-08-21T09:56:00Z' };
    const far = { id: v7At(now), occurred: '2026-08-21T09:55:00Z' };
    expect(buildEvent({ event: 'x', resource, follows: near }, now).follows).toBe(near.id);
    expect(buildEvent({ event: 'x', resource, follows: far }, now).follows).toBeNull();
    // A bare UUIDv7 is judged by the time inside it; another UUID is taken as given.
    expect(buildEvent({ event: 'x', resource, follows: v7At(now - 60_000) }, now).follows).not.toBeNull();
    expect(buildEvent({ event: 'x', resource, follows: v7At(now - 600_000) }, now).follows).toBeNull();
    expect(buildEvent({ event: 'x', resource, follows: '0b7f8e1c-2d3a-4f5b-8c6d-7e8f9a0b1c2d' }, now).follows).toBe(
      '0b7f8e1c-2d3a-4f5b-8c6d-7e8f9a0b1c2d',
    );
  });

  it('names the offending field when the input breaks the server rules', () => {
    expect(invalidField(() => buildEvent({ event: 'x', resource: {} }, now))).toBe('resource["prefect.resource.id"]');
    expect(invalidField(() => buildEvent({ event: 'x', resource: { 'prefect.resource.id': 'a', n: 1 as unknown as string } }, now))).toBe(
      'resource["n"]',
    );
    expect(invalidField(() => buildEvent({ event: 'x', resource, related: [{ 'prefect.resource.id': 'b' }] }, now))).toBe(
      'related[0]["prefect.resource.role"]',
    );
    expect(invalidField(() => buildEvent({ event: 'x', resource, payload: [] as unknown as Record<string, unknown> }, now))).toBe(
      'payload',
    );
    expect(invalidField(() => buildEvent({ event: 'x', resource, id: 'not-a-uuid' }, now))).toBe('id');
    expect(invalidField(() => buildEvent({ event: 'x', resource, occurred: 'yesterday' }, now))).toBe('occurred');
    expect(invalidField(() => buildEvent({ event: 'x'.repeat(1025), resource }, now))).toBe('event');
  });

  it('enforces the size and count limits, which are configurable', () => {
    const related = Array.from({ length: 101 }, (_, i) => ({ 'prefect.resource.id': `r.${i}`, 'prefect.resource.role': 'r' }));
    expect(invalidField(() => buildEvent({ event: 'x', resource, related }, now))).toBe('related');
    expect(invalidField(() => buildEvent({ event: 'x', resource, payload: { blob: 'x'.repeat(1_500_000) } }, now))).toBe('(whole event)');
    const small = { ...defaultEventLimits, maxEventBytes: 300 };
    expect(invalidField(() => buildEvent({ event: 'x', resource, payload: { blob: 'x'.repeat(300) } }, now, small))).toBe('(whole event)');
    expect(buildEvent({ event: 'x', resource, payload: { blob: 'x'.repeat(10) } }, now, small).payload).toEqual({ blob: 'xxxxxxxxxx' });
  });
});
