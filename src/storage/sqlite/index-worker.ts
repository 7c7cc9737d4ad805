// The SQLite index thread (index-thread.ts): builds the label and text indexes in the index file
// (index-file.ts) on a connection of its own, behind the writes the event loop tells it about — so
// neither the event loop nor the writer thread spends its turns on them, and the events file's
// write lock stays the writer's (docs/storage.md "The index file").

import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteDatabase } from './connection.js';
import { type DeferredIndexOptions, SqliteDeferredIndexes } from './deferred-indexes.js';

export interface IndexWorkerData {
  file: string;
  options?: Pick<DeferredIndexOptions, 'batch' | 'idleMs'>;
}

/** 'wrote': events were committed; { catchUp }: index everything now and answer how many. */
export type IndexRequest = 'wrote' | 'close' | { catchUp: number };

export type IndexReply =
  | { catchUp: number; covered: number }
  | { catchUp: number; error: string }
  | { indexError: { message: string; code?: string } };

function serve(): void {
  const { file, options } = workerData as IndexWorkerData;
  // Reads the events file, writes only the index file (its transactions are deferred).
  const db = openSqliteDatabase(file, { index: 'attach' });
  // Planner statistics of the index file, as the events file gets them at open (connection.ts).
  db.pragma('idx.optimize = 0x10002');
  const port = parentPort!;
  const indexes = new SqliteDeferredIndexes(db, {
    ...options,
    onError: (err) => {
      const e = err as Error & { code?: string };
      port.postMessage({ indexError: { message: e.message, code: e.code } } satisfies IndexReply);
    },
  });
  port.on('message', (request: IndexRequest) => {
    if (request === 'wrote') return indexes.afterWrite();
    if (request === 'close') {
      indexes.stop();
      db.close();
      port.close();
      return;
    }
    try {
      port.postMessage({ catchUp: request.catchUp, covered: indexes.catchUp() } satisfies IndexReply);
    } catch (err) {
      port.postMessage({ catchUp: request.catchUp, error: (err as Error).message } satisfies IndexReply);
    }
  });
  port.postMessage('ready');
}

if (parentPort) serve();
