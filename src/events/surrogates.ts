// Lone UTF-16 surrogates ("\ud800" in JSON) in an event. JavaScript strings may hold them, UTF-8 cannot:
// SQLite stores them as invalid UTF-8 that reads back as U+FFFD and PostgreSQL refuses them, so what
// was acknowledged would differ from what is stored. The validator rejects them anywhere in an event.
//
// Cheap on the hot path: the validator already serialises each event for its size check, and
// JSON.stringify writes a lone surrogate — and only a lone one — as the escape `\udXXX`; a valid pair
// is written raw. So one substring search of that JSON decides; the walk that names the field runs
// only when it finds something.

import { valueError, type Loc, type ValidationIssue } from './issues.js';
import type { Event } from './types.js';

const MESSAGE = 'must not contain a lone UTF-16 surrogate (\\ud800-\\udfff): it has no UTF-8 encoding';
/** An escape `\udXXX` (surrogate range) preceded by an even number of backslashes, i.e. a real escape. */
const LONE_ESCAPE = /(?<!\\)(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/;
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether `json` (JSON.stringify output) carries a lone surrogate. */
export function jsonHasLoneSurrogate(json: string): boolean {
  return json.includes('\\ud') && LONE_ESCAPE.test(json);
}

export function hasLoneSurrogate(s: string): boolean {
  return LONE.test(s);
}

/** One issue per string (value or key) of `event` holding a lone surrogate; `loc` prefixes each. */
export function loneSurrogateIssues(event: Event, loc: Loc): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const check = (value: unknown, at: Loc) => {
    if (typeof value === 'string' && hasLoneSurrogate(value)) issues.push(valueError([...loc, ...at], value, MESSAGE));
  };
  check(event.event, ['event']);
  walk(event.resource, ['resource'], check);
  event.related.forEach((r, i) => walk(r, ['related', i], check));
  walk(event.payload, ['payload'], check);
  return issues;
}

/** Iterative: calls `check` on every key (at the key's own path) and every string value. */
function walk(root: unknown, rootLoc: Loc, check: (value: unknown, at: Loc) => void): void {
  const stack: { value: unknown; at: Loc }[] = [{ value: root, at: rootLoc }];
  while (stack.length > 0) {
    const { value, at } = stack.pop()!;
    if (typeof value === 'string') check(value, at);
    else if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, at: [...at, i] }));
    else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) {
        check(key, [...at, key]);
        stack.push({ value: (value as Record<string, unknown>)[key], at: [...at, key] });
      }
    }
  }
}
