// The embedded backend: one SQLite file, one connection, used by one process. better-sqlite3 is
// synchronous; each call is short (one batch, one page) so the event loop is blocked only briefly.

import type Database from 'better-sqlite3';
import type { EventFilter, ReceivedEvent, Timestamp } from '../../events/types.js';
import { countByEventSql, countByResourceSql, countByTimeSql, countEventsSql } from '../sql/counts.js';
import { bucketRanges } from '../sql/buckets.js';
import { selectEventsSql, type Statement } from '../sql/select.js';
import { rowToEvent, type StoredEventRow } from '../rows.js';
import type { EventQuery, EventStore, GroupCount, InsertResult, RetentionRule, Storage, TimeBucketCount } from '../storage.js';
import type { AutomationStorage, SeqEvent } from '../automation-store.js';
import { readSqliteEventsAfter, sqliteMaxSeq } from './automation-event-feed.js';
import { createSqliteAutomationStorage } from './automations.js';
import { openSqliteDatabase, type SqliteOptions } from './connection.js';
import { SqliteEventDeleter } from './delete.js';
import { sqliteDialect as d } from './dialect.js';
import { SqliteEventWriter } from './insert.js';
import { migrateSqlite } from './migrations.js';

class SqliteEventStore implements EventStore {
  readonly #db: Database.Database;
  readonly #keys = new Map<string, number>();
  #writer: SqliteEventWriter | undefined;
  #deleter: SqliteEventDeleter | undefined;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  // Statements are prepared lazily: they need the schema, which exists only after migrate().
  get #w(): SqliteEventWriter {
    return (this.#writer ??= new SqliteEventWriter(this.#db));
  }

  get #del(): SqliteEventDeleter {
    return (this.#deleter ??= new SqliteEventDeleter(this.#db));
  }

  /** The workspace's small integer key; created on first write, null on reads of an unknown one. */
  #workspace(id: string, create: boolean): number | null {
    const cached = this.#keys.get(id);
    if (cached !== undefined) return cached;
    if (create) this.#db.prepare('INSERT INTO workspaces (id) VALUES (?) ON CONFLICT (id) DO NOTHING').run(id);
    const key = this.#db.prepare('SELECT key FROM workspaces WHERE id = ?').pluck().get(id) as number | undefined;
    if (key === undefined) return null;
    this.#keys.set(id, key);
    return key;
  }

  #all<T>(s: Statement): T[] {
    return this.#db.prepare(s.sql).all(s.params.named) as T[];
  }

  async insertEvents(workspaceId: string, events: readonly ReceivedEvent[]): Promise<InsertResult> {
    if (events.length === 0) return { inserted: [], duplicates: [] };
    return this.#w.write(this.#workspace(workspaceId, true)!, events);
  }

  async existingIds(workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
    const ws = this.#workspace(workspaceId, false);
    if (ws === null || ids.length === 0) return new Set();
    const found = this.#db
      .prepare('SELECT id FROM events WHERE ws = ? AND id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(BigInt(ws), JSON.stringify(ids)) as string[];
    return new Set(found);
  }

  async queryEvents(workspaceId: string, query: EventQuery): Promise<ReceivedEvent[]> {
    const ws = this.#workspace(workspaceId, false);
    if (ws === null || query.limit <= 0) return [];
    return this.#all<StoredEventRow>(selectEventsSql(d, ws, query)).map(rowToEvent);
  }

  async countEvents(workspaceId: string, filter: EventFilter): Promise<number> {
    const ws = this.#workspace(workspaceId, false);
    if (ws === null) return 0;
    return Number(this.#all<{ n: number }>(countEventsSql(d, ws, filter))[0].n);
  }

  async countByTime(workspaceId: string, filter: EventFilter, widthMicros: number, pivot: Timestamp): Promise<TimeBucketCount[]> {
    const ws = this.#workspace(workspaceId, false);
    if (ws === null) return [];
    // Bucket by bucket where possible: index range counts instead of a timestamp parse per row
    // (sql/buckets.ts). Like the per-row plan, this counts events, not distinct resources.
    const ranges = bucketRanges(filter, widthMicros, pivot);
    if (ranges) {
      const counting: EventFilter = filter.resource?.distinct ? { ...filter, resource: { ...filter.resource, distinct: false } } : filter;
      const counts: TimeBucketCount[] = [];
      for (const r of ranges) {
        const n = Number(this.#all<{ n: number }>(countEventsSql(d, ws, { ...counting, occurred: { since: r.since, until: r.until } }))[0].n);
        if (n > 0) counts.push({ bucket: r.bucket, count: n });
      }
      return counts;
    }
    return this.#all<{ bucket: number; n: number }>(countByTimeSql(d, ws, filter, widthMicros, pivot)).map((r) => ({
      bucket: Number(r.bucket),
      count: Number(r.n),
    }));
  }

  async countByGroup(workspaceId: string, filter: EventFilter, by: 'event' | 'resource'): Promise<GroupCount[]> {
    const ws = this.#workspace(workspaceId, false);
    if (ws === null) return [];
    const s = by === 'event' ? countByEventSql(d, ws, filter) : countByResourceSql(d, ws, filter);
    return this.#all<{ value: string; label: string; n: number; start_time: string; end_time: string }>(s).map((r) => ({
      value: r.value,
      label: r.label,
      count: Number(r.n),
      start_time: r.start_time,
      end_time: r.end_time,
    }));
  }

  async deleteEvents(rule: RetentionRule, limit: number): Promise<number> {
    return this.#del.delete(rule, limit);
  }

  async readAfter(afterSeq: number, limit: number): Promise<SeqEvent[]> {
    return readSqliteEventsAfter(this.#db, afterSeq, limit);
  }

  async maxSeq(): Promise<number> {
    return sqliteMaxSeq(this.#db);
  }

  async seqsOf(workspaceId: string, ids: readonly string[]): Promise<Map<string, number>> {
    const ws = this.#workspace(workspaceId, false);
    if (ws === null || ids.length === 0) return new Map();
    const rows = this.#db
      .prepare('SELECT id, seq FROM events WHERE ws = ? AND id IN (SELECT value FROM json_each(?))')
      .all(BigInt(ws), JSON.stringify(ids)) as { id: string; seq: number }[];
    return new Map(rows.map((r) => [r.id, Number(r.seq)]));
  }
}

export class SqliteStorage implements Storage {
  readonly dialect = 'sqlite' as const;
  readonly events: EventStore;
  readonly automation: AutomationStorage;
  readonly #db: Database.Database;

  constructor(file: string, options: SqliteOptions = {}) {
    this.#db = openSqliteDatabase(file, options);
    this.events = new SqliteEventStore(this.#db);
    this.automation = createSqliteAutomationStorage(this.#db);
  }

  async migrate(): Promise<void> {
    migrateSqlite(this.#db);
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (!this.#db.open) return;
    this.#db.pragma('optimize'); // refresh planner statistics for the next start (cheap)
    this.#db.close();
  }

  /** The underlying connection, for tests and tools in this folder (not part of Storage). */
  get database(): Database.Database {
    return this.#db;
  }
}
