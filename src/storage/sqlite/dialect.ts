// SQLite expressions for the shared filter compiler.
// Globs: SQLite's GLOB differs from fnmatch (`[^…]` vs `[!…]`, class corner cases) and LIKE is
// case-insensitive, so label globs call `herald_glob(pattern, value)`, a deterministic function
// registered on the connection (connection.ts) that runs src/events' `globMatch` — the one glob
// definition, so SQL and the in-memory predicate cannot disagree — unless the pattern is literals and
// `*` only, which SQLite's GLOB reads the same way (`nativeGlob`). Prefixes stay native (`GLOB
// 'escaped*'`, which SQLite turns into an index range on a BINARY column).

import { parseGlob, timestampToMicros } from '../../events/index.js';
import type { SqlDialect } from '../sql/dialect.js';
import { Params } from '../sql/params.js';

/** Escapes GLOB's special characters so they match literally (`[*]`, `[?]`, `[[]`). */
export function escapeGlob(s: string): string {
  return s.replace(/[*?[]/g, (c) => `[${c}]`);
}

// Keys safe inside a `$."…"` JSON path; anything else is looked up through json_each.
const SIMPLE_KEY = /^[A-Za-z0-9 _.:/@#+-]*$/;

// A term shorter than a trigram gives the index nothing to look up: it is checked per candidate event.
const isIndexableTerm = (t: string): boolean => Array.from(t).length >= 3;

/**
 * The FTS5 query "every trigram of `term` is present" (each trigram a quoted one-token string, `"`
 * doubled). With `detail=none` FTS5 answers it from the index alone, without reading any document:
 * a superset of the events containing `term`, which the caller narrows with the exact test.
 */
export function trigramQuery(term: string): string {
  const chars = Array.from(term);
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
  return [...grams].map((g) => `"${g.replaceAll('"', '""')}"`).join(' AND ');
}

/**
 * The exact test of one event's searchable text, read by rowid from the text index's content table
 * (FTS5's `idx.events_fts_content`, `c0` = the `search` column: part of the file format). Read there, not
 * through the virtual table: FTS5's rowid lookup costs twice as much (19,987 candidates at 2 M events:
 * 88 vs 50 ms), and a GLOB handed to FTS5 as a constraint would run the whole pattern query over the
 * index for every probe (about 1 ms each).
 */
const searchTextOf = (e: string): string => `(SELECT f.c0 FROM idx.events_fts_content f WHERE f.id = ${e}.seq)`;

/** Through which seq an index built behind the write is complete (sqlite/deferred-indexes.ts); one lookup per statement. */
const indexedThrough = (name: string): string => `(SELECT c.seq FROM idx.index_cursors c WHERE c.name = '${name}')`;

/**
 * The event's searchable text: from the text index, or — for an event it does not cover yet —
 * computed from the event itself (`herald_search_text`, the same searchableText).
 */
const searchableTextOf = (e: string): string =>
  `(CASE WHEN ${e}.seq > ${indexedThrough('events_fts')} THEN herald_search_text(${e}.event, ${e}.resource, ${e}.related, ${e}.payload) ELSE ${searchTextOf(e)} END)`;

/**
 * A label glob made only of literals and `*` means the same to SQLite's GLOB (escaped) as to
 * src/events' `globMatch`, and is evaluated natively instead of calling into JavaScript per row;
 * `?` (SQLite counts characters differently for unpaired surrogates) and classes keep
 * `herald_glob`, and so does a pattern holding NUL (SQLite's GLOB stops at it; stored labels never
 * hold one, validation refuses it). Null when the pattern needs `herald_glob`.
 */
export function nativeGlob(pattern: string): { op: '=' | 'GLOB'; operand: string } | null {
  if (pattern.includes('\u0000')) return null;
  const tokens = parseGlob(pattern);
  if (!tokens.every((t) => t.type === 'literal' || t.type === 'star')) return null;
  if (tokens.length <= 1 && tokens.every((t) => t.type === 'literal')) return { op: '=', operand: pattern };
  return { op: 'GLOB', operand: tokens.map((t) => (t.type === 'literal' ? escapeGlob(t.value) : '*')).join('') };
}

/** Seqs of the events that may contain `term`: the trigram index's candidates, and every event it does not cover yet. */
const textCandidatesSql = (p: Params, term: string): string =>
  `SELECT rowid FROM idx.events_fts WHERE events_fts MATCH ${p.add(trigramQuery(term))} ` +
  `UNION ALL SELECT t.seq FROM events t WHERE t.seq > ${indexedThrough('events_fts')}`;

/** occurred (canonical text) → microseconds since the epoch, exact (int64). */
const micros = (expr: string): string => `(unixepoch(substr(${expr}, 1, 19)) * 1000000 + CAST(substr(${expr}, 21, 6) AS INTEGER))`;

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  params: () => new Params('named'),
  ts: (p, value) => p.add(value),
  tsOut: (expr) => expr,
  inText: (p, expr, values) => `${expr} IN (SELECT value FROM json_each(${p.add(JSON.stringify(values))}))`,
  // Stored ids are canonical (lower-case); filter ids compare case-insensitively, as in src/events.
  inIds: (p, expr, values) => `${expr} IN (SELECT value FROM json_each(${p.add(JSON.stringify(values.map((v) => v.toLowerCase())))}))`,
  inPairs: (p, idExpr, roleExpr, pairs) =>
    `EXISTS (SELECT 1 FROM json_each(${p.add(JSON.stringify(pairs))}) j WHERE j.value ->> 0 = ${idExpr} AND j.value ->> 1 = ${roleExpr})`,
  id: (p, value) => p.add(value),
  startsWith: (p, expr, prefix) => `${expr} GLOB ${p.add(escapeGlob(prefix) + '*')}`,
  glob: (p, expr, pattern) => {
    const native = nativeGlob(pattern);
    return native ? `${expr} ${native.op} ${p.add(native.operand)}` : `herald_glob(${p.add(pattern)}, ${expr})`;
  },
  label: (p, json, key) =>
    SIMPLE_KEY.test(key)
      ? `(${json} ->> ${p.add(`$."${key}"`)})`
      : `(SELECT j.value FROM json_each(${json}) j WHERE j.key = ${p.add(key)})`,
  resourceLabels: (r, e) => `(CASE WHEN ${r}.pos = 0 THEN ${e}.resource ELSE ${e}.related -> ('$[' || (${r}.pos - 1) || ']') END)`,
  // Indexable terms: candidates from the trigram index alone (no document read), then the exact test
  // on the candidates the other criteria leave. `search GLOB '*term*'` as the driving query read and
  // tested every document containing the term in the whole history (245 ms median for the 24 h page
  // at 2 M events, 14 ms now: docs/storage.md "Text search"). A missing text row (never: it is written with its event)
  // reads as NULL: no match for an included term, no exclusion for an excluded one.
  textContains: (p, e, term, mode, candidate) => {
    const exact = `${searchableTextOf(e)} GLOB ${p.add(`*${escapeGlob(term)}*`)}`;
    if (mode === 'exclude') return `NOT coalesce(${exact}, 0)`;
    if (!isIndexableTerm(term) || candidate) return exact;
    // One IN list with the unindexed tail in it, not `IN (…) OR seq > cursor`: the OR was tested on
    // every row the list rejects (24 h text count at 2 M events: 54 → 47 ms).
    return `(${e}.seq IN (${textCandidatesSql(p, term)}) AND ${exact})`;
  },
  // Called for one row in 1024 (by rowid), so the check costs a bitwise test per row, not a call
  // into JavaScript; it comes before the filter's own tests so rows they reject are counted too.
  liveCheck: (e) => `((${e}.seq & 1023) <> 0 OR herald_live())`,
  labelTable: 'idx.event_labels',
  labelIndexTail: () => `SELECT t.seq FROM events t WHERE t.seq > ${indexedThrough('event_labels')}`,
  textCandidates: (p, term) => (isIndexableTerm(term) ? textCandidatesSql(p, term) : null),
  byKeyOnly: (table) => `${table} NOT INDEXED`, // the rowid stays usable: exactly the IN list's lookups
  binaryOrder: (expr) => expr, // BINARY is SQLite's default collation
  // The key is the bucket index itself. Used only where counting bucket by bucket does not apply
  // (sql/buckets.ts): the timestamp parse per row is what that plan avoids.
  bucket: (p, widthMicros, pivot) => ({
    key(occurred) {
      const d = `(${micros(occurred)} - ${p.add(timestampToMicros(pivot))})`;
      if (Number.isInteger(widthMicros)) {
        const w = p.add(widthMicros);
        // Integer division truncates toward zero; floor it for times before the pivot.
        return `(CASE WHEN ${d} >= 0 THEN ${d} / ${w} ELSE -((-${d} + ${w} - 1) / ${w}) END)`;
      }
      return `CAST(floor(${d} / ${p.add(widthMicros)}) AS INTEGER)`;
    },
    index: (key) => key,
  }),
};
