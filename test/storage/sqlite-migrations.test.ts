// SQLite-only: migration 2 rebuilds `events` with AUTOINCREMENT. Upgrading a database that already
// holds events must keep every event, its seq (the key of events_fts and event_resources) and the
// indexes, and from then on never hand out a seq twice.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { searchableText } from '../../src/events/index.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import { eventColumns, resourceRows } from '../../src/storage/rows.js';
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
    writeAsVersion1(storage, ws, events);
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
    // Migration label_index indexed their labels.
    expect(await ids({ resource: { labels: { 'prefect.resource.name': 'crimson-*' } } })).toEqual([
      events[1].id,
      events[0].id,
      events[2].id,
    ]);
    expect((await storage.events.readAfter(0, 10)).map((r) => r.event)).toEqual(events);

    // The newest event goes (retention); the next one still gets a fresh seq.
    const max = await storage.events.maxSeq();
    expect(await storage.events.deleteEvents({ before: '2021-01-01T00:00:00.000000Z' }, 10)).toBe(1);
    const next = makeEvent();
    await storage.events.insertEvents(ws, [next]);
    expect((await storage.events.readAfter(max, 10)).map((r) => r.event.id)).toEqual([next.id]);
  });
});

/** Stores events as a version-1 Herald did: events, their resource rows and text, nothing else. */
function writeAsVersion1(storage: SqliteStorage, workspaceId: string, events: ReceivedEvent[]): void {
  const db = storage.database;
  db.prepare('INSERT INTO workspaces (id) VALUES (?)').run(workspaceId);
  const ws = db.prepare('SELECT key FROM workspaces WHERE id = ?').pluck().get(workspaceId);
  for (const e of events) {
    const { lastInsertRowid: seq } = db
      .prepare(
        'INSERT INTO events (ws, id, occurred, event, resource_id, resource, related, payload, received, follows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(ws, ...eventColumns(e));
    for (const r of resourceRows(e)) {
      db.prepare('INSERT INTO event_resources (event_seq, pos, ws, resource_id, role, occurred) VALUES (?, ?, ?, ?, ?, ?)').run(
        seq,
        r.pos,
        ws,
        r.resourceId,
        r.role,
        e.occurred,
      );
    }
    db.prepare('INSERT INTO events_fts (rowid, search) VALUES (?, ?)').run(seq, searchableText(e));
  }
}
