// The golden corpus: every case's expectation was produced by real Jinja2 (scripts/gen-template-corpus.py).
// Outputs must match byte for byte; expected errors must be errors of the corresponding class.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, render, TemplateError, type TemplateErrorKind } from '../../src/templates/index.js';
import { decodeContext } from './corpus-context.js';

interface Case {
  name: string;
  template: string;
  context: unknown;
  output?: string;
  error?: 'syntax' | 'undefined' | 'security' | 'runtime' | 'limit' | 'unsupported';
  message?: string;
  line?: number;
  /** A Jinja2 feature Herald refuses on purpose: we must fail with an 'unsupported' error. */
  unsupported?: boolean;
}

const corpus = JSON.parse(readFileSync(new URL('./corpus.json', import.meta.url), 'utf8')) as { uiUrl: string; cases: Case[] };

/** Which of our error kinds stand for each Jinja2 error class. */
const acceptedKinds: Record<NonNullable<Case['error']>, TemplateErrorKind[]> = {
  syntax: ['syntax', 'unsupported'],
  undefined: ['undefined'],
  security: ['security'],
  runtime: ['runtime', 'unsupported'],
  limit: ['limit'],
  unsupported: ['unsupported'],
};

function run(c: Case): string {
  return render(compile(c.template), decodeContext(c.context) as Record<string, unknown>, { uiUrl: corpus.uiUrl });
}

describe('template corpus (expectations from Jinja2)', () => {
  it('has at least 400 cases', () => {
    expect(corpus.cases.length).toBeGreaterThanOrEqual(400);
  });

  for (const c of corpus.cases) {
    it(`${c.name}: ${JSON.stringify(c.template).slice(0, 80)}`, () => {
      if (c.unsupported) {
        expect(() => run(c)).toThrow(expect.objectContaining({ kind: 'unsupported' }));
        return;
      }
      if (c.output !== undefined) {
        expect(run(c)).toBe(c.output);
        return;
      }
      let caught: unknown;
      try {
        run(c);
      } catch (err) {
        caught = err;
      }
      expect(caught, 'expected a TemplateError').toBeInstanceOf(TemplateError);
      const err = caught as TemplateError;
      expect(acceptedKinds[c.error!]).toContain(err.kind);
      // Validation messages are part of the API ([compat S3.2]: Prefect's loop rules, Jinja's syntax
      // errors as /templates/validate shows them): compare them, and the line, exactly.
      if (c.message && err.kind !== 'unsupported') expect(err.reason).toBe(c.message);
      if (c.line !== undefined && err.kind !== 'unsupported') expect(err.line).toBe(c.line);
    });
  }
});
