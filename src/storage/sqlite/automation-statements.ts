// Small helpers shared by the SQLite automation stores (automation-*.ts, automations.ts), and the
// SQLite side of the shared automation SQL (sql/automation-dialect.ts).

import type Database from 'better-sqlite3';
import { type AutomationDialect, bareName } from '../sql/automation-dialect.js';
import { int } from './connection.js';

/**
 * Prepares each SQL text once, on first use: the tables exist only after migrate(), and a store is
 * built with the Storage, before that.
 */
export class StatementCache {
  readonly #db: Database.Database;
  readonly #cache = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  get(sql: string): Database.Statement {
    let statement = this.#cache.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#cache.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn` in one IMMEDIATE transaction on this connection. */
  transaction(fn: () => void): void {
    this.#db.transaction(fn).immediate();
  }
}

export { toJson } from '../sql/automation-dialect.js';
export { int } from './connection.js';

export const fromJson = <T>(text: string): T => JSON.parse(text) as T;

/** A column as itself, or `expr AS as` when the name differs. */
const named = (expr: string, as: string): string => (expr === as ? expr : `${expr} AS ${as}`);

/** Timestamps are stored as canonical text, ids as text, JSON as text, booleans as 0/1. */
export const sqliteAutomationDialect: AutomationDialect = {
  name: 'sqlite',
  sql: (text) => text,
  jsonParam: '?',
  tsParam: '?',
  true: '1',
  false: '0',
  tsCol: (column, as = bareName(column)) => named(column, as),
  wsCol: (column, as = bareName(column)) => named(column, as),
  inTextList: (expr) => `${expr} IN (SELECT value FROM json_each(?))`,
  textList: (values) => JSON.stringify(values),
  fromJson: <T>(value: unknown) => fromJson<T>(value as string),
  bool: (value) => (value ? 1 : 0),
  int,
  text: (value) => value,
};
