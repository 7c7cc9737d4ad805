// Pure bucket math and zero-fill of count-by/time ([compat S2.4], [compat D10.11]).
import { describe, expect, it } from 'vitest';
import {
  bucketIndex,
  bucketsRequested,
  bucketWidthMicros,
  endOfUnitMicros,
  pythonIsoLabel,
  timeSeries,
} from '../../src/services/count-by.js';
import { microsToTimestamp, timestampToMicros } from '../../src/events/index.js';

const us = (iso: string) => Date.parse(iso) * 1000;
const DAY = 86_400_000_000;
const HOUR = 3_600_000_000;

describe('bucket width and count', () => {
  it('converts unit × interval to whole microseconds', () => {
    expect(bucketWidthMicros('day', 1)).toBe(DAY);
    expect(bucketWidthMicros('week', 1)).toBe(7 * DAY);
    expect(bucketWidthMicros('hour', 1.5)).toBe(5_400_000_000);
    expect(bucketWidthMicros('second', 0.01)).toBe(10_000);
  });

  it('counts requested buckets as Prefect does: ceil((until − since) / width)', () => {
    expect(bucketsRequested(us('2026-08-01T00:00:00Z'), us('2026-08-03T00:00:00Z'), DAY)).toBe(2);
    expect(bucketsRequested(us('2026-08-01T00:00:00Z'), us('2026-08-03T00:00:01Z'), DAY)).toBe(3);
    expect(bucketsRequested(0, 1000 * 3_600_000_000 + 1, 3_600_000_000)).toBe(1001);
  });

  it('aligns buckets to the 2024-04-01 pivot, also before it', () => {
    expect(bucketIndex(us('2024-04-01T00:00:00Z'), DAY)).toBe(0);
    expect(bucketIndex(us('2024-03-31T23:59:59Z'), DAY)).toBe(-1);
    expect(bucketIndex(us('2024-04-08T00:00:00Z'), 7 * DAY)).toBe(1);
  });

  it('ends the current unit at its last microsecond (weeks start on Monday)', () => {
    const now = us('2026-08-21T10:30:00Z'); // a Friday
    expect(microsToTimestamp(endOfUnitMicros(now, 'day'))).toBe('2026-08-21T23:59:59.999999Z');
    expect(microsToTimestamp(endOfUnitMicros(now, 'hour'))).toBe('2026-08-21T10:59:59.999999Z');
    expect(microsToTimestamp(endOfUnitMicros(now, 'week'))).toBe('2026-08-23T23:59:59.999999Z');
    expect(microsToTimestamp(endOfUnitMicros(now, 'second'))).toBe('2026-08-21T10:30:00.999999Z');
  });

  it('labels like Python isoformat: +00:00, fraction only when non-zero', () => {
    expect(pythonIsoLabel(us('2026-08-21T00:00:00Z'))).toBe('2026-08-21T00:00:00+00:00');
    expect(pythonIsoLabel(us('2026-08-21T00:00:00Z') + 10_000)).toBe('2026-08-21T00:00:00.010000+00:00');
  });
});

describe('timeSeries zero-fill', () => {
  const base = { now: '2026-08-10T12:00:00.000000Z', unit: 'day' as const, widthMicros: DAY };

  it('fills every bucket from since through until with string indexes, labels and bounds', () => {
    const since = '2026-08-01T05:00:00.000000Z';
    const until = '2026-08-03T12:00:00.000000Z';
    const b1 = bucketIndex(timestampToMicros('2026-08-02T01:00:00.000000Z'), DAY);
    const series = timeSeries({ ...base, since, until, counts: [{ bucket: b1, count: 7 }] });
    expect(series).toEqual([
      {
        value: '0',
        label: '2026-08-01T00:00:00+00:00',
        count: 0,
        start_time: '2026-08-01T00:00:00.000000Z',
        end_time: '2026-08-01T23:59:59.999999Z',
      },
      {
        value: '1',
        label: '2026-08-02T00:00:00+00:00',
        count: 7,
        start_time: '2026-08-02T00:00:00.000000Z',
        end_time: '2026-08-02T23:59:59.999999Z',
      },
      {
        value: '2',
        label: '2026-08-03T00:00:00+00:00',
        count: 0,
        start_time: '2026-08-03T00:00:00.000000Z',
        end_time: '2026-08-03T23:59:59.999999Z',
      },
    ]);
  });

  it('stops at the end of the current unit when until lies in the future', () => {
    const series = timeSeries({ ...base, since: '2026-08-09T00:00:00.000000Z', until: '2026-09-01T00:00:00.000000Z', counts: [] });
    expect(series.map((s) => s.label)).toEqual(['2026-08-09T00:00:00+00:00', '2026-08-10T00:00:00+00:00']);
  });

  it('[compat D10.11]: extends through buckets of stored events after now instead of failing', () => {
    const future = bucketIndex(timestampToMicros('2026-08-12T08:00:00.000000Z'), DAY);
    const series = timeSeries({
      ...base,
      since: '2026-08-09T00:00:00.000000Z',
      until: '2026-09-01T00:00:00.000000Z',
      counts: [{ bucket: future, count: 2 }],
    });
    expect(series.map((s) => [s.value, s.label.slice(0, 10), s.count])).toEqual([
      ['0', '2026-08-09', 0],
      ['1', '2026-08-10', 0],
      ['2', '2026-08-11', 0],
      ['3', '2026-08-12', 2],
    ]);
  });

  it('stops before a bucket that would start at `until` (Prefect: while span_start < end)', () => {
    const hourly = { now: '2026-08-10T12:00:00.000000Z', unit: 'hour' as const, widthMicros: HOUR, counts: [] };
    const starts = (until: string) =>
      timeSeries({ ...hourly, since: '2026-08-01T00:00:00.000000Z', until }).map((s) => s.start_time.slice(11, 16));
    expect(starts('2026-08-01T05:00:00.000000Z')).toEqual(['00:00', '01:00', '02:00', '03:00', '04:00']);
    expect(starts('2026-08-01T05:00:00.000001Z')).toEqual(['00:00', '01:00', '02:00', '03:00', '04:00', '05:00']);
    expect(starts('2026-08-01T04:30:00.000000Z')).toEqual(['00:00', '01:00', '02:00', '03:00', '04:00']);
    // An event exactly at `until` (the filter includes it) still gets its bucket: no count is dropped.
    const withEdge = timeSeries({
      ...hourly,
      since: '2026-08-01T00:00:00.000000Z',
      until: '2026-08-01T05:00:00.000000Z',
      counts: [{ bucket: bucketIndex(timestampToMicros('2026-08-01T05:00:00.000000Z'), HOUR), count: 1 }],
    });
    expect(withEdge.map((s) => s.count)).toEqual([0, 0, 0, 0, 0, 1]);
    // The capped "now" (end of the current unit) keeps the bucket that contains now.
    const capped = timeSeries({ ...hourly, since: '2026-08-10T10:00:00.000000Z', until: '2026-08-11T00:00:00.000000Z' });
    expect(capped.map((s) => s.start_time.slice(11, 16))).toEqual(['10:00', '11:00', '12:00']);
  });

  it('aligns fractional intervals to the pivot, not to since', () => {
    const width = bucketWidthMicros('hour', 1.5);
    const series = timeSeries({
      now: '2026-08-10T12:00:00.000000Z',
      unit: 'hour',
      widthMicros: width,
      since: '2026-08-01T01:00:00.000000Z',
      until: '2026-08-01T04:00:00.000000Z',
      counts: [],
    });
    expect(series.map((s) => s.start_time)).toEqual([
      '2026-08-01T00:00:00.000000Z',
      '2026-08-01T01:30:00.000000Z',
      '2026-08-01T03:00:00.000000Z',
    ]);
    expect(series[0].end_time).toBe('2026-08-01T01:29:59.999999Z');
  });

  it('clamps bucket bounds of a huge interval to year 9999 instead of failing', () => {
    const width = bucketWidthMicros('week', 1e6);
    const series = timeSeries({
      ...base,
      unit: 'week',
      widthMicros: width,
      since: '2026-08-01T00:00:00.000000Z',
      until: '2026-08-03T00:00:00.000000Z',
      counts: [],
    });
    expect(series).toHaveLength(1);
    expect(series[0].start_time).toBe('2024-04-01T00:00:00.000000Z');
    expect(series[0].end_time).toBe('9999-12-31T23:59:59.999999Z');
  });
});
