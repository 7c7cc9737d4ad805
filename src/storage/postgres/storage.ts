// The production backend: a pg connection pool. Reads render timestamps with to_char so the
// microseconds survive (pg's Date parsing would cut them to milliseconds).

import pg from 'pg';
import { HeraldError } from '../../errors.js';
import type { EventFilter, ReceivedEvent, Timestamp } from '../../events/types.js';
import { countByTimeFromRollupSql, EventCountsBuilder } from './event-counts.js';
import { countByEventSql, countByResourceSql, countByTimeSql, countEventsSql, countEventsUpToSql } from '../sql/counts.js';
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
import { readPostgresEventsAfter, settledMaxSeq } from './event-feed.js';
import { createPostgresAutomationStorage } from './automations.js';
import { deletePostgresEvents } from './delete.js';
import { postgresDialect as d } from './dialect.js';
import { insertPostgresEvents } from './insert.js';
import { migratePostgres, type MigrationOutcome, postgresMigrations } from './migrations.js';
import type { WebhookStore } from '../webhook-store.js';
import { PostgresWebhookStore } from './webhooks.js';

export interface PostgresOptions {
  connectionString: string;
  poolSize: number;
  /** Time budget of one event query, in ms (statement_timeout of the reading connections); default 30 s. */
  queryTimeout?: number;
  /**
   * Told about degraded features (e.g. no pg_trgm) and idle-connection errors; `info`, of each
   * migration as it starts (on a large store one can take minutes, and a server start waits for it).
   */
  logger?: { warn(obj: object, msg?: string): void; info?(obj: object, msg?: string): void };
}

/** PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout (or a cancel request). */
const QUERY_CANCELED = '57014';

/**
 * An event query on the reading connections (statement_timeout = `budgetMs`): over its budget
 * PostgreSQL cancels it, answered as HERALD_ERR_QUERY_TIMEOUT.
 */
export async function queryWithinBudget<T extends pg.QueryResultRow>(
  reads: pg.Pool,
  sql: string,
  values: unknown[],
  budgetMs: number,
): Promise<T[]> {
  try {
    return (await reads.query<T>(sql, values)).rows;
  } catch (err) {
    if ((err as { code?: unknown }).code === QUERY_CANCELED) {
      throw new HeraldError('HERALD_ERR_QUERY_TIMEOUT', { budget: budgetMs / 1000 }, { cause: err });
    }
    throw err;
  }
}

const WORKSPACE_SQL = workspaceSql('$1');

class PostgresEventStore implements EventStore {
  readonly #pool: pg.Pool;
  readonly #reads: pg.Pool;
  readonly #budgetMs: number;
  readonly #keys = new WorkspaceKeys();

  /** The per-minute counts, built behind the write (event-counts.ts). */
  readonly counts: EventCountsBuilder;

  constructor(pool: pg.Pool, reads: pg.Pool, budgetMs: number, logger?: PostgresOptions['logger']) {
    this.#pool = pool;
    this.counts = new EventCountsBuilder(pool, {
      onError: (err) => logger?.warn({ err }, 'postgres: building the per-minute event counts failed; histograms read the events instead'),
    });
    this.#reads = reads;
    this.#budgetMs = budgetMs;
  }

  /** The workspace's small integer key; created on first write, null on reads of an unknown one. */
  async #workspace(id: string, create: boolean): Promise<number | null> {
    return this.#keys.resolve(id, create, {
      create: async (ws: string) => void (await this.#pool.query(WORKSPACE_SQL.create, [ws])),
      key: async (ws: string) => (await this.#pool.query<{ key: number }>(WORKSPACE_SQL.key, [ws])).rows[0]?.key,
    });
  }

  async #all<T extends pg.QueryResultRow>(s: Statement): Promise<T[]> {
    return queryWithinBudget<T>(this.#reads, s.sql, s.params.values, this.#budgetMs);
  }

  async insertEvents(workspaceId: string, events: readonly ReceivedEvent[]): Promise<InsertResult> {
    if (events.length === 0) return { inserted: [], duplicates: [] };
    const result = await insertPostgresEvents(this.#pool, (await this.#workspace(workspaceId, true))!, events);
    if (result.inserted.length > 0) this.counts.afterWrite();
    return result;
  }

  async existingIds(workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
    const ws = await this.#workspace(workspaceId, false);
    if (ws === null || ids.length === 0) return new Set();
    const p = d.params();
    const sql = `SELECT id::text AS id FROM events e WHERE e.ws = ${p.add(ws)} AND ${d.inIds(p, 'e.id', ids)}`;
    const { rows } = await this.#pool.query<{ id: string }>(sql, p.values);
    return new Set(rows.map((r) => r.id));
  }

  /** Whether to drive `filter` from the label index (sql/plan.ts), from the planner's estimate of its entries. */
  async #plan(ws: number, filter: EventFilter, kind: 'page' | 'count' = 'count'): Promise<QueryPlan> {
    return planQuery(
      d,
      ws,
      filter,
      kind,
      async (s) => Number((await this.#all<{ n: string }>(s))[0].n),
      (s) => this.#estimateRows(s),
    );
  }

  /** The planner's estimate of the rows `s` returns (EXPLAIN: planned, not run). */
  async #estimateRows(s: Statement): Promise<number> {
    const [row] = await this.#all<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>({
      sql: `EXPLAIN (FORMAT JSON) ${s.sql}`,
      params: s.params,
    });
    return row['QUERY PLAN'][0].Plan['Plan Rows'];
  }

  async queryEvents(workspaceId: string, query: EventQuery): Promise<ReceivedEvent[]> {
    const ws = await this.#workspace(workspaceId, false);
    if (ws === null || query.limit <= 0) return [];
    const plan = await this.#plan(ws, query.filter, 'page');
    return (await this.#all<StoredEventRow & pg.QueryResultRow>(selectEventsSql(d, ws, query, plan))).map(rowToEvent);
  }

  async countEvents(workspaceId: string, filter: EventFilter): Promise<number> {
    const ws = await this.#workspace(workspaceId, false);
    if (ws === null) return 0;
    const plan = await this.#plan(ws, filter);
    return Number((await this.#all<{ n: string }>(countEventsSql(d, ws, filter, plan)))[0].n);
  }

  async countEventsUpTo(workspaceId: string, filter: EventFilter, bound: number): Promise<BoundedCount> {
    const ws = await this.#workspace(workspaceId, false);
    if (ws === null) return { count: 0, exact: true };
    const plan = await this.#plan(ws, filter);
    const n = Number((await this.#all<{ n: string }>(countEventsUpToSql(d, ws, filter, bound, plan)))[0].n);
    return n > bound ? { count: bound, exact: false } : { count: n, exact: true };
  }

  async countByTime(workspaceId: string, filter: EventFilter, widthMicros: number, pivot: Timestamp): Promise<TimeBucketCount[]> {
    const ws = await this.#workspace(workspaceId, false);
    if (ws === null) return [];
    // The per-minute counts when they can answer (event-counts.ts), the events otherwise.
    const fromCounts = countByTimeFromRollupSql(d, ws, filter, widthMicros, pivot);
    const statement = fromCounts ?? countByTimeSql(d, ws, filter, widthMicros, pivot, await this.#plan(ws, filter));
    const rows = await this.#all<{ bucket: string; n: string }>(statement);
    return rows.map((r) => ({ bucket: Number(r.bucket), count: Number(r.n) }));
  }

  async countByGroup(workspaceId: string, filter: EventFilter, by: 'event' | 'resource'): Promise<GroupCount[]> {
    const ws = await this.#workspace(workspaceId, false);
    if (ws === null) return [];
    const plan = await this.#plan(ws, filter);
    const s = by === 'event' ? countByEventSql(d, ws, filter, plan) : countByResourceSql(d, ws, filter, plan);
    const rows = await this.#all<{ value: string; label: string; n: string; start_time: string; end_time: string }>(s);
    return rows.map((r) => ({ value: r.value, label: r.label, count: Number(r.n), start_time: r.start_time, end_time: r.end_time }));
  }

  async deleteEvents(rule: RetentionRule, limit: number): Promise<number> {
    return deletePostgresEvents(this.#pool, rule, limit);
  }

  async readAfter(afterSeq: number, limit: number): Promise<SeqEvent[]> {
    return readPostgresEventsAfter(this.#pool, afterSeq, limit);
  }

  /** Settled (see event-feed.ts): no event with a lower seq can still commit. */
  async maxSeq(): Promise<number> {
    return settledMaxSeq(this.#pool);
  }

  async seqsOf(workspaceId: string, ids: readonly string[]): Promise<Map<string, number>> {
    const ws = await this.#workspace(workspaceId, false);
    if (ws === null || ids.length === 0) return new Map();
    const p = d.params();
    const sql = `SELECT id::text AS id, seq FROM events e WHERE e.ws = ${p.add(ws)} AND ${d.inIds(p, 'e.id', ids)}`;
    const { rows } = await this.#pool.query<{ id: string; seq: string }>(sql, p.values);
    return new Map(rows.map((r) => [r.id, Number(r.seq)]));
  }
}

export class PostgresStorage implements Storage {
  readonly dialect = 'postgres' as const;
  readonly events: EventStore;
  readonly automation: AutomationStorage;
  readonly webhooks: WebhookStore;
  readonly #pool: pg.Pool;
  /** Event queries only: every connection carries statement_timeout, so none can run on. */
  readonly #reads: pg.Pool;
  readonly #logger: PostgresOptions['logger'];
  readonly #events: PostgresEventStore;
  /** What the last migrate() did; `skipped` lists degraded optional features. */
  lastMigration: MigrationOutcome | null = null;

  constructor(options: PostgresOptions) {
    this.#pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize });
    this.#logger = options.logger;
    // An idle client losing its connection must not crash the process; the next query reconnects.
    const budgetMs = options.queryTimeout ?? 30_000;
    this.#reads = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize, statement_timeout: budgetMs });
    for (const pool of [this.#pool, this.#reads]) {
      pool.on('error', (err) => this.#logger?.warn({ err }, 'postgres: idle connection error'));
    }
    this.#events = new PostgresEventStore(this.#pool, this.#reads, budgetMs, this.#logger);
    this.events = this.#events;
    this.automation = createPostgresAutomationStorage(this.#pool);
    this.webhooks = new PostgresWebhookStore(this.#pool);
  }

  async migrate(): Promise<void> {
    this.lastMigration = await migratePostgres(this.#pool, postgresMigrations, (m) =>
      this.#logger?.info?.({ migration: m.version }, `postgres: applying migration ${m.version} (${m.name})`),
    );
    for (const s of this.lastMigration.skipped) {
      this.#logger?.warn({ migration: s.version, error: s.error }, `postgres: optional migration skipped: ${s.reason}`);
    }
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.#events.counts.stop();
    await Promise.all([this.#pool.end(), this.#reads.end()]);
  }

  /** The per-minute counts' builder, for tests (not part of Storage). */
  get eventCounts(): EventCountsBuilder {
    return this.#events.counts;
  }

  /** The connections event queries run on (statement_timeout set), for tests (not part of Storage). */
  get readPool(): pg.Pool {
    return this.#reads;
  }

  /** The pool, for tests and tools in this folder (not part of Storage). */
  get pool(): pg.Pool {
    return this.#pool;
  }
}
