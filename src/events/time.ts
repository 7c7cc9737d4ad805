// Datetime rules ([compat S1.2]): accept what pydantic v2 accepts for a `datetime` field in lax mode,
// emit one canonical form — UTC, exactly 6 fractional digits, `Z` — so timestamps compare as strings.
//
// Accepted (mirrors speedate, pydantic's parser):
//   YYYY-MM-DD                              date only → midnight UTC (lax mode)
//   YYYY-MM-DD[T|t|_| ]HH:MM[:SS[(.|,)f+]]  fraction of any length, truncated to µs (never rounded)
//   followed by nothing (naive = UTC), `Z`/`z`, `±HH:MM` or `±HHMM` (|offset| < 24 h; U+2212 minus too)
//   a number, or a numeric string: Unix seconds, or milliseconds when |value| > 2e10
// The resulting UTC instant must fall in years 0001–9999.

import type { Clock } from '../clock.js';
import type { Timestamp } from './types.js';

export type TimestampParse = { ok: true; timestamp: Timestamp } | { ok: false; error: string };

const MICROS_PER_DAY = 86_400_000_000;
const SECONDS_PER_DAY = 86_400;
/** Days from 1970-01-01 to 0001-01-01 and to 10000-01-01. */
const MIN_DAY = daysFromCivil(1, 1, 1);
const MAX_DAY_EXCL = daysFromCivil(10000, 1, 1);

/** Canonical UTC timestamp for `input`, or null when it is not an acceptable datetime. */
export function canonicalTimestamp(input: unknown): Timestamp | null {
  const r = parseTimestamp(input);
  return r.ok ? r.timestamp : null;
}

/**
 * Like `canonicalTimestamp` but says why parsing failed, in speedate's words (used as the
 * `ctx.error` of a pydantic-style `datetime_parsing` issue). Non-string, non-number input gives
 * `error: 'type'` (the caller reports `datetime_type`).
 */
export function parseTimestamp(input: unknown): TimestampParse {
  if (typeof input === 'string') return parseString(input);
  if (typeof input === 'number') return fromUnixNumber(input);
  return { ok: false, error: 'type' };
}

const NUMERIC = /^-?\d+(?:\.\d*)?$/;

function parseString(s: string): TimestampParse {
  const n = s.length;
  if (n === 27 && isCanonical(s)) return { ok: true, timestamp: s };
  if (n > 0 && n < 32 && NUMERIC.test(s)) return fromUnixNumber(Number(s));
  return parseGeneral(s);
}

const CANONICAL_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25];

/** Fast path (the ingest hot path): `s` is already `YYYY-MM-DDTHH:MM:SS.ffffffZ` and valid. */
function isCanonical(s: string): boolean {
  if (
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58 ||
    s.charCodeAt(19) !== 46 ||
    s.charCodeAt(26) !== 90
  ) {
    return false;
  }
  for (let k = 0; k < CANONICAL_DIGITS.length; k++) {
    const c = s.charCodeAt(CANONICAL_DIGITS[k]);
    if (c < 48 || c > 57) return false;
  }
  const year = two(s, 0) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  return (
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    two(s, 11) <= 23 &&
    two(s, 14) <= 59 &&
    two(s, 17) <= 59
  );
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

function fail(error: string): TimestampParse {
  return { ok: false, error };
}

function parseGeneral(s: string): TimestampParse {
  const n = s.length;
  if (n < 10) return fail('input is too short');
  const y1 = two(s, 0);
  const y2 = two(s, 2);
  if (y1 < 0 || y2 < 0) return fail('invalid character in year');
  const year = y1 * 100 + y2;
  if (s.charCodeAt(4) !== 45) return fail('invalid date separator, expected `-`');
  const month = two(s, 5);
  if (month < 0) return fail('invalid character in month');
  if (s.charCodeAt(7) !== 45) return fail('invalid date separator, expected `-`');
  const day = two(s, 8);
  if (day < 0) return fail('invalid character in day');
  if (month < 1 || month > 12) return fail('month value is outside expected range of 1-12');
  if (day < 1 || day > daysInMonth(year, month)) return fail('day value is outside expected range');
  if (year === 0) return fail('year 0 is out of range');
  if (n === 10) return build(year, month, day, 0, 0, 0, 0, 0);

  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 95 && sep !== 32) {
    return fail('invalid datetime separator, expected `T`, `t`, `_` or space');
  }
  if (n < 16) return fail('input is too short');
  const hour = two(s, 11);
  if (hour < 0) return fail('invalid character in hour');
  if (s.charCodeAt(13) !== 58) return fail('invalid time separator, expected `:`');
  const minute = two(s, 14);
  if (minute < 0) return fail('invalid character in minute');
  if (hour > 23) return fail('hour value is outside expected range of 0-23');
  if (minute > 59) return fail('minute value is outside expected range of 0-59');

  let i = 16;
  let second = 0;
  let micros = 0;
  if (s.charCodeAt(i) === 58 /* : */) {
    second = two(s, i + 1);
    if (second < 0) return fail('invalid character in second');
    if (second > 59) return fail('second value is outside expected range of 0-59');
    i += 3;
    const fs = s.charCodeAt(i);
    if (fs === 46 || fs === 44) {
      i++;
      let count = 0;
      for (;;) {
        const d = digit(s, i);
        if (d < 0) break;
        // Digits past the sixth are truncated, as pydantic does (never rounded).
        if (count < 6) micros = micros * 10 + d;
        count++;
        i++;
      }
      if (count === 0) return fail('second fraction value is missing');
      for (let k = count; k < 6; k++) micros *= 10;
    }
  }

  let offsetSeconds = 0;
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c === 90 || c === 122) {
      i++;
    } else {
      let sign: number;
      if (c === 43) sign = 1;
      else if (c === 45 || c === 0x2212) sign = -1;
      else return fail('invalid timezone sign');
      i++;
      const th = two(s, i);
      if (th < 0) return fail('invalid timezone hour');
      i += 2;
      if (s.charCodeAt(i) === 58) i++;
      const tm = two(s, i);
      if (tm < 0) return fail('invalid timezone minute');
      if (tm > 59) return fail('timezone minute value is outside expected range of 0-59');
      i += 2;
      offsetSeconds = sign * (th * 3600 + tm * 60);
      if (Math.abs(offsetSeconds) >= SECONDS_PER_DAY) return fail('timezone offset must be less than 24 hours');
    }
    if (i < n) return fail('unexpected extra characters at the end of the input');
  }
  return build(year, month, day, hour, minute, second, micros, offsetSeconds);
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  micros: number,
  offsetSeconds: number,
): TimestampParse {
  if (offsetSeconds === 0) return { ok: true, timestamp: format(year, month, day, hour, minute, second, micros) };
  let days = daysFromCivil(year, month, day);
  let secs = hour * 3600 + minute * 60 + second - offsetSeconds;
  if (secs < 0) {
    secs += SECONDS_PER_DAY;
    days--;
  } else if (secs >= SECONDS_PER_DAY) {
    secs -= SECONDS_PER_DAY;
    days++;
  }
  if (days < MIN_DAY || days >= MAX_DAY_EXCL) return fail('datetime is out of range (years 0001-9999 in UTC)');
  const [y, m, d] = civilFromDays(days);
  return {
    ok: true,
    timestamp: format(y, m, d, Math.floor(secs / 3600), Math.floor((secs % 3600) / 60), secs % 60, micros),
  };
}

function fromUnixNumber(x: number): TimestampParse {
  if (!Number.isFinite(x)) return fail('invalid number');
  // speedate: values beyond ±2e10 are milliseconds.
  const secs = Math.abs(x) > 2e10 ? x / 1000 : x;
  let whole = Math.floor(secs);
  let us = Math.round((secs - whole) * 1e6);
  if (us >= 1_000_000) {
    whole += 1;
    us -= 1_000_000;
  }
  const days = Math.floor(whole / SECONDS_PER_DAY);
  if (days < MIN_DAY || days >= MAX_DAY_EXCL) return fail('datetime is out of range (years 0001-9999 in UTC)');
  const sod = whole - days * SECONDS_PER_DAY;
  const [y, m, d] = civilFromDays(days);
  return { ok: true, timestamp: format(y, m, d, Math.floor(sod / 3600), Math.floor((sod % 3600) / 60), sod % 60, us) };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function format(y: number, mo: number, d: number, h: number, mi: number, s: number, us: number): Timestamp {
  return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(us, 6)}Z`;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(z: number): [number, number, number] {
  z += 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Canonical timestamp of a millisecond epoch time (e.g. `clock.now()`). */
export function timestampFromMillis(ms: number): Timestamp {
  return microsToTimestamp(Math.floor(ms) * 1000);
}

/**
 * Microseconds since the Unix epoch. Exact for years 1685–2255 (|µs| < 2^53); outside that range
 * the result is the nearest double. Input must be canonical.
 */
export function timestampToMicros(ts: Timestamp): number {
  const days = daysFromCivil(Number(ts.slice(0, 4)), Number(ts.slice(5, 7)), Number(ts.slice(8, 10)));
  const sod = Number(ts.slice(11, 13)) * 3600 + Number(ts.slice(14, 16)) * 60 + Number(ts.slice(17, 19));
  return days * MICROS_PER_DAY + sod * 1_000_000 + Number(ts.slice(20, 26));
}

// Microsecond counts beyond 2^53 (after year 2255) are doubles spaced up to 64 µs apart, so the last
// instants of year 9999 round up into year 10000 (timestampToMicros(MAX_TIMESTAMP) does). Within
// this slack of either end a time is the extreme timestamp itself, not an error (a 500 before).
const ROUNDING_SLACK_MICROS = 1024;
const MIN_MICROS = MIN_DAY * MICROS_PER_DAY;
const MAX_MICROS_EXCL = MAX_DAY_EXCL * MICROS_PER_DAY;

/** Canonical timestamp of a microsecond epoch time (must be an integer within years 0001–9999). */
export function microsToTimestamp(us: number): Timestamp {
  if (!Number.isFinite(us)) throw new RangeError(`not a finite microsecond time: ${us}`);
  us = Math.floor(us);
  if (us >= MAX_MICROS_EXCL && us < MAX_MICROS_EXCL + ROUNDING_SLACK_MICROS) return MAX_TIMESTAMP;
  if (us < MIN_MICROS && us >= MIN_MICROS - ROUNDING_SLACK_MICROS) return MIN_TIMESTAMP;
  const days = Math.floor(us / MICROS_PER_DAY);
  if (days < MIN_DAY || days >= MAX_DAY_EXCL) throw new RangeError(`microsecond time out of range: ${us}`);
  const rem = us - days * MICROS_PER_DAY;
  const sod = Math.floor(rem / 1_000_000);
  const [y, m, d] = civilFromDays(days);
  return format(y, m, d, Math.floor(sod / 3600), Math.floor((sod % 3600) / 60), sod % 60, rem - sod * 1_000_000);
}

/** The clock's current time as a canonical timestamp. */
export function nowTimestamp(clock: Clock): Timestamp {
  return timestampFromMillis(clock.now());
}

/** UTC midnight at the start of `ts`'s day. */
export function startOfUtcDay(ts: Timestamp): Timestamp {
  return `${ts.slice(0, 10)}T00:00:00.000000Z`;
}

/** `ts` moved by a (possibly negative) number of microseconds, clamped to years 0001–9999. */
export function addMicros(ts: Timestamp, deltaUs: number): Timestamp {
  const min = MIN_DAY * MICROS_PER_DAY;
  const max = MAX_DAY_EXCL * MICROS_PER_DAY - 1;
  return microsToTimestamp(Math.min(max, Math.max(min, timestampToMicros(ts) + deltaUs)));
}

/** The latest representable timestamp; used as "no end" for live streams ([compat D10.2]). */
export const MAX_TIMESTAMP: Timestamp = '9999-12-31T23:59:59.999999Z';
/** The earliest representable timestamp. */
export const MIN_TIMESTAMP: Timestamp = '0001-01-01T00:00:00.000000Z';
