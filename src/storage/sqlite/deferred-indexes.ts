// SQLite indexes built behind the write (docs/storage.md#indexes-behind-the-write): the label
// index (`event_labels`) and the text index (`events_fts`), both in the index file (index-file.ts),
// built on the index thread (index-worker.ts) or on the connection that writes.
//
// Why behind: both are keyed by value (a label value, a trigram), so a batch's entries land on as
// many index pages as it has distinct keys, and SQLite's WAL writes every page a commit dirtied.
// Inline, one resource name per event cost a quarter of insertEvents' throughput, and the text
// index was the largest part of the write. Built from a durable cursor in batches of thousands, the
// same pages take many entries per commit.
//
// Nothing is ever missing from a query: `index_cursors` says through which seq each index is built
// (moved in the same transaction as its entries), and queries add every event above it, read by seq
// range and tested from the event itself (sqlite/dialect.ts: `labelIndexTail`, `textContains`).

import type Database from 'better-sqlite3';
import { INDEXED_LABELS } from '../rows.js';

/**
 * The text index's turn is a quarter of a batch. Measured on a loaded 2-core machine (2026-12-07, a
 * scratch script timing each index over a 200,000-event file): the label index costs 7–10 µs per
 * event over 10,000–20,000 events and 20–24 µs over 2,000 — batching pays; the text index costs
 * 25–35 µs per event at any size (computing the text and its trigrams is most of it), so a smaller
 * turn costs it nothing and keeps one turn near 60–80 ms instead of 250–300 ms for 10,000.
 */
const TEXT_TURN_SHARE = 0.25;

export const LABEL_CURSOR = 'event_labels';
export const TEXT_CURSOR = 'events_fts';

export interface DeferredIndexOptions {
  /**
   * Index as soon as this many events wait, and at most this many into one index per turn of the
   * event loop (default 10,000: large enough that a commit fills each index page with many entries,
   * small enough that one turn blocks the loop for tens of ms, not hundreds).
   */
  batch?: number;
  /** Index what waits once writes pause this long, in ms (default 200; null = only on demand). */
  idleMs?: number | null;
  /** A failed run (the disk is full, …): queries stay complete from the tail; the next write retries. */
  onError?: (err: unknown) => void;
}

/** Builds the entries of events (after, through] for one index. */
type Build = (range: { after: number; through: number }) => void;

// The resource's name straight from the stored JSON, in index order.
function labelBuild(db: Database.Database, label: string): Build {
  const path = `'$."${label.replaceAll('"', '""')}"'`;
  const insert = db.prepare(
    `INSERT INTO idx.event_labels (event_seq, label, ws, value, occurred) ` +
      `SELECT seq, @label, ws, resource ->> ${path}, occurred FROM events ` +
      `WHERE seq > @after AND seq <= @through AND json_type(resource, ${path}) = 'text' ` +
      `ORDER BY ws, resource ->> ${path}, occurred`,
  );
  return (range) => insert.run({ label, ...range });
}

// searchableText of each event (the registered herald_search_text, sqlite/connection.ts).
function textBuild(db: Database.Database): Build {
  const insert = db.prepare(
    'INSERT INTO idx.events_fts (rowid, search) SELECT seq, herald_search_text(event, resource, related, payload) FROM events ' +
      'WHERE seq > @after AND seq <= @through',
  );
  return (range) => insert.run(range);
}

export class SqliteDeferredIndexes {
  readonly #batch: number;
  readonly #idleMs: number | null;
  readonly #onError: (err: unknown) => void;
  readonly #cursor: Database.Statement;
  readonly #maxSeq: Database.Statement;
  readonly #indexes: { name: string; turn: number; run: (limit: number) => number }[];
  #idle: NodeJS.Timeout | null = null;
  #soon: NodeJS.Immediate | null = null;
  #draining = false;

  constructor(db: Database.Database, options: DeferredIndexOptions = {}) {
    this.#batch = options.batch ?? 10_000;
    this.#idleMs = options.idleMs === undefined ? 200 : options.idleMs;
    this.#onError = options.onError ?? (() => {});
    this.#cursor = db.prepare('SELECT seq FROM idx.index_cursors WHERE name = ?').pluck();
    this.#maxSeq = db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck();
    const advance = db.prepare('UPDATE idx.index_cursors SET seq = ? WHERE name = ?');
    const index = (name: string, builds: Build[], turnShare: number) => ({
      name,
      turn: Math.max(1, Math.round(this.#batch * turnShare)),
      // A deferred transaction locks only the file it writes: the events file stays free for the
      // writer. The index file is read first, so its snapshot is older than the events': if
      // retention purges index rows (delete.ts) after that read, moving the cursor fails
      // (SQLITE_BUSY_SNAPSHOT) and the run is retried — it can never write entries for events
      // whose rows the purge has already deleted. Returns how many events it covered.
      run: db.transaction((limit: number): number => {
        const after = Number(this.#cursor.get(name));
        const through = Math.min(Number(this.#maxSeq.get()), after + limit);
        if (through <= after) return 0;
        advance.run(through, name);
        for (const build of builds) build({ after, through });
        return through - after;
      }),
    });
    this.#indexes = [
      index(
        LABEL_CURSOR,
        INDEXED_LABELS.map((label) => labelBuild(db, label)),
        1,
      ),
      index(TEXT_CURSOR, [textBuild(db)], TEXT_TURN_SHARE),
    ];
  }

  /** Events stored but not yet in every index. */
  pending(): number {
    const max = Number(this.#maxSeq.get());
    return Math.max(...this.#indexes.map((i) => max - Number(this.#cursor.get(i.name))));
  }

  /** Indexes up to `limit` waiting events, one transaction per index; returns the most any index covered. */
  indexSome(limit = this.#batch): number {
    return Math.max(0, ...this.#indexes.map((i) => i.run(limit)));
  }

  /**
   * One turn's work: the index furthest behind, over at most its turn's share of a batch (one
   * transaction); returns how many events it covered.
   */
  indexNext(): number {
    const cursors = this.#indexes.map((i) => Number(this.#cursor.get(i.name)));
    const behind = this.#indexes[cursors.indexOf(Math.min(...cursors))];
    return behind.run(behind.turn);
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
   * One batch into one index on the next turn of the event loop, then another while a full batch
   * waits (or, to `drain` after writes paused, while anything waits) — small batches under load
   * would give back what indexing behind the write saves (see TEXT_TURN_SHARE for the text index).
   */
  #runSoon(drain: boolean): void {
    this.#draining ||= drain;
    if (this.#soon) return;
    this.#soon = setImmediate(() => {
      this.#soon = null;
      try {
        const more = this.indexNext() > 0 && this.pending() >= (this.#draining ? 1 : this.#batch);
        if (more) this.#runSoon(false);
        else this.#draining = false;
      } catch (err) {
        // Retention purged index rows after this run's first read (see the constructor): try again.
        if ((err as { code?: string }).code === 'SQLITE_BUSY_SNAPSHOT') return this.#runSoon(this.#draining);
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
