// The SQLite writer thread: batches committed off the event loop, in order, durable when resolved;
// a thread that dies takes no acknowledgement with it (docs/storage.md "Writer thread").
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReceivedEvent } from '../../src/events/types.js';
import { SqliteStorage } from '../../src/storage/sqlite/storage.js';
import { SqliteWriterThread } from '../../src/storage/sqlite/writer-thread.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { jsonBody, makeEvent, postEvents, startTestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';

const received = (overrides: Record<string, unknown> = {}): ReceivedEvent =>
  ({ ...makeEvent(overrides), follows: null, received: '2026-01-01T00:00:01.000000Z' }) as ReceivedEvent;

describe('the SQLite writer thread', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let ws: number;
  let thread: SqliteWriterThread | null = null;

  beforeEach(async () => {
    dir = tempDir('herald-writer-');
    file = join(dir.path, 'herald.db');
    // The schema and the workspace key, as the server's own connection creates them.
    const storage = new SqliteStorage(file);
    await storage.migrate();
    await storage.events.insertEvents(DEFAULT_WORKSPACE_ID, [received()]);
    await storage.close();
    const db = new Database(file, { readonly: true });
    ws = db.prepare('SELECT key FROM workspaces WHERE id = ?').pluck().get(DEFAULT_WORKSPACE_ID) as number;
    db.close();
  });
  afterEach(async () => {
    await thread?.close();
    thread = null;
    dir.remove();
  });

  const stored = (ids: string[]) => {
    const db = new Database(file, { readonly: true });
    try {
      return db
        .prepare('SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?)) ORDER BY seq')
        .pluck()
        .all(JSON.stringify(ids)) as string[];
    } finally {
      db.close();
    }
  };

  it('commits each batch before it resolves, reports inserted and duplicate ids, in the order handed over', async () => {
    thread = await SqliteWriterThread.start({ file, synchronous: 'FULL' });
    const first = [received(), received()];
    const second = [received(), first[0]];
    const [a, b] = await Promise.all([thread.write(ws, first), thread.write(ws, second)]);
    expect(a).toEqual({ inserted: first.map((e) => e.id), duplicates: [] });
    expect(b).toEqual({ inserted: [second[0].id], duplicates: [first[0].id] });
    // Visible to another connection (as a reader thread is), in hand-over order.
    expect(stored([...first, second[0]].map((e) => e.id))).toEqual([first[0].id, first[1].id, second[0].id]);
  });

  it('rejects one failing batch with SQLite’s code and keeps serving the next', async () => {
    thread = await SqliteWriterThread.start({ file, synchronous: 'FULL' });
    // A workspace key that does not exist still inserts (no foreign key); a NULL id does not.
    const broken = { ...received(), id: null } as unknown as ReceivedEvent;
    await expect(thread.write(ws, [broken])).rejects.toMatchObject({ name: 'SqliteWriteError', code: 'SQLITE_CONSTRAINT_NOTNULL' });
    const ok = received();
    expect(await thread.write(ws, [ok])).toEqual({ inserted: [ok.id], duplicates: [] });
  });

  it('commits batches handed over together in order; one that SQLite refuses fails alone', async () => {
    thread = await SqliteWriterThread.start({ file, synchronous: 'FULL' });
    // Handed over before the thread answers any: they wait together and share a transaction.
    const first = [received(), received()];
    const broken = [received(), { ...received(), id: null } as unknown as ReceivedEvent];
    const third = [received(), first[1]];
    const writes = [thread.write(ws, first), thread.write(ws, broken), thread.write(ws, third)];
    const [a, b, c] = await Promise.allSettled(writes);
    expect(a).toEqual({ status: 'fulfilled', value: { inserted: first.map((e) => e.id), duplicates: [] } });
    expect(b).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT_NOTNULL' } });
    expect(c).toEqual({ status: 'fulfilled', value: { inserted: [third[0].id], duplicates: [first[1].id] } });
    const ids = [...first, ...broken, third[0]].map((e) => e.id).filter(Boolean);
    expect(stored(ids)).toEqual([first[0].id, first[1].id, third[0].id]);
  });

  it('a thread that dies fails every unanswered and later write with a storage error, and says so once', async () => {
    const failures: string[] = [];
    thread = await SqliteWriterThread.start({ file, synchronous: 'FULL', onFailure: (err) => failures.push(err.code) });
    const pending = thread.write(
      ws,
      Array.from({ length: 2000 }, () => received()),
    );
    await thread.terminateForTest();
    await expect(pending).rejects.toMatchObject({ code: 'HERALD_ERR_STORAGE' });
    await expect(thread.write(ws, [received()])).rejects.toMatchObject({ code: 'HERALD_ERR_STORAGE' });
    expect(thread.failure?.message).toMatch(/writer thread stopped/);
    expect(failures).toEqual(['HERALD_ERR_STORAGE']);
  });

  it('close() lets the batches already handed over commit, then refuses new ones', async () => {
    thread = await SqliteWriterThread.start({ file, synchronous: 'FULL' });
    const batch = [received(), received()];
    const writing = thread.write(ws, batch);
    const closed = thread.close();
    await expect(thread.write(ws, [received()])).rejects.toMatchObject({ code: 'HERALD_ERR_SHUTTING_DOWN' });
    expect((await writing).inserted).toHaveLength(2);
    await closed;
    expect(stored(batch.map((e) => e.id))).toHaveLength(2);
  });
});

describe('a server whose writer thread dies', () => {
  it('acknowledges nothing more, answers ingest with a storage error and /health with 503', async () => {
    const t = await startTestServer({ settings: { sqliteWriterThread: true } });
    try {
      const first = makeEvent();
      expect((await postEvents(t, [first])).status).toBe(204);
      expect((await t.storage.events.existingIds(DEFAULT_WORKSPACE_ID, [first.id])).size).toBe(1);
      const thread = await (t.storage as SqliteStorage).writerThread!;
      await thread.terminateForTest();
      const refused = await postEvents(t, [makeEvent()]);
      expect(refused.status).toBe(500);
      expect(await jsonBody(refused)).toMatchObject({ code: 'HERALD_ERR_STORAGE', detail: expect.stringMatching(/writer thread stopped/) });
      const health = await fetch(`${t.url}/health`);
      expect(health.status).toBe(503);
      expect((await jsonBody(health)).detail).toMatch(/writer thread stopped/);
    } finally {
      await t.close();
    }
  });
});
