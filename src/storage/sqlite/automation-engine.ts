// The trigger engine's durable state on SQLite. `commit` is one IMMEDIATE transaction of prepared
// single-row statements: on one synchronous connection a prepared statement costs a few
// microseconds per row, so thousands of entries commit in milliseconds without multi-row SQL.

import type Database from 'better-sqlite3';
import type { Firing } from '../../automations/model.js';
import type { ReceivedEvent } from '../../events/types.js';
import type { EngineCommit, EngineStateStore, FiringRecord, FollowerEntry, StateEntry } from '../automation-store.js';
import { fromJson, int, type StatementCache, toJson } from './automation-statements.js';

interface FiringRow {
  id: string;
  workspace_id: string;
  automation_id: string;
  recorded: string;
  outcome: FiringRecord['outcome'];
  firing: string;
}

export class SqliteEngineStateStore implements EngineStateStore {
  readonly #s: StatementCache;
  readonly #commit: (commit: EngineCommit) => void;

  constructor(db: Database.Database, statements: StatementCache) {
    this.#s = statements;
    this.#commit = db.transaction((c: EngineCommit) => this.#apply(c)).immediate;
  }

  async loadCursor(): Promise<number | null> {
    const seq = this.#s.get('SELECT seq FROM engine_cursor WHERE id = 1').pluck().get() as number | undefined;
    return seq === undefined ? null : Number(seq);
  }

  async loadState(): Promise<StateEntry[]> {
    const rows = this.#s
      .get('SELECT automation_id, trigger_id, key, value FROM automation_state ORDER BY automation_id, trigger_id, key')
      .all() as { automation_id: string; trigger_id: string; key: string; value: string }[];
    return rows.map((r) => ({ automationId: r.automation_id, triggerId: r.trigger_id, key: r.key, value: fromJson(r.value) }));
  }

  async loadFollowers(): Promise<FollowerEntry[]> {
    const rows = this.#s
      .get('SELECT workspace_id, leader_id, event FROM engine_followers ORDER BY received, workspace_id, follower_id')
      .all() as { workspace_id: string; leader_id: string; event: string }[];
    return rows.map((r) => ({ workspaceId: r.workspace_id, leaderId: r.leader_id, event: fromJson<ReceivedEvent>(r.event) }));
  }

  async commit(commit: EngineCommit): Promise<void> {
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
    run(
      c.firings,
      'INSERT INTO automation_firings (id, workspace_id, automation_id, recorded, outcome, firing) VALUES (?, ?, ?, ?, ?, ?)',
      (f) => [f.id, f.workspaceId, f.automationId, f.recorded, f.outcome, toJson(f.firing)],
    );
    run(
      c.outbox,
      `INSERT INTO action_outbox (id, workspace_id, automation_id, firing_id, kind, action_index, body, status, attempts,
         next_attempt_at, last_error, result, created, updated)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, NULL, 'null', ?, ?)`,
      (o) => [
        o.id,
        o.workspaceId,
        o.automationId,
        o.firingId,
        o.kind,
        o.actionIndex === null ? null : int(o.actionIndex),
        toJson(o.body),
        o.nextAttemptAt,
        o.created,
        o.created,
      ],
    );
    if (c.cursor !== undefined) {
      this.#s.get('INSERT INTO engine_cursor (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq').run(int(c.cursor));
    }
  }

  async listFirings(workspaceId: string, automationId: string, limit: number): Promise<FiringRecord[]> {
    if (limit <= 0) return [];
    const rows = this.#s
      .get(
        `SELECT id, workspace_id, automation_id, recorded, outcome, firing FROM automation_firings
         WHERE automation_id = ? AND workspace_id = ? ORDER BY recorded DESC, id DESC LIMIT ?`,
      )
      .all(automationId, workspaceId, int(limit)) as FiringRow[];
    return rows.map((r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      automationId: r.automation_id,
      firing: fromJson<Firing>(r.firing),
      outcome: r.outcome,
      recorded: r.recorded,
    }));
  }
}
