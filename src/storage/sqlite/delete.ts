// Retention deletes on SQLite: at most `limit` events per call, in one short IMMEDIATE transaction,
// together with their resource rows; their label and text rows, in the index file, right after
// (no orphans, unlike Prefect's two-step delete [compat D10.29]). Two files commit separately, so
// the first transaction queues the deleted seqs in `index_purges` and the purge empties the queue
// only once the index rows are gone: after a crash between the two, the next purge finishes the
// job (a moment in which label counts may still include those expired events).
// Walks workspaces one by one so every lookup uses an index that starts with `ws`.

import type Database from 'better-sqlite3';
import type { RetentionRule } from '../storage.js';

export class SqliteEventDeleter {
  readonly #db: Database.Database;
  readonly #workspaces: Database.Statement;
  readonly #deleteResources: Database.Statement;
  readonly #queuePurge: Database.Statement;
  readonly #deleteEvents: Database.Statement;
  readonly #run: (rule: RetentionRule, limit: number) => number;
  readonly #purgeIndexRows: () => number;
  readonly #dequeue: (through: number) => void;

  /** `indexDb`: a connection with the index file attached (`db` itself when it has it). */
  constructor(db: Database.Database, indexDb: Database.Database = db) {
    this.#db = db;
    this.#workspaces = db.prepare('SELECT key FROM workspaces ORDER BY key');
    this.#deleteResources = db.prepare('DELETE FROM event_resources WHERE event_seq IN (SELECT value FROM json_each(?))');
    this.#queuePurge = db.prepare('INSERT OR IGNORE INTO index_purges (seq) SELECT value FROM json_each(?)');
    this.#deleteEvents = db.prepare('DELETE FROM events WHERE seq IN (SELECT value FROM json_each(?))');
    this.#run = db.transaction((rule: RetentionRule, limit: number) => this.#deleteBatch(rule, limit)).immediate;
    // Deferred: the first statement locks the index file only; the queue is read, not written.
    const maxQueued = indexDb.prepare('SELECT coalesce(max(seq), 0) FROM main.index_purges').pluck();
    const deleteLabels = indexDb.prepare(
      'DELETE FROM idx.event_labels WHERE event_seq IN (SELECT seq FROM main.index_purges WHERE seq <= ?)',
    );
    const deleteText = indexDb.prepare('DELETE FROM idx.events_fts WHERE rowid IN (SELECT seq FROM main.index_purges WHERE seq <= ?)');
    this.#purgeIndexRows = indexDb.transaction(() => {
      const through = Number(maxQueued.get());
      if (through > 0) {
        deleteLabels.run(through);
        deleteText.run(through);
      }
      return through;
    });
    const dequeue = db.prepare('DELETE FROM index_purges WHERE seq <= ?');
    this.#dequeue = (through) => void dequeue.run(through);
  }

  delete(rule: RetentionRule, limit: number): number {
    if (limit <= 0 || (rule.eventNames && rule.eventNames.length === 0)) return 0;
    const deleted = this.#run(rule, Math.floor(limit));
    this.purgeIndexes();
    return deleted;
  }

  /**
   * Deletes the index rows of the events retention deleted, then forgets them (also run at start,
   * for a queue a crash left behind).
   */
  purgeIndexes(): void {
    const through = this.#purgeIndexRows();
    if (through > 0) this.#dequeue(through);
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
    this.#queuePurge.run(list);
    return this.#deleteEvents.run(list).changes;
  }
}
