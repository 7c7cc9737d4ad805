// Golden corpus: canonicalTimestamp against answers recorded from pydantic's own datetime parser
// (testdata/datetime-golden.json: TypeAdapter(datetime).validate_json, aware results in UTC, naive
// taken as UTC), and the issue type our field validator reports for each rejected input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateTimestampField } from './fields.js';
import type { ValidationIssue } from './issues.js';
import { canonicalTimestamp } from './time.js';

const corpus = JSON.parse(readFileSync(new URL('./testdata/datetime-golden.json', import.meta.url), 'utf8')) as {
  cases: [unknown, string | null, string | null][];
};

describe('datetimes agree with pydantic', () => {
  it.each(corpus.cases)('%j → %j (%s)', (input, expected, errorType) => {
    expect(canonicalTimestamp(input)).toBe(expected);
    const issues: ValidationIssue[] = [];
    validateTimestampField(input, ['occurred'], issues);
    expect(issues.map((i) => i.type)).toEqual(errorType === null ? [] : [errorType]);
  });
});
