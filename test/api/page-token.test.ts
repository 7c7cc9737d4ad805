// Signed, URL-safe keyset page tokens ([compat S2.3], [compat D10.12], [compat S11.1]).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPageTokenCodec, type PageTokenState } from '../../src/api/page-token.js';
import { propertyRuns } from '../helpers/property.js';

const state: PageTokenState = {
  workspaceId: '00000000-0000-0000-0000-000000000000',
  filter: {
    occurred: { since: '2026-01-01T00:00:00.000000Z', until: '2026-01-02T00:00:00.000000Z' },
    order: 'DESC',
    event: { prefix: ['a.'] },
  },
  count: 120,
  exact: true,
  pageSize: 50,
  served: 50,
  after: { occurred: '2026-01-01T10:00:00.000000Z', id: '0198aaaa-0000-7000-8000-000000000001' },
};

describe('page tokens', () => {
  it('round-trips the state', () => {
    const codec = createPageTokenCodec('s3cret');
    expect(codec.decode(codec.encode(state))).toEqual(state);
  });

  it('round-trips a lower-bound count ([compat D10.34]); an exact one leaves no trace in the token', () => {
    const codec = createPageTokenCodec('s3cret');
    const bounded = { ...state, count: 10_000, exact: false };
    expect(codec.decode(codec.encode(bounded))).toEqual(bounded);
    const body = (token: string) =>
      Buffer.from(Buffer.from(token, 'base64url').toString('utf8').split('.')[0], 'base64url').toString('utf8');
    expect(JSON.parse(body(codec.encode(bounded))).inexact).toBe(true);
    expect(JSON.parse(body(codec.encode(state)))).not.toHaveProperty('inexact');
  });

  it('is double base64url: the outer layer decodes to a signed inner token', () => {
    const token = createPageTokenCodec('s3cret').encode(state);
    const inner = Buffer.from(token, 'base64url').toString('utf8');
    expect(inner).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it('rejects a token signed with another key', () => {
    const token = createPageTokenCodec('one').encode(state);
    expect(createPageTokenCodec('two').decode(token)).toBeNull();
  });

  it('rejects a forged inner token (changed offset/page size, signature kept)', () => {
    const codec = createPageTokenCodec('s3cret');
    const inner = Buffer.from(codec.encode(state), 'base64url').toString('utf8');
    const [body, sig] = inner.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    payload.page_size = 10_000;
    const forged = Buffer.from(`${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`).toString('base64url');
    expect(codec.decode(forged)).toBeNull();
  });

  it('rejects empty, garbled and truncated tokens', () => {
    const codec = createPageTokenCodec('s3cret');
    const token = codec.encode(state);
    for (const bad of ['', 'x', '!!!', token.slice(0, -3), token + 'A', Buffer.from('{"filter":{}}').toString('base64')]) {
      expect(codec.decode(bad)).toBeNull();
    }
  });

  it('flipping any single character invalidates the token', () => {
    const codec = createPageTokenCodec('s3cret');
    const token = codec.encode(state);
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...'ABCxyz019-_'), (i, c) => {
        fc.pre(token[i] !== c);
        const tampered = token.slice(0, i) + c + token.slice(i + 1);
        expect(codec.decode(tampered)).toBeNull();
      }),
      propertyRuns(300),
    );
  });

  it('an empty secret uses one random key per process (shared by every codec)', () => {
    const a = createPageTokenCodec('');
    expect(createPageTokenCodec('').decode(a.encode(state))).toEqual(state);
    expect(createPageTokenCodec('other').decode(a.encode(state))).toBeNull();
  });

  it('is URL-safe and never contains "next" (Prefect UI splits next_page on it)', () => {
    const codec = createPageTokenCodec('k');
    fc.assert(
      fc.property(fc.string(), fc.nat(), fc.string(), (prefix, served, id) => {
        const token = codec.encode({
          ...state,
          filter: { ...state.filter, event: { prefix: [prefix] } },
          served,
          after: { ...state.after, id },
        });
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(token.toLowerCase()).not.toContain('next');
      }),
      propertyRuns(500),
    );
  });
});
