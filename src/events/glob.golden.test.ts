// Golden corpus: globMatch against answers recorded from CPython's fnmatch.fnmatchcase
// (testdata/fnmatch-golden.json), including the odd class corners (`[]a]`, `[z-a]`, `[!]`, `[^`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { globMatch } from './glob.js';

const corpus = JSON.parse(readFileSync(new URL('./testdata/fnmatch-golden.json', import.meta.url), 'utf8')) as {
  cases: [string, string, boolean][];
};

describe('globMatch agrees with CPython fnmatchcase', () => {
  it(`on ${corpus.cases.length} recorded cases`, () => {
    const wrong = corpus.cases.filter(([pattern, value, expected]) => globMatch(pattern, value) !== expected);
    expect(wrong).toEqual([]);
    expect(corpus.cases.filter((c) => c[2]).length).toBeGreaterThan(300);
  });
});
