// Retention deletes on SQLite: at most `limit` events per call, in one short IMMEDIATE transaction,
// together with their resource, label and text rows (no orphans, unlike Prefect's two-step delete [compat D10.29]).
// Walks workspaces one by one so every lookup uses an index that starts with `ws`.

import type Database from 'better-sqlite3';
import type { RetentionRule } from '../storage.js';

export class SqliteEventDeleter {
  readonly #db: Database.Database;
  readonly #workspaces: Database.Statement;
  readonly #deleteResources: Database.Statement;
  readonly #deleteLabels: Database.Statement;
  readonly #deleteText: Database.Statement;
  readonly #deleteEvents: Database.Statement;
  readonly #run: (rule: RetentionRule, limit: number) => number;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#workspaces = db.prepare('SELECT key FROM workspaces ORDER BY key');
    this.#deleteResources = db.prepare('DELETE FROM event_resources WHERE event_seq IN (SELECT value FROM json_each(?))');
    this.#deleteLabels = db.prepare('DELETE FROM event_labels WHERE event_seq IN (SELECT value FROM json_each(?))');
    this.#deleteText = db.prepare('DELETE FROM events_fts WHERE rowid IN (SELECT value FROM json_each(?))');
    this.#deleteEvents = db.prepare('DELETE FROM events WHERE seq IN (SELECT value FROM json_each(?))');
    this.#run = db.transaction((rule: RetentionRule, limit: number) => this.#deleteBatch(rule, limit)).immediate;
  }

  delete(rule: RetentionRule, limit: number): number {
    if (limit <= 0 || (rule.eventNames && rule.eventNames.length === 0)) return 0;
    return this.#run(rule, Math.floor(limit));
  }

  #deleteBatch(rule: RetentionRule, limit: number): number {
    const seqs: number[] = [];
    for (const { key } of this.#workspaces.all() as { key: number }[]) {
      if (seqs.length >= limit) break;
      const where = ['ws = @ws', 'occurred < @before'];
      const params: Record<string, unknown> = { ws: BigInt(key), before: rule.before, limit: BigInt(limit - seqs.length) };
      if (rule.eventNames) {
        where.push('event IN (SELECT value FROM json_each(@names))');
        params.names = JSON.stringify(rule.eventNames);
      }
      if (rule.excludeEventNames && rule.excludeEventNames.length > 0) {
        where.push('event NOT IN (SELECT value FROM json_each(@excluded))');
        params.excluded = JSON.stringify(rule.excludeEventNames);
      }
      const rows = this.#db
        .prepare(`SELECT seq FROM events WHERE ${where.join(' AND ')} LIMIT @limit`)
        .pluck()
        .all(params) as number[];
      seqs.push(...rows);
    }
    if (seqs.length === 0) return 0;
    const list = JSON.stringify(seqs);
    this.#deleteResources.run(list);
    this.#deleteLabels.run(list);
    this.#deleteText.run(list);
    return this.#deleteEvents.run(list).changes;
  }
}
