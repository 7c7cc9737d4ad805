// The SQLite read pool: event queries (filter pages, totals, count-by) run on reader threads, each
// with a time budget, so no query can stall the process — /health, ingest and the WebSockets stay
// on an event loop that is never blocked by a read (docs/storage.md "Query time budget").
//
//   budget    starts when the query is submitted (waiting for a free reader counts) and runs on the
//             injected clock; when it is spent the caller gets HERALD_ERR_QUERY_TIMEOUT at once and
//             the reader is told to abandon the statement (read-worker.ts, `herald_live()`);
//   stuck     a reader that does not come back within GRACE_MS after that (a plan that never
//             reaches `herald_live()`) is terminated and replaced. Native code cannot be stopped,
//             so the old thread may linger until its statement ends: such threads are counted, and
//             no replacement is started while as many linger as the pool has readers — queries
//             then wait (and time out) instead of threads piling up.

import type { Worker } from 'node:worker_threads';
import { startSqliteThread } from './start-thread.js';
import type { Clock, TimerHandle } from '../../clock.js';
import { HeraldError } from '../../errors.js';
import type { ReadJob, ReadReply, ReadWorkerData } from './read-worker.js';

export interface ReadPoolOptions {
  file: string;
  /** Reader threads. */
  size: number;
  /** Bytes of the file each reader maps (PRAGMA mmap_size; 0 = none). */
  mmapBytes?: number;
  /** Time budget of one job, in ms. */
  budgetMs: number;
  clock: Clock;
  logger?: { warn(obj: object, msg?: string): void };
}

export interface ReadStatement {
  sql: string;
  params: Record<string, unknown>;
}

/** How long a cancelled reader may take to notice before it is replaced. */
const GRACE_MS = 5_000;

interface Job {
  id: number;
  urgent: boolean;
  statements: ReadStatement[];
  resolve(rows: unknown[][]): void;
  reject(err: Error): void;
  timer: TimerHandle;
  settled: boolean;
}

interface Reader {
  worker: Worker;
  cancel: Int32Array;
  job: Job | null;
}

export class SqliteReadPool {
  readonly #opts: ReadPoolOptions;
  readonly #readers: Reader[] = [];
  readonly #queue: Job[] = [];
  #lingering = 0;
  #nextId = 1;
  #closed = false;

  constructor(opts: ReadPoolOptions) {
    this.#opts = opts;
  }

  /**
   * Runs `statements` in order on one reader (one consistent snapshot); rows per statement. An
   * `urgent` job waits only behind other urgent ones: the rows of a page (≤ 50, read in index order
   * and stopping early) are what a person waits for, while a histogram or a total over the same
   * window can take a hundred times longer — shortest job first keeps a feed's rows from queueing
   * behind its own counts.
   */
  run(statements: ReadStatement[], options: { urgent?: boolean } = {}): Promise<unknown[][]> {
    if (this.#closed) return Promise.reject(new HeraldError('HERALD_ERR_SHUTTING_DOWN'));
    return new Promise((resolve, reject) => {
      const urgent = options.urgent === true;
      const job: Job = { id: this.#nextId++, urgent, statements, resolve, reject, settled: false, timer: { cancel: () => {} } };
      job.timer = this.#opts.clock.setTimeout(() => this.#expire(job), this.#opts.budgetMs);
      const firstNotUrgent = urgent ? this.#queue.findIndex((j) => !j.urgent) : -1;
      if (firstNotUrgent < 0) this.#queue.push(job);
      else this.#queue.splice(firstNotUrgent, 0, job);
      this.#pump();
    });
  }

  /** Serving readers, terminated ones still finishing a native call, and jobs waiting for a reader. */
  get state(): { readers: number; lingering: number; queued: number } {
    return { readers: this.#readers.length, lingering: this.#lingering, queued: this.#queue.length };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const job of this.#queue.splice(0)) this.#settle(job, new HeraldError('HERALD_ERR_SHUTTING_DOWN'));
    const readers = this.#readers.splice(0);
    for (const r of readers) {
      if (r.job) this.#settle(r.job, new HeraldError('HERALD_ERR_SHUTTING_DOWN'));
      Atomics.store(r.cancel, 0, 1);
    }
    // A reader stuck in native code would hold terminate() until its statement ends: don't wait.
    await Promise.all(readers.map((r) => (r.job ? (r.worker.unref(), undefined) : r.worker.terminate())));
  }

  #spawn(): Reader {
    const cancel = new SharedArrayBuffer(4);
    const data: ReadWorkerData = { file: this.#opts.file, cancel, mmapBytes: this.#opts.mmapBytes ?? 0 };
    const worker = startSqliteThread('read-worker', data);
    const reader: Reader = { worker, cancel: new Int32Array(cancel), job: null };
    worker.on('message', (reply: ReadReply) => this.#answered(reader, reply));
    worker.on('error', (err) => this.#failed(reader, err));
    worker.on('exit', (code) => this.#failed(reader, new Error(`reader thread exited (code ${code})`)));
    this.#readers.push(reader);
    return reader;
  }

  /** Hands queued jobs to idle readers, starting readers on demand (up to `size`). */
  #pump(): void {
    while (this.#queue.length > 0) {
      let reader = this.#readers.find((r) => !r.job);
      if (!reader) {
        if (!this.#canSpawn()) return;
        reader = this.#spawn();
      }
      const job = this.#queue.shift()!;
      reader.job = job;
      Atomics.store(reader.cancel, 0, 0);
      const message: ReadJob = { id: job.id, statements: job.statements };
      reader.worker.postMessage(message);
    }
  }

  /** Below `size` readers, and not while as many retired threads are still running. */
  #canSpawn(): boolean {
    const n = this.#readers.length;
    return !this.#closed && n < this.#opts.size && n + this.#lingering < 2 * this.#opts.size;
  }

  #answered(reader: Reader, reply: ReadReply): void {
    const job = reader.job;
    reader.job = null;
    if (job && job.id === reply.id) {
      if ('rows' in reply) this.#settle(job, null, reply.rows);
      else if (reply.error.cancelled) this.#settle(job, this.#timeout());
      else this.#settle(job, new HeraldError('HERALD_ERR_STORAGE', { reason: reply.error.message }));
    }
    this.#pump();
  }

  /** The thread died (e.g. out of memory, or the file could not be opened): fail its job, replace it. */
  #failed(reader: Reader, err: Error): void {
    if (!this.#readers.includes(reader)) return; // already retired
    this.#opts.logger?.warn({ err }, 'SQLite reader thread failed; starting another');
    if (reader.job) this.#settle(reader.job, new HeraldError('HERALD_ERR_STORAGE', { reason: err.message }, { cause: err }));
    this.#remove(reader);
    this.#pump();
  }

  #expire(job: Job): void {
    if (job.settled) return;
    this.#settle(job, this.#timeout());
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      return;
    }
    const reader = this.#readers.find((r) => r.job === job);
    if (!reader) return;
    Atomics.store(reader.cancel, 0, 1);
    this.#opts.clock.setTimeout(() => {
      if (reader.job === job && !this.#closed) this.#retire(reader);
    }, GRACE_MS);
  }

  /** A reader that ignored its cancellation: let its thread run out alone, serve with a new one. */
  #retire(reader: Reader): void {
    this.#opts.logger?.warn({ graceMs: GRACE_MS }, 'SQLite reader did not abandon a cancelled query; replacing it');
    this.#remove(reader);
    reader.job = null;
    this.#lingering++;
    reader.worker.removeAllListeners('message');
    reader.worker.once('exit', () => {
      this.#lingering--;
      this.#pump();
    });
    reader.worker.unref();
    void reader.worker.terminate();
    this.#pump();
  }

  #remove(reader: Reader): void {
    const i = this.#readers.indexOf(reader);
    if (i >= 0) this.#readers.splice(i, 1);
  }

  #timeout(): HeraldError {
    return new HeraldError('HERALD_ERR_QUERY_TIMEOUT', { budget: this.#opts.budgetMs / 1000 });
  }

  #settle(job: Job, err: Error | null, rows?: unknown[][]): void {
    if (job.settled) return;
    job.settled = true;
    job.timer.cancel();
    if (err) job.reject(err);
    else job.resolve(rows!);
  }
}
