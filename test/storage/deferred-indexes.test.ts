// SQLite builds the label and text indexes behind the write (src/storage/sqlite/deferred-indexes.ts):
// a label or text query never misses a committed event, whether it is indexed yet or not; the
// cursors are durable;
// full batches are indexed right after a write and the rest once writes pause; a failed run loses
// nothing; the writer thread or the index thread builds them on its own connection. They live in
// the index file (src/storage/sqlite/index-file.ts), rebuilt whenever it cannot be trusted, and
// retention's purge of their rows survives a crash between the two files' commits.

import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { eventMatchesFilter } from '../../src/events/index.js';
import type { EventFilter, ReceivedEvent } from '../../src/events/types.js';
import { SqliteDeferredIndexes } from '../../src/storage/sqlite/deferred-indexes.js';
import { indexFileOf } from '../../src/storage/sqlite/index-file.js';
import { SqliteStorage, type SqliteStorageOptions } from '../../src/storage/sqlite/storage.js';
import { tempDir } from '../helpers/tmp.js';
import { filter, makeEvent, workspace } from './fixtures.js';

const NAME = 'prefect.resource.name';
const byName = (pattern: string): EventFilter => filter({ resource: { labels: { [NAME]: pattern } } } as Partial<EventFilter>);
const byText = (query: string): EventFilter => filter({ text: { query } } as Partial<EventFilter>);
const FILTERS = [
  byName('etl-*'),
  byName('etl-1'),
  byName('report-2'),
  byName('nobody'),
  byText('report'),
  byText('etl-1'),
  byText('-report'),
  byText('+r.1 etl'),
  byText('nobody'),
];

function named(n: number, from = 0): ReceivedEvent[] {
  return Array.from({ length: n }, (_, i) =>
    makeEvent({ resource: { 'prefect.resource.id': `r.${from + i}`, [NAME]: `${(from + i) % 2 ? 'report' : 'etl'}-${(from + i) % 3}` } }),
  );
}

describe('the SQLite label index, built behind the write', () => {
  const dir = tempDir('herald-label-indexer-');
  const open: SqliteStorage[] = [];
  afterEach(async () => {
    vi.useRealTimers();
    for (const s of open.splice(0)) await s.close();
  });

  let files = 0;
  const freshFile = () => join(dir.path, `herald-${++files}.db`);
  const manual: SqliteStorageOptions = { deferredIndexes: { idleMs: null, batch: 1_000_000 } };

  async function storage(options: SqliteStorageOptions = manual, file = freshFile()): Promise<SqliteStorage> {
    const s = new SqliteStorage(file, options);
    open.push(s);
    await s.migrate();
    return s;
  }

  const rows = (s: SqliteStorage) => Number(s.database.prepare('SELECT count(*) FROM event_labels').pluck().get());
  const texts = (s: SqliteStorage) => Number(s.database.prepare('SELECT count(*) FROM events_fts').pluck().get());

  async function expectExact(s: SqliteStorage, ws: string, events: ReceivedEvent[]): Promise<void> {
    for (const f of FILTERS) {
      const expected = events.filter((e) => eventMatchesFilter(f, e)).map((e) => e.id);
      expect((await s.events.queryEvents(ws, { filter: f, limit: 1000 })).map((e) => e.id).sort(), JSON.stringify(f)).toEqual(
        [...expected].sort(),
      );
      expect(await s.events.countEvents(ws, f)).toBe(expected.length);
    }
  }

  it('answers label and text queries from the indexes plus the events not indexed yet', async () => {
    const s = await storage();
    const ws = workspace();
    const first = named(30);
    await s.events.insertEvents(ws, first);
    const indexer = s.deferredIndexes!;
    expect(indexer.pending()).toBe(30);
    expect([rows(s), texts(s)]).toEqual([0, 0]);
    await expectExact(s, ws, first); // all from the tail

    expect(indexer.catchUp()).toBe(30);
    expect([rows(s), texts(s)]).toEqual([30, 30]);
    await expectExact(s, ws, first); // all from the index

    const second = named(20, 30);
    await s.events.insertEvents(ws, second);
    expect(indexer.pending()).toBe(20);
    await expectExact(s, ws, [...first, ...second]); // both at once
  });

  it('keeps its cursor across a restart and indexes what was left', async () => {
    const ws = workspace();
    const events = named(25);
    const file = freshFile();
    const before = await storage(manual, file);
    await before.events.insertEvents(ws, events);
    expect(before.deferredIndexes!.indexSome(10)).toBe(10);
    await before.close(); // 15 stored but not indexed, as after a crash

    const after = await storage(manual, file);
    await expectExact(after, ws, events);
    const indexer = new SqliteDeferredIndexes(after.database);
    expect(indexer.pending()).toBe(15);
    expect(indexer.catchUp()).toBe(15);
    expect([rows(after), texts(after)]).toEqual([25, 25]);
    await expectExact(after, ws, events);
  });

  it('indexes a full batch right after the write and the rest once writes pause', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
    const s = await storage({ deferredIndexes: { batch: 40, idleMs: 200 } });
    const ws = workspace();
    await s.events.insertEvents(ws, named(30));
    vi.advanceTimersByTime(199);
    expect(rows(s)).toBe(0); // not a full batch, and writes have not paused long enough

    // 60 waiting: one index per turn of the event loop — the label index a batch of 40, the text
    // index a quarter of a batch — turn after turn while a full batch waits, then it stops.
    await s.events.insertEvents(ws, named(30, 30));
    vi.advanceTimersByTime(0);
    expect([rows(s), texts(s)]).toEqual([40, 0]);
    vi.advanceTimersToNextTimer(); // the next turn (the pause timer is further away)
    expect([rows(s), texts(s)]).toEqual([40, 10]);
    vi.advanceTimersToNextTimer();
    vi.advanceTimersToNextTimer();
    expect([rows(s), texts(s)]).toEqual([40, 30]);
    expect(s.deferredIndexes!.pending()).toBe(30); // less than a batch: no turn is scheduled
    vi.advanceTimersByTime(150); // writes have not paused for 200 ms yet: nothing more
    expect([rows(s), texts(s)]).toEqual([40, 30]);
    vi.runAllTimers(); // the pause: what waits is drained, turn after turn
    expect([rows(s), texts(s)]).toEqual([60, 60]);
    expect(s.deferredIndexes!.pending()).toBe(0);
  });

  it('a failed run moves nothing, loses nothing, and is reported', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
    const errors: unknown[] = [];
    const s = await storage({ deferredIndexes: { batch: 10, idleMs: null }, logger: { error: (obj) => errors.push(obj) } });
    s.database.exec(`CREATE TRIGGER idx.fail_labels BEFORE INSERT ON event_labels BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const ws = workspace();
    const events = named(12);
    await s.events.insertEvents(ws, events);
    vi.runOnlyPendingTimers();
    expect(errors).toHaveLength(1);
    expect(String((errors[0] as { err: Error }).err.message)).toContain('disk I/O error');
    expect(s.deferredIndexes!.pending()).toBe(12);
    await expectExact(s, ws, events);

    s.database.exec('DROP TRIGGER idx.fail_labels');
    expect(s.deferredIndexes!.catchUp()).toBe(12);
    await expectExact(s, ws, events);
  });

  it('retention of events not indexed yet leaves no label or text entries behind', async () => {
    const s = await storage();
    const ws = workspace();
    await s.events.insertEvents(ws, named(10));
    s.deferredIndexes!.catchUp();
    await s.events.insertEvents(
      ws,
      named(10, 10).map((e) => ({ ...e, occurred: '2020-01-01T00:00:00.000000Z' })),
    );
    expect(await s.events.deleteEvents({ before: '2021-01-01T00:00:00.000000Z' }, 100)).toBe(10);
    s.deferredIndexes!.catchUp();
    expect(rows(s)).toBe(10);
    expect(
      Number(s.database.prepare('SELECT count(*) FROM event_labels WHERE event_seq NOT IN (SELECT seq FROM events)').pluck().get()),
    ).toBe(0);
  });

  it('is built on the writer thread when writes go there', async () => {
    const s = await storage({ writerThread: true, deferredIndexes: { batch: 1_000_000, idleMs: 0 } });
    const ws = workspace();
    const events = named(15);
    await s.events.insertEvents(ws, events);
    expect(s.deferredIndexes).toBeNull(); // nothing is written on this connection
    await expectExact(s, ws, events);
    // The thread's own timers run for real: wait for the condition, not for a time.
    await vi.waitFor(() => expect([rows(s), texts(s)]).toEqual([15, 15]));
    await expectExact(s, ws, events);
  });

  /** [label rows, text rows], read from the index file itself (the server's connection does not attach it). */
  const indexRows = (file: string) => {
    const db = new Database(indexFileOf(file), { readonly: true });
    try {
      return ['event_labels', 'events_fts'].map((t) => Number(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()));
    } finally {
      db.close();
    }
  };

  it('is built on the index thread, which the writes tell, with the writer thread or without', async () => {
    for (const writerThread of [false, true]) {
      const file = freshFile();
      const s = await storage({ indexThread: true, writerThread, deferredIndexes: { batch: 1_000_000, idleMs: 0 } }, file);
      const ws = workspace();
      const events = named(15);
      await s.events.insertEvents(ws, events);
      expect(s.deferredIndexes).toBeNull(); // nothing is indexed on this connection
      await expectExact(s, ws, events);
      // The thread's own timers run for real: wait for the condition, not for a time.
      await vi.waitFor(() => expect(indexRows(file)).toEqual([15, 15]));
      const more = named(5, 15);
      await s.events.insertEvents(ws, more);
      expect(await s.catchUpIndexes()).toBeLessThanOrEqual(5);
      expect(indexRows(file)).toEqual([20, 20]);
      await expectExact(s, ws, [...events, ...more]);
    }
  });

  it('the index thread indexes what waits when it starts, before any write', async () => {
    const file = freshFile();
    const before = await storage(manual, file);
    await before.events.insertEvents(workspace(), named(10));
    await before.close();
    open.splice(open.indexOf(before), 1);
    await storage({ indexThread: true, deferredIndexes: { batch: 1_000_000, idleMs: 0 } }, file);
    await vi.waitFor(() => expect(indexRows(file)).toEqual([10, 10]));
  });

  it('an index thread that dies starts again, later after each death that follows soon after another', async () => {
    const clock = new FakeClock();
    const errors: { restartInMs?: number }[] = [];
    const file = freshFile();
    const s = await storage(
      { indexThread: true, deferredIndexes: { batch: 1_000_000, idleMs: 0 }, clock, logger: { error: (obj) => errors.push(obj) } },
      file,
    );
    const ws = workspace();
    const stored: ReceivedEvent[] = [];
    const long = { timeout: 15_000 };
    for (const [round, delayMs] of [
      [0, 1000],
      [1, 2000],
    ]) {
      const dead = s.indexThread!;
      await dead.crash();
      await vi.waitFor(() => expect(errors).toHaveLength(round + 1), long);
      expect(errors[round].restartInMs).toBe(delayMs);
      expect(dead.stopped).toBe(true);
      const batch = named(5, round * 5);
      stored.push(...batch);
      await s.events.insertEvents(ws, batch); // stored while no thread runs: still found
      await expectExact(s, ws, stored);
      clock.advance(delayMs - 1);
      expect(s.indexThread).toBe(dead);
      clock.advance(1);
      await vi.waitFor(() => expect(s.indexThread).not.toBe(dead), long);
      await vi.waitFor(() => expect(indexRows(file)).toEqual([(round + 1) * 5, (round + 1) * 5]), long);
    }
    // Ten quiet minutes later a death counts as a first one again.
    clock.advance(10 * 60_000);
    await s.indexThread!.crash();
    await vi.waitFor(() => expect(errors).toHaveLength(3), long);
    expect(errors[2].restartInMs).toBe(1000);
    await s.close(); // a pending restart is cancelled: nothing starts after close
    clock.advance(1000);
    expect(s.indexThread!.stopped).toBe(true);
  });

  it.each([
    ['writer thread', { writerThread: true }],
    ['index thread', { indexThread: true }],
  ] as const)('a failed run on the %s is reported to the server logger', async (_, threads) => {
    const errors: unknown[] = [];
    const file = freshFile();
    const s = await storage(
      { ...threads, deferredIndexes: { batch: 1_000_000, idleMs: 0 }, logger: { error: (obj) => errors.push(obj) } },
      file,
    );
    const idx = new Database(indexFileOf(file));
    idx.exec(`CREATE TRIGGER fail_labels BEFORE INSERT ON event_labels BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    idx.close();
    const ws = workspace();
    const events = named(5);
    await s.events.insertEvents(ws, events);
    // The thread's own timers run for real: wait for the report, not for a time.
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0));
    expect(String((errors[0] as { err: Error }).err.message)).toContain('disk I/O error');
    await expectExact(s, ws, events);
  });
});

describe('the SQLite index file', () => {
  const dir = tempDir('herald-index-file-');
  let files = 0;
  afterEach(() => vi.useRealTimers());

  /** Opens (migrating) `file` with indexes built on demand; `info` collects what migrate() reports. */
  async function opened(file: string, info: object[] = []): Promise<SqliteStorage> {
    const s = new SqliteStorage(file, {
      deferredIndexes: { idleMs: null, batch: 1_000_000 },
      logger: { error: () => {}, info: (obj) => info.push(obj) },
    });
    await s.migrate();
    return s;
  }
  const count = (s: SqliteStorage, table: string) => Number(s.database.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
  const cursors = (s: SqliteStorage) => s.database.prepare('SELECT seq FROM idx.index_cursors ORDER BY name').pluck().all().map(Number);
  const everything = async (s: SqliteStorage, ws: string) =>
    (await s.events.queryEvents(ws, { filter: byText('etl'), limit: 1000 })).map((e) => e.id).sort();

  /** A store of 20 indexed events; returns its file, workspace and what a text query finds. */
  async function indexedStore(): Promise<{ file: string; ws: string; found: string[] }> {
    const file = join(dir.path, `herald-${++files}.db`);
    const s = await opened(file);
    const ws = workspace();
    await s.events.insertEvents(ws, named(20));
    await s.catchUpIndexes();
    expect([count(s, 'idx.event_labels'), count(s, 'idx.events_fts')]).toEqual([20, 20]);
    const found = await everything(s, ws);
    expect(found).toHaveLength(10);
    await s.close();
    return { file, ws, found };
  }

  it('lives beside the events file; the events file keeps no index of its own', async () => {
    const { file } = await indexedStore();
    expect(existsSync(indexFileOf(file))).toBe(true);
    expect(indexFileOf(file)).toBe(file.replace(/\.db$/, '-index.db'));
    const db = new Database(file, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE name IN ('events_fts', 'event_labels', 'index_cursors')").all();
    db.close();
    expect(tables).toEqual([]);
  });

  it('is rebuilt from the first event when deleted, and queries stay complete meanwhile', async () => {
    const { file, ws, found } = await indexedStore();
    for (const suffix of ['', '-wal', '-shm']) rmSync(indexFileOf(file) + suffix, { force: true });
    const info: object[] = [];
    const s = await opened(file, info);
    expect(info).toEqual([{ reason: 'missing', events: 20 }]);
    expect(cursors(s)).toEqual([0, 0]);
    expect(await everything(s, ws)).toEqual(found); // read from the events not indexed yet
    expect(await s.catchUpIndexes()).toBe(20);
    expect(await everything(s, ws)).toEqual(found);
    await s.close();
  });

  it('says when the index thread has finished a rebuild', async () => {
    const { file, ws, found } = await indexedStore();
    for (const suffix of ['', '-wal', '-shm']) rmSync(indexFileOf(file) + suffix, { force: true });
    const info: object[] = [];
    const s = new SqliteStorage(file, { indexThread: true, logger: { error: () => {}, info: (obj) => info.push(obj) } });
    try {
      await s.migrate();
      expect(info[0]).toEqual({ reason: 'missing', events: 20 });
      // The thread's own work runs for real: wait for the report, not for a time.
      await vi.waitFor(() => expect(info).toHaveLength(2), { timeout: 15_000 });
      expect(info[1]).toEqual({ events: 20, seconds: expect.any(Number) });
      expect(await everything(s, ws)).toEqual(found);
    } finally {
      await s.close();
    }
  });

  it('is rebuilt when of another format, or ahead of the events it claims to cover, and says why', async () => {
    for (const [damage, reason] of [
      ['PRAGMA user_version = 999', 'format'],
      ['UPDATE index_cursors SET seq = 1000', 'ahead'],
    ] as const) {
      const { file, ws, found } = await indexedStore();
      const idx = new Database(indexFileOf(file));
      idx.exec(damage);
      idx.close();
      const info: object[] = [];
      const s = await opened(file, info);
      expect(info).toEqual([{ reason, events: 20 }]);
      expect(cursors(s)).toEqual([0, 0]);
      expect(count(s, 'idx.events_fts')).toBe(0);
      expect(await everything(s, ws)).toEqual(found);
      await s.catchUpIndexes();
      expect(count(s, 'idx.events_fts')).toBe(20);
      await s.close();
    }
  });

  it('an intact index file is kept as it is, and takes the current merge policy', async () => {
    const { file } = await indexedStore();
    const idx = new Database(indexFileOf(file));
    idx.exec("INSERT INTO events_fts (events_fts, rank) VALUES ('automerge', 4)");
    idx.close();
    const info: object[] = [];
    const s = await opened(file, info);
    expect(info).toEqual([]);
    expect(cursors(s)).toEqual([20, 20]);
    expect(s.database.prepare("SELECT v FROM idx.events_fts_config WHERE k = 'automerge'").pluck().get()).toBe(16);
    await s.close();
  });

  it('index rows of events retention deleted are purged at the next start after a crash between the two commits', async () => {
    const { file, ws } = await indexedStore();
    // What retention's first transaction commits (sqlite/delete.ts) before a crash: events gone, seqs queued.
    const db = new Database(file);
    db.exec(
      'DELETE FROM event_resources WHERE event_seq <= 5; DELETE FROM events WHERE seq <= 5; INSERT INTO index_purges (seq) VALUES (1), (2), (3), (4), (5)',
    );
    db.close();
    const s = await opened(file);
    expect(count(s, 'idx.event_labels')).toBe(15);
    expect(count(s, 'idx.events_fts')).toBe(15);
    expect(count(s, 'index_purges')).toBe(0);
    expect(
      Number(s.database.prepare('SELECT count(*) FROM idx.event_labels WHERE event_seq NOT IN (SELECT seq FROM events)').pluck().get()),
    ).toBe(0);
    expect(await s.events.countEvents(ws, byName('etl-*'))).toBe(
      count(s, "events WHERE resource ->> '$.\"prefect.resource.name\"' GLOB 'etl-*'"),
    );
    await s.close();
  });
});
