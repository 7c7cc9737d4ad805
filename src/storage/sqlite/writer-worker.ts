// The SQLite writer thread (writer-thread.ts): owns a write connection of its own and commits the
// event batches the event loop hands it, one transaction each, in the order they arrive — so the
// commit (and the fsync of synchronous=FULL) runs on the second core while the event loop parses
// HTTP and WebSocket frames ([arch write-throughput], docs/storage.md "Writer thread").

import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { ReceivedEvent } from '../../events/types.js';
import type { InsertResult } from '../storage.js';
import { openSqliteDatabase } from './connection.js';
import { SqliteEventWriter } from './insert.js';
import type { DeferredIndexOptions } from './deferred-indexes.js';

/**
 * Most events one transaction takes when batches queue up behind a commit (the group-commit
 * writer's own batches are ≤ writerMaxBatch, 2,000 by default): a few batches' worth, so a commit
 * stays tens of milliseconds.
 */
const COALESCE_MAX_EVENTS = 8_000;

export interface WriteJob {
  id: number;
  /** The workspace's small integer key (resolved by the event loop, which owns the workspaces table). */
  ws: number;
  events: readonly ReceivedEvent[];
}

export type WriteReply = { id: number; result: InsertResult } | { id: number; error: { message: string; code?: string } };

/** A failed index run on the thread, reported to the event loop's logger (nothing is lost: see deferred-indexes.ts). */
export type IndexErrorNotice = { indexError: { message: string; code?: string } };

export interface WriterWorkerData {
  file: string;
  synchronous: 'FULL' | 'NORMAL';
  /**
   * The label and text indexes are built on this thread, behind its writes (deferred-indexes.ts);
   * null: on the index thread (index-thread.ts).
   */
  deferredIndexes?: Pick<DeferredIndexOptions, 'batch' | 'idleMs'> | null;
}

function serve(): void {
  const { file, synchronous, deferredIndexes } = workerData as WriterWorkerData;
  // The index file only when the indexes are built here (else its lock is the index thread's).
  const db = openSqliteDatabase(file, { synchronous, ...(deferredIndexes !== null && { index: 'attach' }) });
  const port = parentPort!;
  // A failed index run is retried after the next write; queries read the unindexed tail meanwhile.
  const onError = (err: unknown) => {
    const e = err as Error & { code?: string };
    port.postMessage({ indexError: { message: e.message, code: e.code } } satisfies IndexErrorNotice);
  };
  const close = () => {
    writer.indexes?.stop();
    db.close();
    port.close();
  };
  const writer = new SqliteEventWriter(db, deferredIndexes === null ? null : { ...deferredIndexes, onError });
  port.on('message', (first: WriteJob | 'close') => {
    if (first === 'close') return close();
    // Every batch already waiting joins this transaction: one commit for all of them, and none
    // waits for a round trip to the event loop between two commits.
    const jobs = [first];
    let events = first.events.length;
    let closeAfter = false;
    while (events < COALESCE_MAX_EVENTS) {
      const next = receiveMessageOnPort(port)?.message as WriteJob | 'close' | undefined;
      if (next === undefined) break;
      if (next === 'close') {
        closeAfter = true;
        break;
      }
      jobs.push(next);
      events += next.events.length;
    }
    for (const reply of commit(writer, jobs)) port.postMessage(reply);
    if (closeAfter) close();
  });
  port.postMessage('ready');
}

/**
 * One transaction for `jobs`; if it fails, each job again alone, so a batch SQLite refuses fails
 * by itself and the batches that happened to queue beside it are still written.
 */
function commit(writer: SqliteEventWriter, jobs: WriteJob[]): WriteReply[] {
  try {
    const results = writer.writeMany(jobs);
    return jobs.map((job, i) => ({ id: job.id, result: results[i] }));
  } catch (err) {
    if (jobs.length > 1) return jobs.flatMap((job) => commit(writer, [job]));
    const e = err as Error & { code?: string };
    return [{ id: jobs[0].id, error: { message: e.message, code: e.code } }];
  }
}

if (parentPort) serve();
