// The event loop's side of the SQLite index thread (index-worker.ts): tells it when events were
// written and, for tests and tools, waits for it to catch up. Nothing waits on it to acknowledge
// an event — queries read the events it has not indexed yet — so a thread that dies costs query
// time, not results; the storage starts another (sqlite/storage.ts, `onDeath`).

import type { Worker } from 'node:worker_threads';
import { startSqliteThread } from './start-thread.js';
import type { IndexReply, IndexRequest, IndexWorkerData } from './index-worker.js';

export class SqliteIndexThread {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve(n: number): void; reject(err: Error): void }>();
  #nextId = 1;
  #stopped: Error | null = null;
  #closing = false;

  private constructor(worker: Worker, onError: (err: Error) => void, onDeath: (err: Error) => void) {
    this.#worker = worker;
    // Its work can always wait for the next start: it never keeps the process alive by itself.
    worker.unref();
    worker.on('message', (reply: IndexReply) => {
      if ('indexError' in reply) return onError(Object.assign(new Error(reply.indexError.message), { code: reply.indexError.code }));
      const waiter = this.#waiting.get(reply.catchUp);
      this.#waiting.delete(reply.catchUp);
      if ('error' in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.covered);
    });
    const stop = (reason: string) => {
      if (this.#stopped) return;
      this.#stopped = new Error(`the SQLite index thread stopped (${reason})`);
      for (const w of this.#waiting.values()) w.reject(this.#stopped);
      this.#waiting.clear();
      if (!this.#closing) onDeath(this.#stopped);
    };
    worker.on('error', (err) => {
      stop(err.message);
      onError(err);
    });
    worker.on('exit', (code) => stop(`exit code ${code}`));
  }

  /** Starts the thread on `file` (migrated, index file prepared) and resolves once it is ready. */
  static start(data: IndexWorkerData & { onError: (err: Error) => void; onDeath?: (err: Error) => void }): Promise<SqliteIndexThread> {
    const worker = startSqliteThread('index-worker', { file: data.file, options: data.options } satisfies IndexWorkerData);
    return new Promise((resolve, reject) => {
      const early = (err: Error) => reject(err);
      const exited = (code: number) => reject(new Error(`the SQLite index thread exited (code ${code}) while starting`));
      worker.once('error', early);
      worker.once('exit', exited);
      worker.once('message', () => {
        worker.off('error', early);
        worker.off('exit', exited);
        resolve(new SqliteIndexThread(worker, data.onError, data.onDeath ?? (() => {})));
      });
    });
  }

  /** Events were committed: the thread indexes them once a batch waits or writes pause. */
  wrote(): void {
    if (!this.#stopped) this.#worker.postMessage('wrote' satisfies IndexRequest);
  }

  /**
   * Indexes everything committed so far; resolves with how many events that took. `keepAlive`
   * false: the answer does not keep the process up (a log line nobody awaits).
   */
  async catchUp({ keepAlive = true } = {}): Promise<number> {
    if (this.#stopped) throw this.#stopped;
    const id = this.#nextId++;
    if (keepAlive) this.#worker.ref(); // awaited: keep the process up for the answer
    try {
      return await new Promise<number>((resolve, reject) => {
        this.#waiting.set(id, { resolve, reject });
        this.#worker.postMessage({ catchUp: id } satisfies IndexRequest);
      });
    } finally {
      if (this.#waiting.size === 0) this.#worker.unref();
    }
  }

  /** Whether the thread has stopped (closed, or died). */
  get stopped(): boolean {
    return this.#stopped !== null;
  }

  /** For tests: ends the thread abruptly, as a crash would. */
  async crash(): Promise<void> {
    await this.#worker.terminate();
  }

  /** Stops the thread; what waits is indexed after the next start. */
  async close(): Promise<void> {
    this.#closing = true;
    if (this.#stopped) return;
    const exited = new Promise<void>((done) => this.#worker.once('exit', () => done()));
    this.#worker.ref(); // awaited now: keep the process up until it has closed its connection
    this.#worker.postMessage('close' satisfies IndexRequest);
    await exited;
  }
}
