import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import {
  addMicros,
  canonicalTimestamp,
  microsToTimestamp,
  nowTimestamp,
  parseTimestamp,
  startOfUtcDay,
  timestampFromMillis,
  timestampToMicros,
} from './time.js';

describe('canonicalTimestamp', () => {
  it.each([
    ['2026-08-21T10:00:00.123456Z', '2026-08-21T10:00:00.123456Z'],
    ['2026-08-21T10:00:00Z', '2026-08-21T10:00:00.000000Z'],
    ['2026-08-21T10:00:00z', '2026-08-21T10:00:00.000000Z'],
    ['2026-08-21t10:00:00', '2026-08-21T10:00:00.000000Z'],
    ['2026-08-21 10:00:00', '2026-08-21T10:00:00.000000Z'],
    ['2026-08-21_10:00:00', '2026-08-21T10:00:00.000000Z'],
    ['2026-08-21T10:00', '2026-08-21T10:00:00.000000Z'],
    ['2026-08-21T10:00+02:00', '2026-08-21T08:00:00.000000Z'],
    ['2026-08-21T10:00:00+02:00', '2026-08-21T08:00:00.000000Z'],
    ['2026-08-21T10:00:00+0200', '2026-08-21T08:00:00.000000Z'],
    ['2026-08-21T10:00:00-05:30', '2026-08-21T15:30:00.000000Z'],
    ['2026-08-21T10:00:00\u221205:30', '2026-08-21T15:30:00.000000Z'],
    ['2026-08-21T10:00:00+00:00', '2026-08-21T10:00:00.000000Z'],
    ['2026-08-21T10:00:00.1Z', '2026-08-21T10:00:00.100000Z'],
    ['2026-08-21T10:00:00,5Z', '2026-08-21T10:00:00.500000Z'],
    ['2026-08-21T10:00:00.123Z', '2026-08-21T10:00:00.123000Z'],
    // more than 6 digits: truncated, never rounded (pydantic)
    ['2026-08-21T10:00:00.9999999Z', '2026-08-21T10:00:00.999999Z'],
    ['2026-08-21T10:00:00.123456789Z', '2026-08-21T10:00:00.123456Z'],
    ['2026-08-21T10:00:00.1234567891234Z', '2026-08-21T10:00:00.123456Z'],
    // date only = midnight UTC (pydantic lax mode)
    ['2026-01-01', '2026-01-01T00:00:00.000000Z'],
    // crossing day, month and year boundaries
    ['2026-01-01T01:00:00+02:00', '2025-12-31T23:00:00.000000Z'],
    ['2025-12-31T23:30:00-01:00', '2026-01-01T00:30:00.000000Z'],
    ['2024-02-29T23:00:00-02:00', '2024-03-01T01:00:00.000000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000000Z'],
    ['9999-12-31T23:59:59.999999Z', '9999-12-31T23:59:59.999999Z'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalTimestamp(input)).toBe(expected);
  });

  it('accepts Unix seconds and milliseconds as numbers or numeric strings', () => {
    expect(canonicalTimestamp(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(canonicalTimestamp(1_700_000_000)).toBe('2023-11-14T22:13:20.000000Z');
    expect(canonicalTimestamp(1_700_000_000.5)).toBe('2023-11-14T22:13:20.500000Z');
    expect(canonicalTimestamp(1_700_000_000_123)).toBe('2023-11-14T22:13:20.123000Z');
    expect(canonicalTimestamp('1700000000')).toBe('2023-11-14T22:13:20.000000Z');
    expect(canonicalTimestamp(-1)).toBe('1969-12-31T23:59:59.000000Z');
  });

  it.each([
    '',
    'garbage',
    '2026-13-01T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-04-31',
    '2026-01-01T24:00:00Z',
    '2026-01-01T10:60:00Z',
    '2026-01-01T10:00:60Z',
    '2026-01-01T10:00:00.Z',
    '2026-01-01T10:00:00+24:00',
    '2026-01-01T10:00:00+02',
    '2026-01-01T10:00:00+02:60',
    '2026-01-01T10:00:00 UTC',
    '2026-01-01X10:00:00',
    '2026-1-01',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:30:00+01:00',
    '9999-12-31T23:30:00-01:00',
    '2026-01-01T10:00:00ZZ',
  ])('rejects %j', (input) => {
    expect(canonicalTimestamp(input)).toBeNull();
  });

  it('rejects non-datetime types with a type error and garbage with a reason', () => {
    for (const bad of [null, undefined, true, {}, [], Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(canonicalTimestamp(bad)).toBeNull();
    }
    expect(parseTimestamp(null)).toEqual({ ok: false, error: 'type' });
    const r = parseTimestamp('2026-01-01T10:00:00 UTC');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/timezone/);
  });

  it('canonical strings order like the instants they denote', () => {
    const a = canonicalTimestamp('2026-01-01T00:59:59.999999+01:00')!;
    const b = canonicalTimestamp('2026-01-01T00:00:00Z')!;
    expect(a < b).toBe(true);
  });
});

describe('micro/milli conversions', () => {
  it('round-trips microseconds', () => {
    for (const ts of [
      '1970-01-01T00:00:00.000000Z',
      '2026-08-21T10:00:00.123456Z',
      '1969-07-20T20:17:40.000001Z',
      '2204-02-29T00:00:00.999999Z',
    ]) {
      expect(microsToTimestamp(timestampToMicros(ts))).toBe(ts);
    }
    expect(timestampToMicros('1970-01-01T00:00:01.000002Z')).toBe(1_000_002);
    expect(timestampToMicros('1969-12-31T23:59:59.999999Z')).toBe(-1);
  });

  it('formats milliseconds and clock time', () => {
    expect(timestampFromMillis(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02T03:04:05.678000Z');
    const clock = new FakeClock(Date.UTC(2026, 5, 1));
    expect(nowTimestamp(clock)).toBe('2026-06-01T00:00:00.000000Z');
    clock.advance(1500);
    expect(nowTimestamp(clock)).toBe('2026-06-01T00:00:01.500000Z');
  });

  it('rejects out-of-range microseconds and clamps addMicros', () => {
    expect(() => microsToTimestamp(Number.NaN)).toThrow(RangeError);
    expect(() => microsToTimestamp(-1e18)).toThrow(RangeError);
    // The extremes round-trip although their microsecond counts are not exact doubles.
    expect(microsToTimestamp(timestampToMicros('9999-12-31T23:59:59.999999Z'))).toBe('9999-12-31T23:59:59.999999Z');
    expect(microsToTimestamp(timestampToMicros('0001-01-01T00:00:00.000000Z'))).toBe('0001-01-01T00:00:00.000000Z');
    expect(() => microsToTimestamp(timestampToMicros('9999-12-31T23:59:59.999999Z') + 1e6)).toThrow(RangeError);
    expect(startOfUtcDay('2026-08-21T10:11:12.131415Z')).toBe('2026-08-21T00:00:00.000000Z');
    expect(addMicros('2026-03-01T00:00:00.000000Z', -1)).toBe('2026-02-28T23:59:59.999999Z');
    expect(addMicros('0001-01-01T00:00:00.000000Z', -1e6)).toBe('0001-01-01T00:00:00.000000Z');
  });
});
