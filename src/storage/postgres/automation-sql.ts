// Small helpers shared by the PostgreSQL automation stores (automation-*.ts, automations.ts), and
// the PostgreSQL side of the shared automation SQL (sql/automation-dialect.ts).

import type pg from 'pg';
import { type AutomationDialect, bareName, numbered } from '../sql/automation-dialect.js';
import { postgresDialect } from './dialect.js';

/** A timestamptz column rendered as Herald's canonical text (microseconds kept), named `as`. */
export const tsCol = (column: string, as = bareName(column)): string => `${postgresDialect.tsOut(column)} AS ${as}`;

export { toJson } from '../sql/automation-dialect.js';

/**
 * PostgreSQL text cannot hold U+0000. Free-form text columns (names, error messages) drop it rather
 * than failing the write; JSON columns keep it escaped, so JSON round-trips exactly.
 */
export const pgText = <T extends string | null>(s: T): T => (s?.includes('\0') ? (s.replaceAll('\0', '') as T) : s);

/** json columns come back parsed; booleans are booleans; workspace ids are uuid (read as text). */
export const postgresAutomationDialect: AutomationDialect = {
  name: 'postgres',
  sql: numbered,
  jsonParam: '?::json',
  tsParam: '?::timestamptz',
  true: 'true',
  false: 'false',
  tsCol,
  wsCol: (column, as = bareName(column)) => `${column}::text AS ${as}`,
  inTextList: (expr) => `${expr} = ANY(?::text[])`,
  textList: (values) => values,
  fromJson: <T>(value: unknown) => value as T,
  bool: (value) => value,
  int: (value) => Math.floor(value),
  text: pgText,
};

export type Queryable = Pick<pg.PoolClient, 'query'>;

/** Runs `fn` in BEGIN … COMMIT on one pooled client; ROLLBACK (and rethrow) on any error. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A failed ROLLBACK means the connection itself is gone: release it as broken, not back to the pool.
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

/** One JSON array per field picked from each item (the parameters of ROWS FROM). */
export function jsonColumns<T>(items: readonly T[], ...pick: ((item: T) => unknown)[]): string[] {
  return pick.map((p) => JSON.stringify(items.map((item) => p(item) ?? null)));
}
