// UUIDs as pydantic accepts them (any version; hyphenated, 32 hex digits, `{hyphenated}` or `urn:uuid:…`),
// canonicalised to lower-case hyphenated so ids compare as plain strings everywhere ([compat S1.1]).

import { issue, type Loc, type ValidationIssue } from './issues.js';

export type UuidParse = { ok: true; uuid: string } | { ok: false; error: string };

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HYPHENATED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SIMPLE = /^[0-9a-fA-F]{32}$/;
const HEX_OR_HYPHEN = /[^0-9a-fA-F-]/;

/** Canonical (lower-case, hyphenated) form of a UUID string, or the reason it is not one. */
export function parseUuid(s: string): UuidParse {
  if (s.length === 36 && CANONICAL.test(s)) return { ok: true, uuid: s };
  let body = s;
  let braced = false;
  if (s.startsWith('urn:uuid:')) body = s.slice(9);
  else if (s.length >= 2 && s[0] === '{' && s[s.length - 1] === '}') {
    body = s.slice(1, -1);
    braced = true;
  }
  if (body.length === 36 && HYPHENATED.test(body)) return { ok: true, uuid: body.toLowerCase() };
  if (!braced && body.length === 32 && SIMPLE.test(body)) {
    const h = body.toLowerCase();
    return { ok: true, uuid: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` };
  }
  // Error texts follow the Rust `uuid` crate, which pydantic reports in `ctx.error`.
  const bad = HEX_OR_HYPHEN.exec(body);
  if (bad) return { ok: false, error: `invalid character: found \`${bad[0]}\` at ${bad.index + 1}` };
  if (!braced && !body.includes('-'))
    return { ok: false, error: `invalid length: expected length 32 for simple format, found ${body.length}` };
  const groups = body.split('-');
  if (groups.length !== 5) return { ok: false, error: `invalid group count: expected 5, found ${groups.length}` };
  const expected = [8, 4, 4, 4, 12];
  for (let g = 0; g < 5; g++) {
    if (groups[g].length !== expected[g]) {
      return { ok: false, error: `invalid group length in group ${g}: expected ${expected[g]}, found ${groups[g].length}` };
    }
  }
  return { ok: false, error: 'invalid UUID' };
}

/** Canonical UUID or null. */
export function canonicalUuid(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const r = parseUuid(input);
  return r.ok ? r.uuid : null;
}

/** Validates one UUID field; pushes a pydantic-style issue and returns null when invalid. */
export function validateUuidField(input: unknown, loc: Loc, issues: ValidationIssue[]): string | null {
  if (typeof input !== 'string') {
    issues.push(issue(loc, 'uuid_type', 'UUID input should be a string, bytes or UUID object', input));
    return null;
  }
  const r = parseUuid(input);
  if (r.ok) return r.uuid;
  issues.push(issue(loc, 'uuid_parsing', `Input should be a valid UUID, ${r.error}`, input, { error: r.error }));
  return null;
}
