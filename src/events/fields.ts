// Field validators shared by the event validator and the filter parser.

import { issue, listType, stringType, type Loc, type ValidationIssue } from './issues.js';
import { parseTimestamp } from './time.js';
import type { Timestamp } from './types.js';

/** Validates a datetime field (pydantic `datetime_type` / `datetime_from_date_parsing` / `datetime_parsing` issues). */
export function validateTimestampField(input: unknown, loc: Loc, issues: ValidationIssue[]): Timestamp | null {
  const r = parseTimestamp(typeof input === 'boolean' ? undefined : input);
  if (r.ok) return r.timestamp;
  if (r.error === 'type') {
    issues.push(issue(loc, 'datetime_type', 'Input should be a valid datetime', input));
  } else if (typeof input === 'string' && !r.error.includes('out of range')) {
    // pydantic (lax mode) also tried the string as a date, hence its `…_from_date_…` type.
    issues.push(
      issue(loc, 'datetime_from_date_parsing', `Input should be a valid datetime or date, ${r.error}`, input, { error: r.error }),
    );
  } else {
    issues.push(issue(loc, 'datetime_parsing', `Input should be a valid datetime, ${r.error}`, input, { error: r.error }));
  }
  return null;
}

/** Validates a list of strings; returns null (and pushes issues) when invalid. */
export function validateStringList(input: unknown, loc: Loc, issues: ValidationIssue[]): string[] | null {
  if (!Array.isArray(input)) {
    issues.push(listType(loc, input));
    return null;
  }
  let ok = true;
  for (let i = 0; i < input.length; i++) {
    if (typeof input[i] !== 'string') {
      issues.push(stringType([...loc, i], input[i]));
      ok = false;
    }
  }
  return ok ? (input as string[]).slice() : null;
}

/** Number of Unicode code points (Python `len`), cheap when the string is short enough anyway. */
export function codePointLength(s: string, atMost: number): number {
  if (s.length <= atMost) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
