// Free-text search of events ([compat S2.5] `text.query`). One definition of the searched text,
// `searchableText`, serves both the in-memory predicate and storage (which indexes the same string at
// insert time), so queries and live streams agree by construction.

import type { Event } from './types.js';

export interface TextQuery {
  /** OR-ed: at least one must occur (when any are given). */
  include: string[];
  /** Each must be absent. */
  exclude: string[];
  /** Each must occur. */
  required: string[];
}

export const MAX_TEXT_QUERY_LENGTH = 200;

function isSpace(c: string): boolean {
  return /\s/.test(c);
}

/**
 * Parses a query like Prefect's `parse_text_search_query`: whitespace-separated terms, `"quoted
 * phrases"` (with `\"` and `\\` escapes; an unterminated quote runs to the end), prefix `-` or `!`
 * excludes, `+` requires, a prefix followed by whitespace (or the end) is ignored, a term ends at
 * whitespace or a quote. Terms are lower-cased (matching is case-insensitive).
 */
export function parseTextQuery(query: string): TextQuery {
  const result: TextQuery = { include: [], exclude: [], required: [] };
  const n = query.length;
  const add = (prefix: string | null, term: string) => {
    const t = term.toLowerCase();
    if (prefix === '-' || prefix === '!') result.exclude.push(t);
    else if (prefix === '+') result.required.push(t);
    else result.include.push(t);
  };
  let i = 0;
  while (i < n) {
    if (isSpace(query[i])) {
      i++;
      continue;
    }
    let prefix: string | null = null;
    const c = query[i];
    if (c === '-' || c === '!' || c === '+') {
      i++;
      if (i < n && !isSpace(query[i])) prefix = c;
      else continue;
    }
    if (i < n && query[i] === '"') {
      i++;
      const start = i;
      while (i < n) {
        if (query[i] === '\\' && i + 1 < n) i += 2;
        else if (query[i] === '"') break;
        else i++;
      }
      const phrase = unescapePhrase(query.slice(start, i));
      if (i < n) i++;
      if (phrase.trim()) add(prefix, phrase);
      continue;
    }
    const start = i;
    while (i < n && !isSpace(query[i]) && query[i] !== '"') i++;
    const term = query.slice(start, i);
    if (term) add(prefix, term);
  }
  return result;
}

function unescapePhrase(phrase: string): string {
  let out = '';
  for (let i = 0; i < phrase.length; i++) {
    const c = phrase[i];
    if (c === '\\' && i + 1 < phrase.length && (phrase[i + 1] === '"' || phrase[i + 1] === '\\')) {
      out += phrase[i + 1];
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * The text a query searches, lower-cased: the event name, then every label VALUE of the primary
 * resource and of each related resource (in order), then the payload as compact JSON — joined by
 * newlines so a phrase cannot match across two fields. Label names are not searched (Prefect's
 * in-memory matcher does the same; its SQL also searched the resource JSON's keys — we chose values
 * only so both paths agree).
 */
export function searchableText(event: Pick<Event, 'event' | 'resource' | 'related' | 'payload'>): string {
  return searchableTextWith(event, JSON.stringify(event.payload ?? {}));
}

/**
 * `searchableText` with the payload already serialized as `JSON.stringify` writes it — as storage
 * keeps it, so building the text index does not parse a stored payload only to serialize it again.
 */
export function searchableTextWith(event: Pick<Event, 'event' | 'resource' | 'related'>, payloadJson: string): string {
  const parts: string[] = [event.event];
  for (const k in event.resource) parts.push(event.resource[k]);
  for (const r of event.related) for (const k in r) parts.push(r[k]);
  parts.push(payloadJson === 'null' ? '{}' : payloadJson);
  return parts.join('\n').toLowerCase();
}

/** Whether `searchable` (from `searchableText`) satisfies the parsed query. An empty query matches. */
export function textMatches(q: TextQuery, searchable: string): boolean {
  for (const t of q.exclude) if (searchable.includes(t)) return false;
  for (const t of q.required) if (!searchable.includes(t)) return false;
  if (q.include.length === 0) return true;
  for (const t of q.include) if (searchable.includes(t)) return true;
  return false;
}
