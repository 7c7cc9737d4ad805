// Public surface of storage: the interface, the two backends and `openStorage`.

import { join } from 'node:path';
import type { Clock } from '../clock.js';
import type { Settings } from '../config.js';
import { HeraldError } from '../errors.js';
import { SqliteStorage } from './sqlite/storage.js';
import type { SqliteSynchronous } from './sqlite/connection.js';
import type { Storage } from './storage.js';

export * from './storage.js';
export * from './automation-store.js';
export * from './webhook-store.js';
export { SqliteStorage } from './sqlite/storage.js';
// Type only: the PostgreSQL backend (and pg) is loaded lazily by openStorage.
export type { PostgresStorage, PostgresOptions } from './postgres/storage.js';
export { RetentionJob, type RetentionSettings, type RetentionLogger } from './retention.js';

export type StorageSettings = Pick<Settings, 'dataDir' | 'databaseUrl' | 'databasePoolSize'> &
  Partial<Pick<Settings, 'queryTimeout' | 'sqliteReadWorkers' | 'sqliteReaderMmapMb' | 'sqliteWriterThread'>> & {
    /** SQLite only: 'FULL' (default) or 'NORMAL' (see docs/storage.md). */
    sqliteSynchronous?: string;
  };

/**
 * PostgreSQL when `databaseUrl` is set, else the SQLite file `<dataDir>/herald.db` (directory
 * created). Migrations are NOT applied here: call `storage.migrate()` once at start-up.
 */
export async function openStorage(
  settings: StorageSettings,
  options: {
    logger?: { warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void; info?(obj: object, msg?: string): void };
    clock?: Clock;
  } = {},
): Promise<Storage> {
  if (settings.databaseUrl) {
    // Loaded lazily: an embedded (SQLite) server never loads pg.
    const { PostgresStorage } = await import('./postgres/storage.js');
    return new PostgresStorage({
      connectionString: settings.databaseUrl,
      poolSize: settings.databasePoolSize,
      queryTimeout: settings.queryTimeout,
      logger: options.logger,
    });
  }
  const synchronous = (settings.sqliteSynchronous ?? 'FULL') as SqliteSynchronous;
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
    throw new HeraldError('HERALD_ERR_CONFIG', { name: 'sqliteSynchronous (HERALD_SQLITE_SYNCHRONOUS)', reason: 'must be FULL or NORMAL' });
  }
  const reads = {
    ...(settings.sqliteReadWorkers !== undefined && { size: settings.sqliteReadWorkers }),
    ...(settings.sqliteReaderMmapMb !== undefined && { mmapBytes: settings.sqliteReaderMmapMb * 1024 * 1024 }),
    ...(settings.queryTimeout !== undefined && { budgetMs: settings.queryTimeout }),
    ...(options.clock && { clock: options.clock }),
    ...(options.logger && { logger: options.logger }),
  };
  return new SqliteStorage(join(settings.dataDir, 'herald.db'), {
    synchronous,
    reads,
    writerThread: settings.sqliteWriterThread ?? false,
    indexThread: true,
    ...(options.logger && { logger: options.logger }),
    ...(options.clock && { clock: options.clock }),
  });
}
