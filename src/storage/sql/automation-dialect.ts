// What differs between SQLite and PostgreSQL for the automation tables (automations, relations,
// destinations, engine state, firings, outbox): placeholders and casts, boolean and timestamp
// spelling, how JSON columns come back, and how values are bound. The SQL text, row types and
// row ⇄ model mappers are written once against this interface (automation-sql.ts,
// automation-rows.ts); each backend keeps only how it executes (synchronous better-sqlite3
// statements vs pg's pool and transactions) and the statements whose shape really differs
// (PostgreSQL's set-based engine commit and SKIP LOCKED pruning).

import type { Dialect } from '../storage.js';

export interface AutomationDialect {
  readonly name: Dialect;
  /** The shared text's `?` placeholders in this dialect (SQLite: as written; PostgreSQL: `$1`, `$2`, …). */
  sql(text: string): string;
  /** A placeholder for a json column (`?`, `?::json`). */
  readonly jsonParam: string;
  /** A placeholder compared with a timestamp column (`?`, `?::timestamptz`). */
  readonly tsParam: string;
  /** Boolean literals as stored (`1`/`0`, `true`/`false`). */
  readonly true: string;
  readonly false: string;
  /** A timestamp column rendered as Herald's canonical text (microseconds kept), named `as`. */
  tsCol(column: string, as?: string): string;
  /** A workspace id column (PostgreSQL: uuid) as text, named `as`. */
  wsCol(column: string, as?: string): string;
  /** `expr` equals one of the texts bound by `textList` (one parameter, however long the list). */
  inTextList(expr: string): string;
  textList(values: readonly string[]): unknown;

  // Values
  /** A JSON column as read: SQLite returns its text (parsed here), PostgreSQL the parsed value. */
  fromJson<T>(value: unknown): T;
  /** A boolean parameter. */
  bool(value: boolean): unknown;
  /** An integer parameter (seqs, limits, counters). */
  int(value: number): unknown;
  /** A free-form text parameter (names, error messages). */
  text<T extends string | null>(value: T): T;
}

/** The column named as the last part of `column` (`o.created` → `created`). */
export const bareName = (column: string): string => column.replace(/^\w+\./, '');

/** `?` → `$1`, `$2`, … (the automation SQL has no `?` anywhere else). */
export const numbered = (text: string): string => {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
};

/** JSON text for a json parameter; `undefined` is stored as null (JSON has no undefined). */
export const toJson = (value: unknown): string => JSON.stringify(value ?? null);
