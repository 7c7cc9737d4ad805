// Signed keyset page tokens for GET /events/filter/next ([compat S2.2]–[compat S2.3]).
//
// Wire shape kept from Prefect: `next_page` = `<base>/events/filter/next?page-token=<token>` and the
// token is base64 applied twice. Clients never look inside, they only follow the link, so the inner
// layer is ours to change. Prefect's [compat D10.12] bugs fixed here:
// - the inner token is signed (HMAC-SHA256), so filter, cursor and page size cannot be forged;
// - it carries a keyset cursor (last occurred + id), not an offset, so rows with equal `occurred`
//   are neither skipped nor repeated;
// - both layers are base64url without padding: no `/`, `+` or `=` in the URL ([compat S11.1]);
// - the token never contains the text `next`, because Prefect's UI finds the token by splitting
//   the `next_page` URL on that word ([compat S11.1]).

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EventFilter } from '../events/types.js';
import type { PageCursor } from '../storage/storage.js';

/** What a page token remembers between pages. */
export interface PageTokenState {
  workspaceId: string;
  /** The filter with defaults resolved on the first call, so later pages see a stable window. */
  filter: EventFilter;
  /** `total` of the first page; later pages do not recount ([compat S2.3]). */
  count: number;
  /**
   * False when `count` is a lower bound ([compat D10.34]): the chain then cannot end on `served`
   * reaching it and runs until a page comes back short.
   */
  exact: boolean;
  pageSize: number;
  /** Events returned so far; the chain ends once this reaches an exact `count`. */
  served: number;
  /** The last event of the previous page. */
  after: PageCursor;
}

export interface PageTokenCodec {
  encode(state: PageTokenState): string;
  /** The state, or null for anything we did not sign (forged, garbled, truncated, empty). */
  decode(token: string): PageTokenState | null;
}

const VERSION = 1;

// Tokens must survive being handled by any instance of this process, so an unset secret yields one
// random key per process, not per route registration. Tokens then expire on restart (documented
// with the `pageTokenSecret` setting).
let processKey: Buffer | undefined;

function keyFor(secret: string): Buffer {
  if (secret) return Buffer.from(secret, 'utf8');
  processKey ??= randomBytes(32);
  return processKey;
}

export function createPageTokenCodec(secret: string): PageTokenCodec {
  const key = keyFor(secret);
  const sign = (body: string) => createHmac('sha256', key).update(body).digest();

  return {
    encode(state) {
      // A salt is bumped until neither layer contains `next`; almost always the first try wins.
      for (let salt = 0; ; salt++) {
        const body = b64url(JSON.stringify({ v: VERSION, ...toWire(state), s: salt }));
        const inner = `${body}.${b64url(sign(body))}`;
        const token = b64url(inner);
        if (!/next/i.test(token)) return token;
      }
    },

    decode(token) {
      const inner = strictB64url(token)?.toString('utf8');
      if (!inner) return null;
      const dot = inner.indexOf('.');
      if (dot <= 0) return null;
      const body = inner.slice(0, dot);
      const given = strictB64url(inner.slice(dot + 1));
      const expected = sign(body);
      if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        return fromWire(JSON.parse(fromB64url(body).toString('utf8')));
      } catch {
        return null;
      }
    },
  };
}

interface WireState {
  ws: string;
  filter: EventFilter;
  count: number;
  /** Written only when false (a lower-bound count), so exact tokens keep their earlier form. */
  inexact?: true;
  page_size: number;
  served: number;
  after: PageCursor;
}

function toWire(s: PageTokenState): WireState {
  const w: WireState = { ws: s.workspaceId, filter: s.filter, count: s.count, page_size: s.pageSize, served: s.served, after: s.after };
  if (!s.exact) w.inexact = true;
  return w;
}

// Signed means we wrote it, but a token from an older version of this code may still be presented;
// anything that does not look like ours is rejected rather than half-trusted.
function fromWire(raw: unknown): PageTokenState | null {
  if (!isRecord(raw) || raw.v !== VERSION) return null;
  const { ws, filter, count, inexact, page_size, served, after } = raw;
  if (inexact !== undefined && inexact !== true) return null;
  if (typeof ws !== 'string' || !isRecord(filter) || !isRecord(filter.occurred)) return null;
  if (!isCount(count) || !isCount(page_size) || !isCount(served)) return null;
  if (!isRecord(after) || typeof after.occurred !== 'string' || typeof after.id !== 'string') return null;
  return {
    workspaceId: ws,
    filter: filter as unknown as EventFilter,
    count,
    exact: inexact !== true,
    pageSize: page_size,
    served,
    after: { occurred: after.occurred, id: after.id },
  };
}

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function fromB64url(text: string): Buffer {
  return Buffer.from(text, 'base64url');
}

/** Decodes only the canonical spelling, so one token has exactly one accepted form. */
function strictB64url(text: string): Buffer | null {
  if (!text || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const bytes = fromB64url(text);
  return bytes.toString('base64url') === text ? bytes : null;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
