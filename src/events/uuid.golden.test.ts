// Golden corpus: UUID parsing against answers recorded from pydantic (testdata/uuid-golden.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from './issues.js';
import { canonicalUuid, validateUuidField } from './uuid.js';

const corpus = JSON.parse(readFileSync(new URL('./testdata/uuid-golden.json', import.meta.url), 'utf8')) as {
  cases: [unknown, string | null, string | null, string | null][];
};

describe('UUIDs agree with pydantic', () => {
  it.each(corpus.cases)('%j → %j (%s: %s)', (input, expected, type, error) => {
    expect(canonicalUuid(input)).toBe(expected);
    const issues: ValidationIssue[] = [];
    validateUuidField(input, ['id'], issues);
    expect(issues.map((i) => [i.type, i.ctx?.error ?? null])).toEqual(type === null ? [] : [[type, error]]);
  });
});
