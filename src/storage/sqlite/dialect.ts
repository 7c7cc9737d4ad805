// SQLite expressions for the shared filter compiler.
// Globs: SQLite's GLOB differs from fnmatch (`[^…]` vs `[!…]`, class corner cases) and LIKE is
// case-insensitive, so label globs call `herald_glob(pattern, value)`, a deterministic function
// registered on the connection (connection.ts) that runs src/events' `globMatch` — the one glob
// definition, so SQL and the in-memory predicate cannot disagree. Prefixes stay native (`GLOB
// 'escaped*'`, which SQLite turns into an index range on a BINARY column).

import { timestampToMicros } from '../../events/index.js';
import type { SqlDialect } from '../sql/dialect.js';
import { Params } from '../sql/params.js';

/** Escapes GLOB's special characters so they match literally (`[*]`, `[?]`, `[[]`). */
export function escapeGlob(s: string): string {
  return s.replace(/[*?[]/g, (c) => `[${c}]`);
}

// Keys safe inside a `$."…"` JSON path; anything else is looked up through json_each.
const SIMPLE_KEY = /^[A-Za-z0-9 _.:/@#+-]*$/;

// Terms this short (or with GLOB metacharacters) give the trigram index nothing to look up: they
// are checked per candidate event instead of driving the query.
const isIndexableTerm = (t: string): boolean => Array.from(t).length >= 3 && !/[*?[\]]/.test(t);

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
  glob: (p, expr, pattern) => `herald_glob(${p.add(pattern)}, ${expr})`,
  label: (p, json, key) =>
    SIMPLE_KEY.test(key)
      ? `(${json} ->> ${p.add(`$."${key}"`)})`
      : `(SELECT j.value FROM json_each(${json}) j WHERE j.key = ${p.add(key)})`,
  resourceLabels: (r, e) => `(CASE WHEN ${r}.pos = 0 THEN ${e}.resource ELSE ${e}.related -> ('$[' || (${r}.pos - 1) || ']') END)`,
  textContains: (p, e, term, mode) => {
    const pattern = p.add(`*${escapeGlob(term)}*`);
    const probe = `(SELECT 1 FROM events_fts f WHERE f.rowid = ${e}.seq AND f.search GLOB ${pattern})`;
    if (mode === 'exclude') return `NOT EXISTS ${probe}`;
    if (isIndexableTerm(term)) return `${e}.seq IN (SELECT rowid FROM events_fts WHERE search GLOB ${pattern})`;
    return `EXISTS ${probe}`;
  },
  // Called for one row in 1024 (by rowid), so the check costs a bitwise test per row, not a call
  // into JavaScript; it comes before the filter's own tests so rows they reject are counted too.
  liveCheck: (e) => `((${e}.seq & 1023) <> 0 OR herald_live())`,
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
