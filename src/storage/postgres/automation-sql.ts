// Small helpers shared by the PostgreSQL automation stores (automation-*.ts, automations.ts).

import type pg from 'pg';
import { postgresDialect } from './dialect.js';

/** A timestamptz column rendered as Herald's canonical text (microseconds kept), named `as`. */
export const tsCol = (column: string, as = column.replace(/^\w+\./, '')): string => `${postgresDialect.tsOut(column)} AS ${as}`;

/** JSON text for a json parameter; `undefined` is stored as null (JSON has no undefined). */
export const toJson = (value: unknown): string => JSON.stringify(value ?? null);

/**
 * PostgreSQL text cannot hold U+0000. Free-form text columns (names, error messages) drop it rather
 * than failing the write; JSON columns keep it escaped, so JSON round-trips exactly.
 */
export const pgText = <T extends string | null>(s: T): T => (s !== null && s.includes('\0') ? (s.replaceAll('\0', '') as T) : s);

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
