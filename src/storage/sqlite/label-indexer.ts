// The SQLite label index built behind the write (docs/storage.md#label-index).
//
// Why behind: a label index is keyed by value, so a batch's rows land on as many index pages as it
// has distinct values, and SQLite's WAL writes every page a commit dirtied — inline, one name per
// event cost a quarter of insertEvents' throughput. Indexed from a durable cursor in batches of
// thousands, the same pages take many rows per commit, sorted by key.
//
// Nothing is ever missing from a query: `index_cursors('event_labels')` says through which seq the
// index is built, and the label driver adds every event above it (sql/labels.ts, the dialect's
// `labelIndexTail`), read by seq range. The cursor moves in the same transaction as the rows.

import type Database from 'better-sqlite3';
import { INDEXED_LABELS } from '../rows.js';

export const LABEL_CURSOR = 'event_labels';

export interface LabelIndexerOptions {
  /** Index as soon as this many events wait (default 20,000). */
  batch?: number;
  /** Index what waits once writes pause this long, in ms (default 200; null = only on demand). */
  idleMs?: number | null;
  /** A failed run (the disk is full, …): queries stay complete from the tail; the next write retries. */
  onError?: (err: unknown) => void;
}

// One statement per indexed label: its value straight from the stored JSON, in index order.
const insertSql = (label: string): string => {
  const path = `'$."${label.replaceAll('"', '""')}"'`;
  return (
    `INSERT INTO event_labels (event_seq, label, ws, value, occurred) ` +
    `SELECT seq, @label, ws, resource ->> ${path}, occurred FROM events ` +
    `WHERE seq > @after AND seq <= @through AND json_type(resource, ${path}) = 'text' ` +
    `ORDER BY ws, resource ->> ${path}, occurred`
  );
};

export class SqliteLabelIndexer {
  readonly #batch: number;
  readonly #idleMs: number | null;
  readonly #onError: (err: unknown) => void;
  readonly #cursor: Database.Statement;
  readonly #maxSeq: Database.Statement;
  readonly #advance: Database.Statement;
  readonly #inserts: { label: string; statement: Database.Statement }[];
  readonly #indexRange: (after: number, through: number) => void;
  #idle: NodeJS.Timeout | null = null;
  #soon: NodeJS.Immediate | null = null;
  #draining = false;

  constructor(db: Database.Database, options: LabelIndexerOptions = {}) {
    this.#batch = options.batch ?? 20_000;
    this.#idleMs = options.idleMs === undefined ? 200 : options.idleMs;
    this.#onError = options.onError ?? (() => {});
    this.#cursor = db.prepare('SELECT seq FROM index_cursors WHERE name = ?').pluck();
    this.#maxSeq = db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck();
    this.#advance = db.prepare('UPDATE index_cursors SET seq = ? WHERE name = ?');
    this.#inserts = INDEXED_LABELS.map((label) => ({ label, statement: db.prepare(insertSql(label)) }));
    this.#indexRange = db.transaction((after: number, through: number) => {
      for (const { label, statement } of this.#inserts) statement.run({ label, after, through });
      this.#advance.run(through, LABEL_CURSOR);
    }).immediate;
  }

  /** Events stored but not yet indexed. */
  pending(): number {
    return Number(this.#maxSeq.get()) - Number(this.#cursor.get(LABEL_CURSOR));
  }

  /** Indexes up to `limit` waiting events in one transaction; returns how many it covered. */
  indexSome(limit = this.#batch): number {
    const after = Number(this.#cursor.get(LABEL_CURSOR));
    const through = Math.min(Number(this.#maxSeq.get()), after + limit);
    if (through <= after) return 0;
    this.#indexRange(after, through);
    return through - after;
  }

  /** Indexes everything waiting. */
  catchUp(): number {
    let total = 0;
    for (let n = this.indexSome(); n > 0; n = this.indexSome()) total += n;
    return total;
  }

  /**
   * Called after each committed write: a full batch is indexed right after it; what is left, one
   * batch per turn of the event loop once writes pause for `idleMs`.
   */
  afterWrite(): void {
    if (this.pending() >= this.#batch) this.#runSoon(false);
    if (this.#idleMs === null) return;
    if (this.#idle) this.#idle.refresh();
    else {
      this.#idle = setTimeout(() => {
        this.#idle = null;
        this.#runSoon(true);
      }, this.#idleMs);
      this.#idle.unref();
    }
  }

  /**
   * One batch on the next turn of the event loop, then another while a full batch waits (or, to
   * `drain` after writes paused, while anything waits) — small batches under load would give back
   * what indexing behind the write saves.
   */
  #runSoon(drain: boolean): void {
    this.#draining ||= drain;
    if (this.#soon) return;
    this.#soon = setImmediate(() => {
      this.#soon = null;
      try {
        const more = this.indexSome() > 0 && this.pending() >= (this.#draining ? 1 : this.#batch);
        if (more) this.#runSoon(false);
        else this.#draining = false;
      } catch (err) {
        this.#draining = false;
        this.#onError(err);
      }
    });
  }

  /** Stops the scheduled work (before the connection closes); what waits is indexed on a later run. */
  stop(): void {
    if (this.#soon) clearImmediate(this.#soon);
    if (this.#idle) clearTimeout(this.#idle);
    this.#soon = null;
    this.#idle = null;
  }
}
