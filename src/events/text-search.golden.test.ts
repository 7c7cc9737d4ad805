// Golden corpus: parseTextQuery against expectations generated with Prefect's parser semantics
// (testdata/text-query-golden.json; random queries over quotes, escapes, prefixes and whitespace).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTextQuery } from './text-search.js';

const corpus = JSON.parse(readFileSync(new URL('./testdata/text-query-golden.json', import.meta.url), 'utf8')) as {
  cases: [string, string[], string[], string[]][];
};

describe('parseTextQuery agrees with Prefect', () => {
  it(`on ${corpus.cases.length} recorded queries`, () => {
    const wrong = corpus.cases.filter(([q, include, exclude, required]) => {
      const got = parseTextQuery(q);
      return JSON.stringify(got) !== JSON.stringify({ include, exclude, required });
    });
    expect(wrong).toEqual([]);
  });
});
