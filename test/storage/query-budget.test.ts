// No single query may stall the process (issue #9.2): SQLite event queries run on reader threads
// with a time budget on the injected clock; PostgreSQL's reading connections carry statement_timeout.

import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { isHeraldError } from '../../src/errors.js';
import { PostgresStorage, queryWithinBudget } from '../../src/storage/postgres/storage.js';
import { SqliteStorage } from '../../src/storage/sqlite/storage.js';
import { createTestDatabase } from '../helpers/pg.js';
import { makeEvent, postEvents, startTestServer, type TestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import { makeEvent as storedEvent } from './fixtures.js';

// Never ends by itself; `herald_live()` in its loop lets the reader abandon it when told to.
const ENDLESS_CANCELLABLE =
  'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE herald_live()) SELECT count(*) AS n FROM c';
// A plan that never calls `herald_live()`: cancelling cannot reach it, only replacing its thread.
const LONG_DEAF = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000000) SELECT count(*) AS n FROM c';

/** Settles the promise without an unhandled rejection; reads the outcome later. */
function outcome<T>(p: Promise<T>): { settled(): boolean; result: Promise<{ ok: true; value: T } | { ok: false; err: unknown }> } {
  let done = false;
  const result = p.then(
    (value) => ({ ok: true as const, value }),
    (err: unknown) => ({ ok: false as const, err }),
  );
  void result.then(() => (done = true));
  return { settled: () => done, result };
}

describe('query time budget (SQLite)', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('keeps /health answering while a query runs, then cancels it at the budget with a clear 503', async () => {
    const clock = new FakeClock(new Date('2026-03-01T00:00:00Z'));
    t = await startTestServer({ clock, observeIngest: true, settings: { queryTimeout: 10_000, sqliteReadWorkers: 1 } });
    const posting = postEvents(t, [makeEvent({ occurred: '2026-03-01T00:00:00.000000Z' })]);
    await t.nextIngest();
    clock.advance(t.settings.writerMaxDelay); // the group commit's batching delay
    const posted = await posting;
    expect(posted.status).toBe(204);
    const pool = (t.storage as SqliteStorage).readPool!;

    const endless = outcome(pool.run([{ sql: ENDLESS_CANCELLABLE, params: {} }]));
    // The one reader is busy: an HTTP query waits in line, inside its own budget — its page and its
    // count, which a first page runs side by side (services/events.ts).
    const page = fetch(`${t.url}/events/filter`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await vi.waitFor(() => expect(pool.state.queued).toBe(2));
    for (let i = 0; i < 5; i++) {
      const health = await fetch(`${t.url}/health`);
      expect(health.status).toBe(200);
    }
    expect(endless.settled()).toBe(false);

    clock.advance(10_000);
    const cancelled = await endless.result;
    expect(cancelled.ok).toBe(false);
    expect(isHeraldError((cancelled as { err: unknown }).err, 'HERALD_ERR_QUERY_TIMEOUT')).toBe(true);
    const res = await page;
    expect(res.status).toBe(503);
    const body = (await res.json()) as { code: string; detail: string };
    expect(body.code).toBe('HERALD_ERR_QUERY_TIMEOUT');
    expect(body.detail).toContain('time budget of 10 s');
    expect(body.detail).toContain('HERALD_QUERY_TIMEOUT');

    // The reader abandoned the endless statement and serves the next query.
    const after = await fetch(`${t.url}/events/filter`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(after.status).toBe(200);
    expect(((await after.json()) as { total: number }).total).toBe(1);
    expect(pool.state).toEqual({ readers: 1, lingering: 0, queued: 0 });
  });
});

describe('SqliteReadPool', () => {
  const dirs: { remove(): void }[] = [];
  const stores: SqliteStorage[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) d.remove();
  });

  async function open(clock: FakeClock, size: number): Promise<SqliteStorage> {
    const dir = tempDir('herald-reads-');
    dirs.push(dir);
    const s = new SqliteStorage(join(dir.path, 'herald.db'), { reads: { size, budgetMs: 1_000, clock } });
    stores.push(s);
    await s.migrate();
    return s;
  }

  it('replaces a reader that cannot be cancelled, and keeps serving meanwhile', async () => {
    const clock = new FakeClock();
    const pool = (await open(clock, 1)).readPool!;
    const deaf = outcome(pool.run([{ sql: LONG_DEAF, params: {} }]));
    clock.advance(1_000);
    const first = await deaf.result;
    expect(first.ok === false && isHeraldError(first.err, 'HERALD_ERR_QUERY_TIMEOUT')).toBe(true);
    // Still running native code after the grace period: its thread is set aside, a new one serves.
    clock.advance(5_000);
    expect(pool.state.lingering).toBe(1);
    const rows = await pool.run([{ sql: 'SELECT 41 + 1 AS n', params: {} }]);
    expect(rows).toEqual([[{ n: 42 }]]);
    expect(pool.state.readers).toBe(1);
  });

  it('serves urgent jobs (the rows of a page) before the counts queued ahead of them, in order among themselves', async () => {
    const pool = (await open(new FakeClock(), 1)).readPool!;
    const busy = pool.run([{ sql: LONG_DEAF, params: {} }]); // holds the one reader while the others queue
    const done: string[] = [];
    const job = (name: string, urgent: boolean) =>
      pool.run([{ sql: `SELECT '${name}' AS n`, params: {} }], { urgent }).then(() => done.push(name));
    const all = [job('count-1', false), job('count-2', false), job('page-1', true), job('page-2', true)];
    expect(pool.state.queued).toBe(4);
    await busy;
    await Promise.all(all);
    expect(done).toEqual(['page-1', 'page-2', 'count-1', 'count-2']);
  });

  it('runs the statements of one job on one snapshot and reports SQL errors as storage errors', async () => {
    const s = await open(new FakeClock(), 2);
    const pool = s.readPool!;
    const rows = await pool.run([
      { sql: 'SELECT count(*) AS n FROM events', params: {} },
      { sql: 'SELECT @a + 1 AS n', params: { a: 1n } },
    ]);
    expect(rows).toEqual([[{ n: 0 }], [{ n: 2 }]]);
    const err = await pool.run([{ sql: 'SELECT * FROM no_such_table', params: {} }]).catch((e: unknown) => e);
    expect(isHeraldError(err, 'HERALD_ERR_STORAGE')).toBe(true);
    // A reader refuses to write, whatever SQL reaches it.
    const write = await pool.run([{ sql: "INSERT INTO workspaces (id) VALUES ('x')", params: {} }]).catch((e: unknown) => e);
    expect(isHeraldError(write, 'HERALD_ERR_STORAGE')).toBe(true);
    expect(s.database.prepare("SELECT count(*) AS n FROM workspaces WHERE id = 'x'").get()).toEqual({ n: 0 });
  });
});

describe('planner statistics (SQLite)', () => {
  it('are gathered as the events table grows, not only when the file is opened', async () => {
    const dir = tempDir('herald-stats-');
    const s = new SqliteStorage(join(dir.path, 'herald.db'), { reads: { clock: new FakeClock() } });
    try {
      await s.migrate();
      const analysed = () =>
        s.database.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get()
          ? (s.database.prepare("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'events'").pluck().get() as number)
          : 0;
      const batch = (n: number) => Array.from({ length: n }, () => storedEvent());
      await s.events.insertEvents('default', batch(999));
      expect(analysed()).toBe(0);
      await s.events.insertEvents('default', batch(1));
      expect(analysed()).toBeGreaterThan(0);
    } finally {
      await s.close();
      dir.remove();
    }
  });
});

describe('query time budget (PostgreSQL)', () => {
  it('sets statement_timeout on the reading connections and answers an overrun as HERALD_ERR_QUERY_TIMEOUT', async () => {
    const db = await createTestDatabase();
    const storage = new PostgresStorage({ connectionString: db.url, poolSize: 2, queryTimeout: 200 });
    try {
      const shown = await storage.readPool.query<{ statement_timeout: string }>('SHOW statement_timeout');
      expect(shown.rows[0].statement_timeout).toBe('200ms');
      const err = await queryWithinBudget(storage.readPool, 'SELECT pg_sleep(30)', [], 200).catch((e: unknown) => e);
      expect(isHeraldError(err, 'HERALD_ERR_QUERY_TIMEOUT')).toBe(true);
      expect((err as Error).message).toContain('0.2 s');
      // The writing connections have no such budget (a long batch insert is not a runaway query).
      const writer = await storage.pool.query<{ statement_timeout: string }>('SHOW statement_timeout');
      expect(writer.rows[0].statement_timeout).toBe('0');
    } finally {
      await storage.close();
      await db.drop();
    }
  });
});
