// One reader thread of the SQLite read pool (read-pool.ts). It owns a read-only connection to the
// database file and runs the statements of one job at a time, so a long query holds this thread,
// never the event loop that answers HTTP.
//
// Cancelling: better-sqlite3 has no sqlite3_interrupt, and terminating a thread does not stop native
// code. So the filter SQL calls `herald_live()` as it scans (sqlite/dialect.ts `liveCheck`); the
// function reads this job's slot of a SharedArrayBuffer, which the pool sets when the query's
// budget is spent, and throws — SQLite then aborts the statement and this thread is free again.

import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { openSqliteReader } from './connection.js';

export interface ReadJob {
  id: number;
  statements: { sql: string; params: Record<string, unknown> }[];
}

export type ReadReply = { id: number; rows: unknown[][] } | { id: number; error: { message: string; code?: string; cancelled: boolean } };

export interface ReadWorkerData {
  file: string;
  /** Int32Array view: slot 0 ≠ 0 means "abandon the running job". */
  cancel: SharedArrayBuffer;
  /** Bytes of the file this reader maps (0 = none). */
  mmapBytes: number;
}

/** Thrown by herald_live(); recognised by its message when SQLite re-raises it. */
export const CANCELLED_MESSAGE = 'herald: query cancelled (time budget spent)';

/** Prepared statements are reused across jobs (the filter shapes repeat), up to this many. */
const STATEMENT_CACHE = 256;

function start(data: ReadWorkerData): void {
  const cancel = new Int32Array(data.cancel);
  const db = openSqliteReader(
    data.file,
    () => {
      if (Atomics.load(cancel, 0) !== 0) throw new Error(CANCELLED_MESSAGE);
      return 1;
    },
    data.mmapBytes,
  );
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let s = cache.get(sql);
    if (!s) {
      if (cache.size >= STATEMENT_CACHE) cache.clear();
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };

  // Several statements (a count-by/time's buckets) read one snapshot: a read transaction.
  const readAll = db.transaction((statements: ReadJob['statements']) => statements.map((s) => prepare(s.sql).all(s.params)));

  parentPort!.on('message', (job: ReadJob) => {
    let reply: ReadReply;
    try {
      reply = { id: job.id, rows: readAll(job.statements) };
    } catch (err) {
      const e = err as { message?: string; code?: string };
      const message = String(e.message ?? err);
      reply = { id: job.id, error: { message, code: e.code, cancelled: message.includes(CANCELLED_MESSAGE) } };
    }
    parentPort!.postMessage(reply);
  });
}

start(workerData as ReadWorkerData);
