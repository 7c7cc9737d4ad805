// The embedded backend: one SQLite file used by one process. Writes go through one connection on
// the event loop (better-sqlite3 is synchronous; each write is one short batch). Event queries,
// whose cost depends on what a user asks, run on reader threads with a time budget (read-pool.ts).

import type Database from 'better-sqlite3';
import { type Clock, systemClock, type TimerHandle } from '../../clock.js';
import type { EventFilter, ReceivedEvent, Timestamp } from '../../events/types.js';
import { countByEventSql, countByResourceSql, countByTimeSql, countEventsSql, countEventsUpToSql } from '../sql/counts.js';
import { bucketRanges, perBucketCountsPay } from '../sql/buckets.js';
import { planQuery, type QueryPlan } from '../sql/plan.js';
import type { Statement } from '../sql/params.js';
import { selectEventsSql } from '../sql/select.js';
import { WorkspaceKeys, workspaceSql } from '../sql/workspaces.js';
import { rowToEvent, type StoredEventRow } from '../rows.js';
import type {
  BoundedCount,
  EventQuery,
  EventStore,
  GroupCount,
  InsertResult,
  RetentionRule,
  SeqEvent,
  Storage,
  TimeBucketCount,
} from '../storage.js';
import type { AutomationStorage } from '../automation-store.js';
import { readSqliteEventsAfter, sqliteMaxSeq } from './event-feed.js';
import { createSqliteAutomationStorage } from './automations.js';
import { openSqliteDatabase, type SqliteOptions } from './connection.js';
import { SqliteWriterThread } from './writer-thread.js';
import { SqliteReadPool, type ReadPoolOptions, type ReadStatement } from './read-pool.js';
import { SqliteEventDeleter } from './delete.js';
import { sqliteDialect as d } from './dialect.js';
import { SqliteEventWriter } from './insert.js';
import { type DeferredIndexOptions, SqliteDeferredIndexes } from './deferred-indexes.js';
import { prepareIndexFile } from './index-file.js';
import { SqliteIndexThread } from './index-thread.js';
import { migrateSqlite } from './migrations.js';
import type { WebhookStore } from '../webhook-store.js';
import { StatementCache } from './automation-statements.js';
import { SqliteWebhookStore } from './webhooks.js';

/**
 * Keeps the planner's statistics current as the tables grow, not only at open: without them SQLite
 * cannot tell a selective filter from a wide one and may choose a plan that scans everything
 * (issue #9.2). `PRAGMA optimize` re-analyses only tables whose size changed a lot, and with
 * `analysis_limit` each index is sampled, so a run costs milliseconds; it runs each time the
 * events written since the last run reach the number there were then (1k, 2k, 4k, … ).
 */
class PlannerStatistics {
  readonly #db: Database.Database;
  #since = 0;
  /** Known after the first write (the schema exists only after migrate()). */
  #next: number | null = null;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  inserted(n: number): void {
    this.#next ??= Math.max(1000, Number(this.#db.prepare('SELECT max(seq) FROM events').pluck().get() ?? 0));
    this.#since += n;
    if (this.#since < this.#next) return;
    this.#db.pragma('analysis_limit = 1000');
    this.#db.pragma('optimize');
    this.#next = Math.max(1000, this.#next + this.#since);
    this.#since = 0;
  }
}

export interface SqliteStorageOptions extends SqliteOptions {
  /** The read pool (read-pool.ts); defaults: 2 readers, 30 s budget, the system clock. */
  reads?: Partial<Omit<ReadPoolOptions, 'file'>>;
  /** Commit event batches on a writer thread (writer-thread.ts) instead of this connection. */
  writerThread?: boolean;
  /** When the label and text indexes are built behind the write (deferred-indexes.ts); tests build them on demand. */
  deferredIndexes?: Pick<DeferredIndexOptions, 'batch' | 'idleMs'>;
  /**
   * Build those indexes on a thread of their own (index-thread.ts), started by migrate(), instead
   * of on the connection that writes the events — the server's choice (storage/index.ts).
   */
  indexThread?: boolean;
  /** Told when a thread dies, building an index behind the write fails, or the index file is rebuilt. */
  logger?: { error(obj: object, msg?: string): void; info?(obj: object, msg?: string): void };
  /** Times the index thread's restarts (default: the system clock). */
  clock?: Clock;
}

/** The index thread's first restart waits this long; each death soon after another waits twice as long, up to MAX. */
const INDEX_RESTART_MS = 1000;
const INDEX_RESTART_MAX_MS = 5 * 60_000;
/** A thread that ran this long before dying counts as a first death again. */
const INDEX_THREAD_STABLE_MS = 10 * 60_000;

const WORKSPACE_SQL = workspaceSql('?');

/** The most rows an API page holds ([compat S2.2]): pages up to this size are urgent reads (read-pool.ts). */
const INTERACTIVE_PAGE_LIMIT = 50;

const DEFAULT_READS: Omit<ReadPoolOptions, 'file'> = { size: 2, budgetMs: 30_000, clock: systemClock, mmapBytes: 2048 * 1024 * 1024 };

/**
 * Batches the event loop may hand the writer thread ahead of its commits (writer-worker.ts joins
 * those waiting into one transaction). Measured with `bench/ingest.bench.ts --writer-thread`
 * (docs/storage.md "Writer thread"): with one at a time the thread waited a quarter of each cycle.
 */
const WRITER_THREAD_IN_FLIGHT = 4;

class SqliteEventStore implements EventStore {
  readonly #db: Database.Database;
  readonly #reads: SqliteReadPool | null;
  readonly #keys = new WorkspaceKeys();
  readonly #stats: PlannerStatistics;
  #writer: SqliteEventWriter | undefined;
  #deleter: SqliteEventDeleter | undefined;
  /** Started on the first write (the schema exists by then); null when writes stay on this connection. */
  readonly #startThread: (() => Promise<SqliteWriterThread>) | null;
  #thread: Promise<SqliteWriterThread> | null = null;
  /** Set by migrate() when the indexes are built on their own thread; told after every write. */
  indexThread: SqliteIndexThread | null = null;

  readonly #indexOptions: DeferredIndexOptions | null;
  /** A connection with the index file attached: this one, or the storage's maintenance connection. */
  readonly #indexDb: () => Database.Database;

  constructor(
    db: Database.Database,
    reads: SqliteReadPool | null,
    startThread: (() => Promise<SqliteWriterThread>) | null,
    indexOptions: DeferredIndexOptions | null,
    indexDb: () => Database.Database,
  ) {
    this.#db = db;
    this.#indexDb = indexDb;
    this.#reads = reads;
    this.#indexOptions = indexOptions;
    this.#stats = new PlannerStatistics(db);
    this.#startThread = startThread;
  }

  get writesInFlight(): number {
    return this.#startThread ? WRITER_THREAD_IN_FLIGHT : 1;
  }

  /** The writer thread once started (null before the first write, or when there is none). */
  get thread(): Promise<SqliteWriterThread> | null {
    return this.#thread;
  }

  /** The writer thread's failure, once it has died (every write then fails with it). */
  async threadFailure(): Promise<Error | null> {
    if (!this.#thread) return null;
    try {
      return (await this.#thread).failure;
    } catch (err) {
      return err as Error; // it never started
    }
  }

  /** The indexes behind this connection's writes (null until the first, or with a writer thread). */
  get deferredIndexes(): SqliteDeferredIndexes | null {
    return this.#writer?.indexes ?? null;
  }

  /** Lets the batches handed to the writer thread commit, then stops it (and this connection's indexing). */
  async closeThread(): Promise<void> {
    this.#writer?.indexes?.stop();
    const thread = await this.#thread?.catch(() => null); // one that never started has nothing to close
    await thread?.close();
    await this.indexThread?.close();
  }

  // Statements are prepared lazily: they need the schema, which exists only after migrate().
  get #w(): SqliteEventWriter {
    return (this.#writer ??= new SqliteEventWriter(this.#db, this.#indexOptions));
  }

  get #del(): SqliteEventDeleter {
    return (this.#deleter ??= new SqliteEventDeleter(this.#db, this.#indexDb()));
  }

  /** Index rows of deleted events still queued (a crash between retention's two commits). */
  purgeIndexes(): void {
    this.#del.purgeIndexes();
  }

  /** The workspace's small integer key; created on first write, null on reads of an unknown one. */
  #workspace(id: string, create: boolean): number | null {
    return this.#keys.resolve(id, create, {
      create: (ws: string) => void this.#db.prepare(WORKSPACE_SQL.create).run(ws),
      key: (ws: string) => this.#db.prepare(WORKSPACE_SQL.key).pluck().get(ws) as number | undefined,
    });
  }

  /**
   * Rows of each statement, from one snapshot: on a reader thread when there is a pool. `urgent`:
   * a page's rows, served before queued counts (read-pool.ts).
   */
  async #read<T>(statements: Statement[], urgent = false): Promise<T[][]> {
    const plain: ReadStatement[] = statements.map((s) => ({ sql: s.sql, params: s.params.named }));
    if (this.#reads) return (await this.#reads.run(plain, { urgent })) as T[][];
    return this.#db.transaction(() => plain.map((s) => this.#db.prepare(s.sql).all(s.params) as T[]))();
  }

  async #all<T>(s: Statement, urgent = false): Promise<T[]> {
    return (await this.#read<T>([s], urgent))[0];
  }

  async insertEvents(workspaceId: string, events: readonly ReceivedEvent[]): Promise<InsertResult> {
    if (events.length === 0) return { inserted: [], duplicates: [] };
    const ws = this.#workspace(workspaceId, true)!;
    const result = this.#startThread ? await (await (this.#thread ??= this.#startThread())).write(ws, events) : this.#w.write(ws, events);
    this.#stats.inserted(result.inserted.length);
    if (result.inserted.length > 0) this.indexThread?.wrote();
    return result;
  }

  async existingIds(workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
    const ws = this.#workspace(workspaceId, false);
    if (ws === null || ids.length === 0) return new Set();
    const found = this.#db
      .prepare('SELECT id FROM events WHERE ws = ? AND id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(BigInt(ws), JSON.stringify(ids)) as string[];
    return new Set(found);
  }

  /** Whether to drive `filter` from the label index (sql/plan.ts), from a bounded count of its entries. */
  async #plan(ws: number, filter: EventFilter, kind: 'page' | 'count' = 'count', urgent = kind === 'page'): Promise<QueryPlan> {
    // The probe is a bounded index count: as urgent as the query it plans.
    return planQuery(d, ws, filter, kind, async (s) => Number((await this.#all<{ n: number }>(s, urgent))[0].n));
  }

  async queryEvents(workspaceId: string, query: EventQuery): Promise<ReceivedEvent[]> {
    const ws = this.#workspace(workspaceId, false);
    if (ws === null || query.limit <= 0) return [];
    // The API's pages (≤ 50 rows) are what a person waits for; bulk reads (a backtest's source, an
    // export) wait their turn like counts.
    const urgent = query.limit <= INTERACTIVE_PAGE_LIMIT;
    const plan = await this.#plan(ws, query.filter, 'page', urgent);
    return (await this.#all<StoredEventRow>(selectEventsSql(d, ws, query, plan), urgent)).map(rowToEvent);
  }

  async countEvents(workspaceId: string, filter: EventFilter): Promise<number> {
    const ws = this.#workspace(workspaceId, false);
    if (ws === null) return 0;
    const plan = await this.#plan(ws, filter);
    return Number((await this.#all<{ n: number }>(countEventsSql(d, ws, filter, plan)))[0].n);
  }

  async countEventsUpTo(workspaceId: string, filter: EventFilter, bound: number): Promise<BoundedCount> {
    const ws = this.#workspace(workspaceId, false);
    if (ws === null) return { count: 0, exact: true };
    // The first page's `total`: the page's response waits for it, so it is as urgent as the rows.
    const plan = await this.#plan(ws, filter, 'count', true);
    const n = Number((await this.#all<{ n: number }>(countEventsUpToSql(d, ws, filter, bound, plan), true))[0].n);
    return n > bound ? { count: bound, exact: false } : { count: n, exact: true };
  }

  async countByTime(workspaceId: string, filter: EventFilter, widthMicros: number, pivot: Timestamp): Promise<TimeBucketCount[]> {
    const ws = this.#workspace(workspaceId, false);
    if (ws === null) return [];
    // Bucket by bucket where possible: index range counts instead of a timestamp parse per row
    // (sql/buckets.ts). Like the per-row plan, this counts events, not distinct resources. Driven
    // from the label index, the few matching rows are bucketed per row instead (one index read,
    // not one per bucket).
    const plan = await this.#plan(ws, filter);
    const ranges = plan.labels || !perBucketCountsPay(filter) ? null : bucketRanges(filter, widthMicros, pivot);
    if (ranges) {
      const counting: EventFilter = filter.resource?.distinct ? { ...filter, resource: { ...filter.resource, distinct: false } } : filter;
      // One job for all buckets: one snapshot, one time budget, one round trip to the reader.
      const rows = await this.#read<{ n: number }>(
        ranges.map((r) => countEventsSql(d, ws, { ...counting, occurred: { since: r.since, until: r.until } })),
      );
      return ranges.map((r, i) => ({ bucket: r.bucket, count: Number(rows[i][0].n) })).filter((c) => c.count > 0);
    }
    return (await this.#all<{ bucket: number; n: number }>(countByTimeSql(d, ws, filter, widthMicros, pivot, plan))).map((r) => ({
      bucket: Number(r.bucket),
      count: Number(r.n),
    }));
  }

  async countByGroup(workspaceId: string, filter: EventFilter, by: 'event' | 'resource'): Promise<GroupCount[]> {
    const ws = this.#workspace(workspaceId, false);
    if (ws === null) return [];
    const plan = await this.#plan(ws, filter);
    const s = by === 'event' ? countByEventSql(d, ws, filter, plan) : countByResourceSql(d, ws, filter, plan);
    return (await this.#all<{ value: string; label: string; n: number; start_time: string; end_time: string }>(s)).map((r) => ({
      value: r.value,
      label: r.label,
      count: Number(r.n),
      start_time: r.start_time,
      end_time: r.end_time,
    }));
  }

  async deleteEvents(rule: RetentionRule, limit: number): Promise<number> {
    return this.#del.delete(rule, limit);
  }

  async readAfter(afterSeq: number, limit: number): Promise<SeqEvent[]> {
    return readSqliteEventsAfter(this.#db, afterSeq, limit);
  }

  async maxSeq(): Promise<number> {
    return sqliteMaxSeq(this.#db);
  }

  async seqsOf(workspaceId: string, ids: readonly string[]): Promise<Map<string, number>> {
    const ws = this.#workspace(workspaceId, false);
    if (ws === null || ids.length === 0) return new Map();
    const rows = this.#db
      .prepare('SELECT id, seq FROM events WHERE ws = ? AND id IN (SELECT value FROM json_each(?))')
      .all(BigInt(ws), JSON.stringify(ids)) as { id: string; seq: number }[];
    return new Map(rows.map((r) => [r.id, Number(r.seq)]));
  }
}

export class SqliteStorage implements Storage {
  readonly dialect = 'sqlite' as const;
  readonly events: EventStore;
  readonly automation: AutomationStorage;
  readonly webhooks: WebhookStore;
  readonly #db: Database.Database;
  readonly #reads: SqliteReadPool | null;
  readonly #events: SqliteEventStore;

  readonly #file: string;
  readonly #options: SqliteStorageOptions;
  /** The indexes are built on the index thread (never for an in-memory database: no thread sees it). */
  readonly #threaded: boolean;
  /**
   * With the index thread, the index file is not attached here (every IMMEDIATE transaction of this
   * connection would lock it too); this second connection prepares it and purges its rows.
   */
  #maintenance: Database.Database | null = null;
  readonly #onIndexError: (err: unknown) => void;
  readonly #clock: Clock;
  /** Deaths of the index thread since it last ran long (INDEX_THREAD_STABLE_MS), and when it last started. */
  #indexDeaths = 0;
  #indexThreadStarted = 0;
  #indexRestart: TimerHandle | null = null;
  #closed = false;

  constructor(file: string, options: SqliteStorageOptions = {}) {
    this.#file = file;
    this.#options = options;
    this.#threaded = Boolean(options.indexThread) && file !== ':memory:';
    this.#clock = options.clock ?? systemClock;
    this.#db = openSqliteDatabase(file, { ...options, ...(!this.#threaded && { index: 'durable' }) });
    // An in-memory database exists only on this connection: its reads stay here, without a budget.
    this.#reads = file === ':memory:' ? null : new SqliteReadPool({ file, ...DEFAULT_READS, ...options.reads });
    this.#onIndexError = (err: unknown) =>
      options.logger?.error({ err }, 'building the label and text indexes failed; queries read the events not indexed yet instead');
    const onIndexError = this.#onIndexError;
    const startThread =
      options.writerThread && file !== ':memory:'
        ? () =>
            SqliteWriterThread.start({
              file,
              synchronous: options.synchronous ?? 'FULL',
              deferredIndexes: this.#threaded ? null : options.deferredIndexes,
              onFailure: (err) => options.logger?.error({ err }, 'the SQLite writer thread died: no more events can be stored'),
              onIndexError,
            })
        : null;
    const indexHere = this.#threaded ? null : { ...options.deferredIndexes, onError: onIndexError };
    this.#events = new SqliteEventStore(this.#db, this.#reads, startThread, indexHere, () => this.#indexDb());
    this.events = this.#events;
    this.automation = createSqliteAutomationStorage(this.#db);
    this.webhooks = new SqliteWebhookStore(new StatementCache(this.#db));
  }

  async migrate(): Promise<void> {
    migrateSqlite(this.#db);
    const rebuilt = prepareIndexFile(this.#indexDb());
    const stored = await this.#events.maxSeq();
    if (rebuilt && stored > 0) {
      this.#options.logger?.info?.(
        { reason: rebuilt, events: stored },
        'building the label and text index file from the first event (about half a minute per million events); label and text queries read the events it has not covered yet meanwhile, slower',
      );
    }
    this.#events.purgeIndexes();
    if (this.#threaded && !this.#events.indexThread) {
      await this.#startIndexThread();
      if (rebuilt && stored > 0) this.#reportRebuilt(this.#events.indexThread!, stored);
    }
  }

  /** Logs when the thread has built the rebuilt index file of `events` events (the start was logged too). */
  #reportRebuilt(thread: SqliteIndexThread, events: number): void {
    const started = this.#clock.now();
    thread.catchUp({ keepAlive: false }).then(
      () =>
        this.#options.logger?.info?.(
          { events, seconds: Math.round((this.#clock.now() - started) / 1000) },
          'the label and text index file is built: label and text queries are at full speed again',
        ),
      () => {}, // the thread stopped (closed, or died: logged, and its successor indexes what is left)
    );
  }

  async #startIndexThread(): Promise<void> {
    const thread = await SqliteIndexThread.start({
      file: this.#file,
      options: this.#options.deferredIndexes,
      onError: this.#onIndexError,
      onDeath: (err) => this.#indexThreadDied(err),
    });
    if (this.#closed) return thread.close();
    this.#indexThreadStarted = this.#clock.now();
    this.#events.indexThread = thread;
    // Whatever waits (a rebuild, events stored before a crash or while it was down) is indexed now, not after the next write.
    thread.wrote();
  }

  /**
   * A thread that dies is started again, after 1 s, then twice as long after each death that
   * follows soon after (up to 5 min): queries stay complete meanwhile, but read more un-indexed events.
   */
  #indexThreadDied(err: Error): void {
    if (this.#closed) return;
    if (this.#clock.now() - this.#indexThreadStarted >= INDEX_THREAD_STABLE_MS) this.#indexDeaths = 0;
    const delayMs = Math.min(INDEX_RESTART_MAX_MS, INDEX_RESTART_MS * 2 ** this.#indexDeaths++);
    this.#options.logger?.error(
      { err, restartInMs: delayMs },
      'the SQLite index thread died; it starts again shortly, and queries read the events it has not indexed meanwhile',
    );
    this.#indexRestart = this.#clock.setTimeout(() => {
      this.#indexRestart = null;
      this.#startIndexThread().catch((e: Error) => this.#indexThreadDied(e));
    }, delayMs);
  }

  #indexDb(): Database.Database {
    if (!this.#threaded) return this.#db;
    return (this.#maintenance ??= openSqliteDatabase(this.#file, { synchronous: this.#options.synchronous, index: 'durable' }));
  }

  /** Indexes every event stored so far (on the index thread when there is one); resolves with how many it took. */
  async catchUpIndexes(): Promise<number> {
    if (this.#events.indexThread) return this.#events.indexThread.catchUp();
    return (this.#events.deferredIndexes ?? new SqliteDeferredIndexes(this.#db, { idleMs: null })).catchUp();
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get();
    const failure = await this.#events.threadFailure();
    if (failure) throw failure;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#indexRestart?.cancel();
    await this.#events.closeThread();
    await this.#reads?.close();
    if (this.#maintenance?.open) this.#maintenance.close();
    if (!this.#db.open) return;
    this.#db.pragma('optimize'); // refresh planner statistics for the next start (cheap)
    this.#db.close();
  }

  /** The indexes behind this connection's writes (null until the first write, or with a writer thread), for tests. */
  get deferredIndexes(): SqliteDeferredIndexes | null {
    return this.#events.deferredIndexes;
  }

  /** The writer thread (null until the first write, or when writes stay on this connection), for tests. */
  get writerThread(): Promise<SqliteWriterThread> | null {
    return this.#events.thread;
  }

  /** The index thread (null until migrate(), or without one), for tests. */
  get indexThread(): SqliteIndexThread | null {
    return this.#events.indexThread;
  }

  /** The read pool (null for `:memory:`), for tests and tools (not part of Storage). */
  get readPool(): SqliteReadPool | null {
    return this.#reads;
  }

  /** The underlying connection, for tests and tools in this folder (not part of Storage). */
  get database(): Database.Database {
    return this.#db;
  }
}
