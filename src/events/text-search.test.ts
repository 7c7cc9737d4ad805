import { describe, expect, it } from 'vitest';
import { parseTextQuery, searchableText, searchableTextWith, textMatches } from './text-search.js';

describe('parseTextQuery ([compat S2.5])', () => {
  it.each([
    ['', [], [], []],
    ['   ', [], [], []],
    ['error', ['error'], [], []],
    ['Error  Warning', ['error', 'warning'], [], []],
    ['error -debug', ['error'], ['debug'], []],
    ['error !debug', ['error'], ['debug'], []],
    ['+prod error', ['error'], [], ['prod']],
    ['"connection refused"', ['connection refused'], [], []],
    ['-"connection refused"', [], ['connection refused'], []],
    ['+"a phrase"', [], [], ['a phrase']],
    ['"say \\"hi\\""', ['say "hi"'], [], []],
    ['"back\\\\slash"', ['back\\slash'], [], []],
    ['"keep \\n as is"', ['keep \\n as is'], [], []],
    ['"unterminated phrase', ['unterminated phrase'], [], []],
    ['- lone', ['lone'], [], []], // a prefix followed by whitespace is ignored
    ['lone -', ['lone'], [], []],
    ['+ -', [], [], []],
    ['foo-bar', ['foo-bar'], [], []], // only a leading prefix counts
    ['--x', [], ['-x'], []],
    ['a"b c"', ['a', 'b c'], [], []], // a term ends at a quote
    ['"   "', [], [], []], // blank phrases are dropped
  ])('%j', (q, include, exclude, required) => {
    expect(parseTextQuery(q)).toEqual({ include, exclude, required });
  });
});

describe('searchableText and textMatches', () => {
  const event = {
    event: 'prefect.flow-run.Failed',
    resource: { 'prefect.resource.id': 'prefect.flow-run.1', 'prefect.resource.name': 'Crimson-Otter' },
    related: [{ 'prefect.resource.id': 'prefect.tag.Nightly', 'prefect.resource.role': 'tag' }],
    payload: { message: 'Connection REFUSED by host' },
  };
  const text = searchableText(event);

  it('contains the lower-cased name, label values and payload JSON, not label names', () => {
    expect(text).toContain('prefect.flow-run.failed');
    expect(text).toContain('crimson-otter');
    expect(text).toContain('prefect.tag.nightly');
    expect(text).toContain('"message":"connection refused by host"');
    expect(text).not.toContain('prefect.resource.name');
    expect(text).toBe(text.toLowerCase());
  });

  it('is the same from the payload as storage keeps it (JSON.stringify), whatever the payload holds', () => {
    const payloads: unknown[] = [
      { message: 'Connection REFUSED by host' },
      { big: 1e21, small: 5e-324, neg: -0, float: 0.1 + 0.2, ünï: 'ÇÃ ß \u{1F600}', lone: '\uD800x', nested: [{ a: null }, [], {}] },
      {},
      null,
    ];
    for (const payload of payloads) {
      const e = { ...event, payload: payload as Record<string, unknown> };
      expect(searchableTextWith(e, JSON.stringify(payload))).toBe(searchableText(e));
    }
  });

  it('include OR, exclude all absent, required all present', () => {
    const m = (q: string) => textMatches(parseTextQuery(q), text);
    expect(m('otter')).toBe(true);
    expect(m('OTTER')).toBe(true);
    expect(m('nope otter')).toBe(true);
    expect(m('nope')).toBe(false);
    expect(m('otter -nightly')).toBe(false);
    expect(m('otter -daily')).toBe(true);
    expect(m('+failed +refused')).toBe(true);
    expect(m('+failed +completed')).toBe(false);
    expect(m('"connection refused"')).toBe(true);
    expect(m('"refused connection"')).toBe(false);
    expect(m('-daily')).toBe(true); // only excludes: everything else matches
    expect(m('')).toBe(true);
  });

  it('a phrase does not match across two fields', () => {
    // name ends with "failed", the first label value starts with "prefect"
    expect(textMatches(parseTextQuery('"failed prefect"'), text)).toBe(false);
  });
});
