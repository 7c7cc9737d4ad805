// The trigger engine's durable state on SQLite. `commit` is one IMMEDIATE transaction of prepared
// single-row statements: on one synchronous connection a prepared statement costs a few
// microseconds per row, so thousands of entries commit in milliseconds without multi-row SQL.

import type Database from 'better-sqlite3';
import type { EngineClockRecord, EngineCommit, EngineStateStore, FiringRecord, FollowerEntry, StateEntry } from '../automation-store.js';
import { automationRowCodec, type ClockRow, type FiringRow, type FollowerRow, type StateRow } from '../sql/automation-rows.js';
import { assertClockWithCursor } from '../sql/engine-clock.js';
import { automationSql } from '../sql/automation-sql.js';
import { insertOutboxRows } from './automation-outbox.js';
import { sqliteAutomationDialect as d, int, type StatementCache, toJson } from './automation-statements.js';

const sql = automationSql(d).engine;
const rows = automationRowCodec(d);

export class SqliteEngineStateStore implements EngineStateStore {
  readonly #s: StatementCache;
  readonly #commit: (commit: EngineCommit) => void;

  constructor(db: Database.Database, statements: StatementCache) {
    this.#s = statements;
    this.#commit = db.transaction((c: EngineCommit) => this.#apply(c)).immediate;
  }

  async loadCursor(): Promise<number | null> {
    const seq = this.#s.get(sql.loadCursor).pluck().get() as number | undefined;
    return seq === undefined ? null : Number(seq);
  }

  async loadClock(): Promise<EngineClockRecord | null> {
    const row = this.#s.get(sql.loadClock).get() as ClockRow | undefined;
    return row === undefined ? null : rows.clock(row);
  }

  async loadState(): Promise<StateEntry[]> {
    return (this.#s.get(sql.loadState).all() as StateRow[]).map(rows.state);
  }

  async loadAutomationState(automationId: string): Promise<StateEntry[]> {
    return (this.#s.get(sql.loadAutomationState).all(automationId) as StateRow[]).map(rows.state);
  }

  async loadFollowers(): Promise<FollowerEntry[]> {
    return (this.#s.get(sql.loadFollowers).all() as FollowerRow[]).map(rows.follower);
  }

  async commit(commit: EngineCommit): Promise<void> {
    assertClockWithCursor(commit);
    this.#commit(commit);
  }

  /** The documented order: later steps see the effects of earlier ones (e.g. clear, then put). */
  #apply(c: EngineCommit): void {
    const run = <T>(items: readonly T[] | undefined, sql: string, params: (item: T) => unknown[]): void => {
      if (!items || items.length === 0) return;
      const statement = this.#s.get(sql);
      for (const item of items) statement.run(...params(item));
    };
    run(c.clearAutomations, 'DELETE FROM automation_state WHERE automation_id = ?', (id) => [id]);
    run(
      c.putState,
      'INSERT INTO automation_state (automation_id, trigger_id, key, value) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (automation_id, trigger_id, key) DO UPDATE SET value = excluded.value',
      (e) => [e.automationId, e.triggerId, e.key, toJson(e.value)],
    );
    run(c.deleteState, 'DELETE FROM automation_state WHERE automation_id = ? AND trigger_id = ? AND key = ?', (k) => [
      k.automationId,
      k.triggerId,
      k.key,
    ]);
    run(
      c.addFollowers,
      'INSERT INTO engine_followers (workspace_id, follower_id, leader_id, received, event) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (workspace_id, follower_id) DO NOTHING',
      (f) => [f.workspaceId, f.event.id, f.leaderId, f.event.received, toJson(f.event)],
    );
    run(c.removeFollowers, 'DELETE FROM engine_followers WHERE workspace_id = ? AND follower_id = ?', (f) => [f.workspaceId, f.eventId]);
    run(c.versions, sql.putVersion, (v) => [v.automation.id, v.automation.updated, toJson(v.automation)]);
    run(
      c.firings,
      `INSERT INTO automation_firings (id, workspace_id, automation_id, recorded, outcome, firing, expanded, automation_updated)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      (f) => [
        f.id,
        f.workspaceId,
        f.automationId,
        f.recorded,
        f.outcome,
        toJson(f.firing),
        f.expanded === false ? 0 : 1,
        f.automationUpdated ?? null,
      ],
    );
    insertOutboxRows(this.#s, c.outbox);
    if (c.cursor !== undefined && c.clock) {
      this.#s.get(sql.putCursorClock).run(int(c.cursor), c.clock.eventsClock, int(c.clock.lagUs));
    } else if (c.cursor !== undefined) {
      this.#s.get(sql.putCursor).run(int(c.cursor));
    }
  }

  async listFirings(workspaceId: string, automationId: string, limit: number): Promise<FiringRecord[]> {
    if (limit <= 0) return [];
    return (this.#s.get(sql.listFirings).all(automationId, workspaceId, int(limit)) as FiringRow[]).map(rows.firing);
  }
}
