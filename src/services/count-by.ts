// Bucket math and zero-fill for POST /events/count-by/{day|time} ([compat S2.4]).
// Pure: every function takes microseconds and "now" explicitly, so it is tested without a server.
//
// Buckets are fixed-width and aligned to Prefect's pivot, 2024-04-01T00:00:00Z (a Monday midnight,
// so it is also aligned to every unit): bucket index = floor((occurred − pivot) / width).

import { MAX_TIMESTAMP, MIN_TIMESTAMP, microsToTimestamp, timestampToMicros } from '../events/index.js';
import type { EventCount, TimeUnit } from '../events/types.js';
import type { TimeBucketCount } from '../storage/storage.js';

export const COUNT_BY_PIVOT = '2024-04-01T00:00:00.000000Z';
export const MAX_BUCKETS = 1000;
export const MIN_TIME_INTERVAL = 0.01;
export const TIME_UNITS: readonly TimeUnit[] = ['week', 'day', 'hour', 'minute', 'second'];

const PIVOT_MICROS = Date.UTC(2024, 3, 1) * 1000;
// Near year 9999 microsecond counts exceed 2^53 and, as doubles, may round past the end of the range;
// anything within a day of either end therefore maps to the extreme timestamp itself.
const MIN_MICROS = timestampToMicros('0001-01-02T00:00:00.000000Z');
const MAX_MICROS = timestampToMicros('9999-12-30T00:00:00.000000Z');
const UNIT_MICROS: Record<TimeUnit, number> = {
  week: 7 * 86_400_000_000,
  day: 86_400_000_000,
  hour: 3_600_000_000,
  minute: 60_000_000,
  second: 1_000_000,
};

/**
 * Widest bucket, 2^60 µs (36,500 years). Any width of at least the whole timestamp range (years
 * 0001–9999, 3.2e17 µs) puts every time into bucket −1 or 0 (the pivot lies inside the range), so
 * capping changes no answer — but keeps `time_interval: 1e308` from becoming an infinite width
 * (NaN bucket times, a 500 before).
 */
export const MAX_BUCKET_WIDTH_MICROS = 2 ** 60;

/** Width of one bucket, rounded to whole microseconds like Python's timedelta. */
export function bucketWidthMicros(unit: TimeUnit, interval: number): number {
  return Math.min(MAX_BUCKET_WIDTH_MICROS, Math.max(1, Math.round(UNIT_MICROS[unit] * interval)));
}

export interface BucketSpan {
  bucket: number;
  since: string;
  /** Inclusive. */
  until: string;
}

/**
 * The buckets covering [since, until] as time ranges, for widths beyond 2^53 µs (285 years) that
 * storage cannot use as an exact integer divisor: counting each range instead gives the same
 * answer. At most ceil(range / 2^53) + 1 ≈ 37 buckets. The filter's own bounds are kept verbatim.
 */
export function wideBucketSpans(since: string, until: string, widthMicros: number): BucketSpan[] {
  const sinceUs = timestampToMicros(since);
  const untilUs = timestampToMicros(until);
  if (untilUs < sinceUs) return [];
  const spans: BucketSpan[] = [];
  for (let b = bucketIndex(sinceUs, widthMicros); b <= bucketIndex(untilUs, widthMicros); b++) {
    const start = PIVOT_MICROS + b * widthMicros;
    const end = start + widthMicros - 1;
    spans.push({ bucket: b, since: start <= sinceUs ? since : timestampAt(start), until: end >= untilUs ? until : timestampAt(end) });
  }
  return spans;
}

/** Prefect's bucket-count check: ceil((until − since) / width), which must not exceed 1000. */
export function bucketsRequested(sinceMicros: number, untilMicros: number, widthMicros: number): number {
  return Math.ceil((untilMicros - sinceMicros) / widthMicros);
}

export function bucketIndex(micros: number, widthMicros: number): number {
  return Math.floor((micros - PIVOT_MICROS) / widthMicros);
}

/** Last microsecond of the unit (week starting Monday, day, hour, …) that contains `nowMicros`. */
export function endOfUnitMicros(nowMicros: number, unit: TimeUnit): number {
  const size = UNIT_MICROS[unit];
  return PIVOT_MICROS + (bucketIndex(nowMicros, size) + 1) * size - 1;
}

export interface TimeSeriesRequest {
  since: string;
  until: string;
  now: string;
  unit: TimeUnit;
  widthMicros: number;
  /** Non-empty buckets from storage. */
  counts: readonly TimeBucketCount[];
}

/**
 * Every bucket from the one containing `since` up to, not including, the one that starts at
 * end = min(until, end of the current unit) — Prefect's zero-fill walks `while span_start < end`,
 * so [D, D+5h) hourly is 5 buckets, not 6 — zero-filled, in time order ([compat S2.4]).
 *
 * [compat D10.11]: Prefect indexes past the end of this list (a 500) when stored events lie after "now" but
 * inside `until`. Herald extends the series through the last non-empty bucket instead, so such
 * events are counted and shown; they can only lie inside `until`, which the bucket limit bounds.
 */
export function timeSeries(req: TimeSeriesRequest): EventCount[] {
  const width = req.widthMicros;
  const end = Math.min(timestampToMicros(req.until), endOfUnitMicros(timestampToMicros(req.now), req.unit));
  let first = bucketIndex(timestampToMicros(req.since), width);
  // The last bucket starting before `end` (times are whole microseconds).
  let last = bucketIndex(end - 1, width);
  const byBucket = new Map<number, number>();
  for (const { bucket, count } of req.counts) {
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + count);
    if (bucket > last) last = bucket;
    // Cannot happen (storage applies `since`), but a count is never dropped silently.
    if (bucket < first) first = bucket;
  }
  const series: EventCount[] = [];
  for (let b = first; b <= last; b++) {
    const start = PIVOT_MICROS + b * width;
    series.push({
      value: String(b - first),
      label: pythonIsoLabel(start),
      count: byBucket.get(b) ?? 0,
      start_time: timestampAt(start),
      end_time: timestampAt(start + width - 1),
    });
  }
  return series;
}

/** A huge `time_interval` can put bucket bounds past year 9999: clamp rather than fail with a 500. */
function timestampAt(micros: number): string {
  if (Number.isNaN(micros)) throw new RangeError('bucket time is not a number'); // cannot happen: widths are finite
  if (micros >= MAX_MICROS) return MAX_TIMESTAMP;
  if (micros <= MIN_MICROS) return MIN_TIMESTAMP;
  return microsToTimestamp(micros);
}

/**
 * Python's `datetime.isoformat()` of a UTC time, which Prefect uses for bucket labels:
 * `+00:00` instead of `Z`, and no fraction when the microseconds are zero.
 */
export function pythonIsoLabel(micros: number): string {
  const canonical = timestampAt(micros); // YYYY-MM-DDTHH:MM:SS.ffffffZ
  const seconds = canonical.slice(0, 19);
  const fraction = canonical.slice(20, 26);
  return fraction === '000000' ? `${seconds}+00:00` : `${seconds}.${fraction}+00:00`;
}
