// Properties of the Python-like datetime model that the corpus cannot cover exhaustively.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateTime, parseDateTime, subtractDateTimes, TimeDelta } from './datetime.js';
import { propertyRuns } from '../../test/helpers/property.js';

// 1970 … 2200, in microseconds.
const micros = fc.integer({ min: 0, max: 7_258_118_400_000_000 });

describe('DateTime', () => {
  it('round-trips through isoformat and agrees with JS Date on the calendar fields', () => {
    fc.assert(
      fc.property(micros, (us) => {
        const dt = new DateTime(us);
        const iso = new Date(Math.floor(us / 1000)).toISOString();
        expect(dt.strftime('%Y-%m-%dT%H:%M:%S')).toBe(iso.slice(0, 19));
        expect(parseDateTime(dt.isoformat())!.micros).toBe(us);
      }),
      propertyRuns(200),
    );
  });

  it('computes ISO weeks like Python (%G-W%V-%u)', () => {
    expect(new DateTime(Date.UTC(2027, 0, 1) * 1000).strftime('%G-W%V-%u')).toBe('2026-W53-5');
    expect(new DateTime(Date.UTC(2024, 11, 30) * 1000).strftime('%G-W%V-%u')).toBe('2025-W01-1');
    expect(new DateTime(Date.UTC(2026, 0, 5) * 1000).strftime('%G-W%V-%u %U %W %j')).toBe('2026-W02-1 01 01 005');
  });

  it('keeps (a - b) + b == a for any two datetimes', () => {
    fc.assert(
      fc.property(micros, micros, (a, b) => {
        const delta = subtractDateTimes(new DateTime(a), new DateTime(b));
        expect(new DateTime(b).add(delta).micros).toBe(a);
      }),
      propertyRuns(200),
    );
  });

  it('shows a timezone offset it was parsed with', () => {
    const dt = parseDateTime('2026-03-04T05:06:07+02:30')!;
    expect(dt.isoformat()).toBe('2026-03-04T05:06:07+02:30');
    expect(dt.strftime('%H:%M %z %Z')).toBe('05:06 +0230 UTC+02:30');
    expect(new Date(dt.micros / 1000).toISOString()).toBe('2026-03-04T02:36:07.000Z');
  });

  it('rejects what is not a timestamp', () => {
    for (const text of [
      '',
      'now',
      '2026-13-01',
      '2026-02-30T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:61:00Z',
      '0099-01-01T00:00:00Z',
    ]) {
      expect(parseDateTime(text), text).toBeUndefined();
    }
  });
});

describe('TimeDelta', () => {
  it("normalises like Python's timedelta (days, seconds, microseconds with a negative day)", () => {
    const td = new TimeDelta(-30_000_000);
    expect([td.days, td.seconds, td.microseconds]).toEqual([-1, 86_370, 0]);
    expect(td.toString()).toBe('-1 day, 23:59:30');
    expect(TimeDelta.fromSeconds(93_784.5).toString()).toBe('1 day, 2:03:04.500000');
  });
});
