// SQLite readers map the database file (HERALD_SQLITE_MMAP_MB, docs/storage.md "Readers map the
// file"): the setting reaches every reader thread's connection, 0 turns it off, and the default asks
// for 2 GiB, which SQLite caps at its build's limit.

import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { openStorage } from '../../src/storage/index.js';
import type { SqliteStorage } from '../../src/storage/sqlite/storage.js';
import { tempDir } from '../helpers/tmp.js';

describe('SQLite readers map the file', () => {
  const opened: { storage: SqliteStorage; dir: { remove(): void } }[] = [];
  afterEach(async () => {
    for (const { storage, dir } of opened.splice(0)) {
      await storage.close();
      dir.remove();
    }
  });

  /** What `PRAGMA mmap_size` says on a reader thread of a store opened with these settings. */
  async function readerMmap(env: Record<string, string>): Promise<number> {
    const dir = tempDir('herald-mmap-');
    const storage = (await openStorage(loadSettings({ dataDir: dir.path }, env))) as SqliteStorage;
    opened.push({ storage, dir });
    await storage.migrate();
    const [[row]] = await storage.readPool!.run([{ sql: 'PRAGMA mmap_size', params: {} }]);
    return Number((row as { mmap_size: number }).mmap_size);
  }

  it('applies HERALD_SQLITE_MMAP_MB to the readers, and 0 turns it off', async () => {
    expect(await readerMmap({ HERALD_SQLITE_MMAP_MB: '64' })).toBe(64 * 1024 * 1024);
    expect(await readerMmap({ HERALD_SQLITE_MMAP_MB: '0' })).toBe(0);
  });

  it('maps as much as SQLite allows by default', async () => {
    const bytes = await readerMmap({});
    expect(bytes).toBeGreaterThan(2_000_000_000);
    expect(bytes).toBeLessThanOrEqual(2048 * 1024 * 1024);
  });

  it('refuses a negative size with the setting named', () => {
    expect(() => loadSettings({}, { HERALD_SQLITE_MMAP_MB: '-1' })).toThrow(/HERALD_SQLITE_MMAP_MB/);
  });
});
