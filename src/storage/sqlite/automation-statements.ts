// Small helpers shared by the SQLite automation stores (automation-*.ts, automations.ts).

import type Database from 'better-sqlite3';

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

/** JSON text of a value; `undefined` is stored as null (JSON has no undefined). */
export const toJson = (value: unknown): string => JSON.stringify(value ?? null);

export const fromJson = <T>(text: string): T => JSON.parse(text) as T;

/**
 * better-sqlite3 binds JS numbers as REAL; integers (seqs, limits, counters) are bound as BigInt so
 * they are stored and compared as INTEGER.
 */
export const int = (n: number): bigint => BigInt(Math.trunc(n));
