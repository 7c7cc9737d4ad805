// SQLite-only: migration 2 rebuilds `events` with AUTOINCREMENT. Upgrading a database that already
// holds events must keep every event, its seq (the key of events_fts and event_resources) and the
// indexes, and from then on never hand out a seq twice.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateSqlite, sqliteMigrations } from '../../src/storage/sqlite/migrations.js';
import { SqliteStorage } from '../../src/storage/sqlite/storage.js';
import { tempDir } from '../helpers/tmp.js';
import { filter, makeEvent, workspace } from './fixtures.js';

describe('SQLite migration 2 (automations)', () => {
  const dir = tempDir('herald-sqlite-mig-');
  let storage: SqliteStorage | undefined;
  afterEach(async () => {
    await storage?.close();
    dir.remove();
  });

  it('upgrades a version-1 database with events in place', async () => {
    storage = new SqliteStorage(join(dir.path, 'herald.db'));
    migrateSqlite(
      storage.database,
      sqliteMigrations.filter((m) => m.version === 1),
    );
    const ws = workspace();
    const rel = [{ 'prefect.resource.id': 'prefect.flow.x', 'prefect.resource.role': 'flow' }];
    const events = [
      makeEvent({ payload: { msg: 'Disk full' }, related: rel }),
      makeEvent({ payload: { msg: 'fine' } }),
      makeEvent({ payload: { msg: 'newest' }, occurred: '2020-01-01T00:00:00.000000Z' }),
    ];
    await storage.events.insertEvents(ws, events);
    const seqsBefore = storage.database.prepare('SELECT seq FROM events ORDER BY seq').pluck().all();

    await storage.migrate();

    const db = storage.database;
    expect(db.prepare('SELECT seq FROM events ORDER BY seq').pluck().all()).toEqual(seqsBefore);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'events'").pluck().get()).toMatch(/AUTOINCREMENT/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'events' AND type = 'index' ORDER BY name").pluck().all()).toEqual([
      'events_ws_event',
      'events_ws_id',
      'events_ws_occurred',
    ]);
    // Text search (events_fts rowid = seq) and related-resource filters still find the same events.
    const ids = async (f: Parameters<typeof filter>[0]) =>
      (await storage!.events.queryEvents(ws, { filter: filter(f), limit: 10 })).map((e) => e.id);
    expect(await ids({ text: { query: 'disk' } })).toEqual([events[0].id]);
    expect(await ids({ related: { id: ['prefect.flow.x'] } })).toEqual([events[0].id]);
    expect((await storage.events.readAfter(0, 10)).map((r) => r.event)).toEqual(events);

    // The newest event goes (retention); the next one still gets a fresh seq.
    const max = await storage.events.maxSeq();
    expect(await storage.events.deleteEvents({ before: '2021-01-01T00:00:00.000000Z' }, 10)).toBe(1);
    const next = makeEvent();
    await storage.events.insertEvents(ws, [next]);
    expect((await storage.events.readAfter(max, 10)).map((r) => r.event.id)).toEqual([next.id]);
  });
});
