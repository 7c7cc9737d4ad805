// The handful of expressions that differ between SQLite and PostgreSQL. Everything else about a
// filter query (which tables, which joins, same-row semantics, ordering, keyset) is written once in
// `filter.ts` / `select.ts` / `counts.ts` against this interface.

import type { Dialect } from '../storage.js';
import type { Params } from './params.js';

export interface SqlDialect {
  readonly name: Dialect;
  params(): Params;
  /** A timestamp parameter comparable with the `occurred`/`received` columns. */
  ts(p: Params, value: string): string;
  /** A column holding a timestamp, rendered as the canonical `…ffffffZ` string. */
  tsOut(expr: string): string;
  /** `expr` equals one of `values` (text). */
  inText(p: Params, expr: string, values: readonly string[]): string;
  /** (`idExpr`, `roleExpr`) equals one of the `[id, role]` pairs. */
  inPairs(p: Params, idExpr: string, roleExpr: string, pairs: readonly (readonly [string, string])[]): string;
  /** Event-id column equals one of `values`. */
  inIds(p: Params, expr: string, values: readonly string[]): string;
  /** An event-id parameter comparable with the `id` column. */
  id(p: Params, value: string): string;
  /** `expr` starts with `prefix` — literally: `%`, `_`, `*`, `?`, `[` are not wildcards ([compat D10.10]). */
  startsWith(p: Params, expr: string, prefix: string): string;
  /** `expr` (not null) matches the glob `pattern` as a whole, case-sensitively ([compat S1.4]). */
  glob(p: Params, expr: string, pattern: string): string;
  /** The string value of label `key` in the JSON object `json`, or NULL. */
  label(p: Params, json: string, key: string): string;
  /** The labels JSON of resource row `r` of event `e` (`pos` 0 = primary, n = related[n-1]). */
  resourceLabels(r: string, e: string): string;
  /**
   * The event's searchable text contains `term` (already lower-cased). `candidate`: the query is
   * driven from this term's candidates (`textCandidates`), so only the exact test is left to do.
   */
  textContains(p: Params, e: string, term: string, mode: 'include' | 'required' | 'exclude', candidate?: boolean): string;
  /**
   * A condition that is always true but lets a running query be cancelled (SQLite: `herald_live()`,
   * see sqlite/read-worker.ts), or null where the database enforces the budget itself.
   */
  liveCheck(e: string): string | null;
  /**
   * The seqs of events the label index may not cover yet (SQLite builds it behind the write from a
   * cursor, sqlite/deferred-indexes.ts), as a subquery; null where it is written with the event.
   */
  labelIndexTail(): string | null;
  /** The label index's table (SQLite: in the index file, sqlite/index-file.ts). */
  labelTable: string;
  /**
   * The seqs of the events whose text may contain `term` (SQLite: the trigram index's candidates
   * plus the events it does not cover yet), as a subquery a count can be driven from (sql/plan.ts);
   * null where the database picks that plan itself or the term is too short for the index.
   */
  textCandidates(p: Params, term: string): string | null;
  /**
   * `table` for a FROM clause, to be read only by primary key: its rows come from an IN list on
   * the key (the label index, sql/plan.ts). SQLite's planner, which has no statistics, would
   * otherwise scan a time-range index and probe the list; PostgreSQL's needs no hint.
   */
  byKeyOnly(table: string): string;
  /** `expr` for ORDER BY in byte (code point) order, whatever the database's default collation. */
  binaryOrder(expr: string): string;
  /**
   * Time buckets in two steps, so the per-row part stays cheap: `key(occurred)` is computed for every
   * row and grouped on; `index(key)` turns one group's key into floor((occurred − pivot) / width).
   */
  bucket(p: Params, widthMicros: number, pivot: string): { key(occurred: string): string; index(key: string): string };
}
