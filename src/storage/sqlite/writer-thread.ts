// The event loop's side of the SQLite writer thread (writer-worker.ts): hands it event batches and
// resolves each caller once its batch is committed — a resolved write is durable, exactly as when
// the loop committed it itself ([arch I2]).
//
// A thread that dies (a native crash, out of memory, terminated) cannot have committed anything it
// did not answer, so every unanswered batch is rejected and so is every later one: the server says
// "storage failure" and acknowledges nothing it did not write, until it is restarted.

import type { Worker } from 'node:worker_threads';
import { HeraldError } from '../../errors.js';
import type { ReceivedEvent } from '../../events/types.js';
import type { InsertResult } from '../storage.js';
import { startSqliteThread } from './start-thread.js';
import type { IndexErrorNotice, WriteJob, WriteReply, WriterWorkerData } from './writer-worker.js';

interface Pending {
  resolve(result: InsertResult): void;
  reject(err: Error): void;
}

/** A failure of one batch inside the thread, with SQLite's code (e.g. SQLITE_FULL) kept. */
export class SqliteWriteError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.name = 'SqliteWriteError';
    this.code = code;
  }
}

export class SqliteWriterThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #failure: HeraldError | null = null;
  #closing: Promise<void> | null = null;

  private constructor(worker: Worker, onFailure: (err: HeraldError) => void, onIndexError: (err: Error) => void) {
    this.#worker = worker;
    worker.on('message', (reply: WriteReply | IndexErrorNotice) => {
      if ('indexError' in reply) {
        onIndexError(new SqliteWriteError(reply.indexError.message, reply.indexError.code));
        return;
      }
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if ('result' in reply) pending.resolve(reply.result);
      else pending.reject(new SqliteWriteError(reply.error.message, reply.error.code));
    });
    const die = (reason: string) => {
      const failure = new HeraldError('HERALD_ERR_STORAGE', { reason: `the SQLite writer thread stopped (${reason}); restart the server` });
      for (const p of this.#pending.values()) p.reject(failure);
      this.#pending.clear();
      // After close() the thread is meant to exit.
      if (this.#failure || this.#closing) return;
      this.#failure = failure;
      onFailure(failure);
    };
    worker.on('error', (err) => die(err.message));
    worker.on('exit', (code) => die(`exit code ${code}`));
  }

  /** Starts the thread on `file` and resolves once its connection is open. */
  static start(
    opts: WriterWorkerData & { onFailure?: (err: HeraldError) => void; onIndexError?: (err: Error) => void },
  ): Promise<SqliteWriterThread> {
    const worker = startSqliteThread('writer-worker', {
      file: opts.file,
      synchronous: opts.synchronous,
      deferredIndexes: opts.deferredIndexes,
    } satisfies WriterWorkerData);
    return new Promise((resolve, reject) => {
      const early = (err: Error) => reject(err);
      const exited = (code: number) => reject(new Error(`the SQLite writer thread exited (code ${code}) while starting`));
      worker.once('error', early);
      worker.once('exit', exited);
      worker.once('message', (msg) => {
        worker.off('error', early);
        worker.off('exit', exited);
        if (msg === 'ready') resolve(new SqliteWriterThread(worker, opts.onFailure ?? (() => {}), opts.onIndexError ?? (() => {})));
        else reject(new Error('the SQLite writer thread did not start'));
      });
    });
  }

  /** Null while the thread works; the failure every write now gets once it has died. */
  get failure(): HeraldError | null {
    return this.#failure;
  }

  /** Commits `events` in one transaction on the thread; resolves once durable. */
  write(ws: number, events: readonly ReceivedEvent[]): Promise<InsertResult> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closing) return Promise.reject(new HeraldError('HERALD_ERR_SHUTTING_DOWN'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, ws, events } satisfies WriteJob);
    });
  }

  /** Waits for the batches already handed over, then closes the thread's connection. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.allSettled([...this.#pending.values()].map((p) => new Promise<void>((done) => wrap(p, done))));
      if (this.#failure) return;
      const exited = new Promise<void>((done) => this.#worker.once('exit', () => done()));
      this.#worker.postMessage('close');
      await exited;
    })();
    return this.#closing;
  }

  /** Test hook: kills the thread as a native crash would. */
  terminateForTest(): Promise<number> {
    return this.#worker.terminate();
  }
}

/** Calls `done` when `p` settles, without changing what its caller sees. */
function wrap(p: Pending, done: () => void): void {
  const { resolve, reject } = p;
  p.resolve = (r) => {
    resolve(r);
    done();
  };
  p.reject = (e) => {
    reject(e);
    done();
  };
}
