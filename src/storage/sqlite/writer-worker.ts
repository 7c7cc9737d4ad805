// The SQLite writer thread (writer-thread.ts): owns a write connection of its own and commits the
// event batches the event loop hands it, one transaction each, in the order they arrive — so the
// commit (and the fsync of synchronous=FULL) runs on the second core while the event loop parses
// HTTP and WebSocket frames ([arch write-throughput], docs/storage.md "Writer thread").

import { parentPort, workerData } from 'node:worker_threads';
import type { ReceivedEvent } from '../../events/types.js';
import type { InsertResult } from '../storage.js';
import { openSqliteDatabase } from './connection.js';
import { SqliteEventWriter } from './insert.js';
import type { DeferredIndexOptions } from './deferred-indexes.js';

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
  /** The label and text indexes are built on this thread, behind its writes (deferred-indexes.ts). */
  deferredIndexes?: Pick<DeferredIndexOptions, 'batch' | 'idleMs'>;
}

function serve(): void {
  const { file, synchronous, deferredIndexes } = workerData as WriterWorkerData;
  const db = openSqliteDatabase(file, { synchronous });
  const port = parentPort!;
  // A failed index run is retried after the next write; queries read the unindexed tail meanwhile.
  const onError = (err: unknown) => {
    const e = err as Error & { code?: string };
    port.postMessage({ indexError: { message: e.message, code: e.code } } satisfies IndexErrorNotice);
  };
  const writer = new SqliteEventWriter(db, { ...deferredIndexes, onError });
  port.on('message', (job: WriteJob | 'close') => {
    if (job === 'close') {
      writer.indexes.stop();
      db.close();
      port.close();
      return;
    }
    let reply: WriteReply;
    try {
      reply = { id: job.id, result: writer.write(job.ws, job.events) };
    } catch (err) {
      const e = err as Error & { code?: string };
      reply = { id: job.id, error: { message: e.message, code: e.code } };
    }
    port.postMessage(reply);
  });
  port.postMessage('ready');
}

if (parentPort) serve();
