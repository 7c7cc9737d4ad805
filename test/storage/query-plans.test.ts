// Query plans (src/storage/sql/plan.ts) and the label index (sql/labels.ts): which label filters the
// index can answer, when the storage drives a query from it (or a text count from its candidates), that it never changes results, and that upgrading a store indexes the
// events already in it (migration label_index) — on SQLite and PostgreSQL.

import { afterEach, describe, expect, it } from 'vitest';
import { eventMatchesFilter } from '../../src/events/index.js';
import type { EventFilter, ReceivedEvent } from '../../src/events/types.js';
import { labelProbe } from '../../src/storage/sql/labels.js';
import { COUNT_DRIVE_LIMIT, PAGE_DRIVE_LIMIT, planQuery, TEXT_DRIVE_RATIO } from '../../src/storage/sql/plan.js';
import { selectEventsSql } from '../../src/storage/sql/select.js';
import { postgresDialect } from '../../src/storage/postgres/dialect.js';
import { sqliteDialect } from '../../src/storage/sqlite/dialect.js';
import { readAfterPlan } from '../../src/storage/sqlite/event-feed.js';
import { SqliteStorage, type SqliteStorageOptions } from '../../src/storage/sqlite/storage.js';
import type { EventStore, Storage } from '../../src/storage/storage.js';
import { tempDir } from '../helpers/tmp.js';
import { type Backend, backends } from './backends.js';
import { filter, makeEvent, workspace } from './fixtures.js';

const NAME = 'prefect.resource.name'; // the indexed label (rows.ts INDEXED_LABELS)
const labels = (spec: Record<string, string | string[]>): EventFilter => filter({ resource: { labels: spec } } as Partial<EventFilter>);

/** A migrated SQLite store in a fresh directory, for `fn`; closed and removed after. */
async function withSqliteStore(options: SqliteStorageOptions, fn: (s: SqliteStorage) => Promise<void>): Promise<void> {
  const dir = tempDir('herald-plan-');
  const s = new SqliteStorage(`${dir.path}/herald.db`, options);
  try {
    await s.migrate();
    await fn(s);
  } finally {
    await s.close();
    dir.remove();
  }
}

describe('labelProbe: the label filters the index can answer', () => {
  it('takes exact values and literal prefixes of the name, OR-ed across its patterns', () => {
    expect(labelProbe(labels({ [NAME]: 'etl-1*' }))).toEqual({ label: NAME, ranges: [{ prefix: 'etl-1' }] });
    expect(labelProbe(labels({ [NAME]: ['prod', 'st*g', 'a?c'] }))?.ranges).toEqual([{ exact: 'prod' }, { prefix: 'st' }, { prefix: 'a' }]);
    expect(labelProbe(labels({ [NAME]: '' }))?.ranges).toEqual([{ exact: '' }]);
    // `[` without a closing `]` is a literal to the glob, so the whole pattern is one exact value.
    expect(labelProbe(labels({ [NAME]: 'a[b' }))?.ranges).toEqual([{ exact: 'a[b' }]);
  });

  it('answers nothing for patterns without a literal start, negations and labels it does not index', () => {
    for (const pattern of ['!prod', '*prod', '?rod', '[pP]rod', ['prod', '!dev']]) {
      expect(labelProbe(labels({ [NAME]: pattern })), JSON.stringify(pattern)).toBeNull();
    }
    expect(labelProbe(labels({ env: 'prod', [NAME]: 'etl' }))?.label).toBe(NAME);
    expect(labelProbe(labels({ env: 'prod', 'prefect.resource.id': 'a.b', 'prefect.resource.role': 'x' }))).toBeNull();
    expect(labelProbe(labels({ [NAME]: [] }))).toBeNull();
    expect(labelProbe(filter())).toBeNull();
  });
});

describe('planQuery: drive from the label index only when it gives few candidates', () => {
  /** Answers the plan's bounded count, and records what was asked. */
  const counts = (answer?: number) => {
    const asked: string[] = [];
    return {
      asked,
      count: async (st: { sql: string }) => {
        asked.push(st.sql);
        return answer ?? 0;
      },
    };
  };
  const f = labels({ [NAME]: 'prod' });

  it('drives a count up to COUNT_DRIVE_LIMIT candidates and a page up to PAGE_DRIVE_LIMIT', async () => {
    const plan = (kind: 'page' | 'count', n: number) => planQuery(sqliteDialect, 1, f, kind, counts(n).count);
    expect(await plan('count', 0)).toEqual({ labels: labelProbe(f) });
    expect(await plan('count', COUNT_DRIVE_LIMIT)).toEqual({ labels: labelProbe(f) });
    expect(await plan('count', COUNT_DRIVE_LIMIT + 1)).toEqual({});
    expect(await plan('page', PAGE_DRIVE_LIMIT)).toEqual({ labels: labelProbe(f) });
    expect(await plan('page', PAGE_DRIVE_LIMIT + 1)).toEqual({});
    // The bounded count never reads past the limit it decides on.
    const c = counts(0);
    await planQuery(sqliteDialect, 1, f, 'page', c.count);
    expect(c.asked).toHaveLength(1);
  });

  it('sizes the entries by the estimate where the database gives one (PostgreSQL), without counting them', async () => {
    const c = counts(0);
    const estimated: string[] = [];
    const plan = (kind: 'page' | 'count', rows: number) =>
      planQuery(postgresDialect, 1, f, kind, c.count, async (st) => (estimated.push(st.sql), rows));
    expect(await plan('count', COUNT_DRIVE_LIMIT)).toEqual({ labels: labelProbe(f) });
    expect(await plan('count', COUNT_DRIVE_LIMIT + 1)).toEqual({});
    expect(await plan('page', PAGE_DRIVE_LIMIT)).toEqual({ labels: labelProbe(f) });
    expect(await plan('page', PAGE_DRIVE_LIMIT + 1)).toEqual({});
    expect(c.asked).toEqual([]);
    expect(estimated).toHaveLength(4);
    expect(estimated[0]).toMatch(/^SELECT l\.event_seq FROM event_labels l WHERE /);
    expect(estimated[0]).not.toContain('LIMIT'); // planned, not run: nothing to bound
  });

  it('asks nothing when no label can drive', async () => {
    for (const g of [filter(), labels({ [NAME]: '!prod' }), labels({ [NAME]: '*prod' }), labels({ env: 'prod' })]) {
      const c = counts();
      expect(await planQuery(sqliteDialect, 1, g, 'count', c.count), JSON.stringify(g)).toEqual({});
      expect(c.asked).toEqual([]);
    }
  });
});

describe('planQuery: drive a text count from its candidates when the window is much larger', () => {
  const text = (query: string): EventFilter => filter({ text: { query } } as Partial<EventFilter>);
  /** Answers the window's estimate, then the candidates' bounded count. */
  const answers = (...n: number[]) => {
    const asked: string[] = [];
    return { asked, count: async (st: { sql: string }) => (asked.push(st.sql), n[asked.length - 1] ?? 0) };
  };
  const plan = async (f: EventFilter, kind: 'page' | 'count', ...n: number[]) => {
    const a = answers(...n);
    const p = await planQuery(sqliteDialect, 1, f, kind, a.count);
    return { term: p.text?.term ?? null, asked: a.asked.length };
  };

  it('drives when the window holds more than TEXT_DRIVE_RATIO times the candidates, counts only', async () => {
    expect(await plan(text('error'), 'count', 100 * TEXT_DRIVE_RATIO + 1, 100)).toEqual({ term: 'error', asked: 2 });
    expect(await plan(text('error'), 'count', 100 * TEXT_DRIVE_RATIO, 100)).toEqual({ term: null, asked: 2 });
    // A window too small to drive asks nothing more; candidates are counted only as far as the window makes it worth.
    expect(await plan(text('error'), 'count', TEXT_DRIVE_RATIO)).toEqual({ term: null, asked: 1 });
    expect(await plan(text('error'), 'count', 10 ** 9, COUNT_DRIVE_LIMIT + 1)).toEqual({ term: null, asked: 2 });
    expect(await plan(text('error'), 'page', 1_000_000, 1)).toEqual({ term: null, asked: 0 });
    // A required term drives; several alternatives, short terms and exclusions cannot.
    expect(await plan(text('+timeout error disk'), 'count', 1_000, 1)).toEqual({ term: 'timeout', asked: 2 });
    for (const q of ['error disk', 'ok', '-error', '+ok error'])
      expect(await plan(text(q), 'count', 1_000, 1), q).toEqual({ term: null, asked: 0 });
  });

  it('gives the same counts driven as scanned, the events not indexed yet included', async () => {
    await withSqliteStore({ deferredIndexes: { idleMs: null, batch: 1_000_000 } }, async (s) => {
      const ws = workspace();
      const at = (i: number) => `2026-08-21T10:${String(i % 60).padStart(2, '0')}:00.000000Z`;
      const events = Array.from({ length: 2010 }, (_, i) =>
        makeEvent({ occurred: at(i), payload: { note: i % 100 === 0 ? 'needle found' : 'hay' } }),
      );
      await s.events.insertEvents(ws, events.slice(0, 1990));
      s.deferredIndexes!.catchUp();
      await s.events.insertEvents(ws, events.slice(1990)); // not indexed yet (one needle): read from the events
      const key = Number(s.database.prepare('SELECT key FROM workspaces WHERE id = ?').pluck().get(ws));
      const f = filter({ text: { query: 'needle' } } as Partial<EventFilter>);
      const driven = await planQuery(sqliteDialect, key, f, 'count', async (st) =>
        Number((s.database.prepare(st.sql).get(st.params.named) as { n: number }).n),
      );
      expect(driven.text?.term).toBe('needle'); // 20 candidates + 20 not indexed, against 2,010 events
      expect(await s.events.countEvents(ws, f)).toBe(21);
      expect(await s.events.countEventsUpTo(ws, f, 5)).toEqual({ count: 5, exact: false });
      expect(await s.events.countByTime(ws, f, 60_000_000 * 60, '2026-08-21T00:00:00.000000Z')).toEqual([{ bucket: 10, count: 21 }]);
    });
  });
});

const ENV = ['prod', 'prod-eu', 'dev', 'pr', 'Prod', ''];

function store(n: number): ReceivedEvent[] {
  return Array.from({ length: n }, (_, i) =>
    makeEvent({
      occurred: `2026-08-21T10:${String(i % 60).padStart(2, '0')}:00.000000Z`,
      // Every third event has no name: it has no index row, and no name filter may match it.
      resource: {
        'prefect.resource.id': `r.${i % 7}`,
        ...(i % 3 === 0 ? {} : { [NAME]: ENV[Math.floor(i / 3) % ENV.length] }),
        team: `t${i % 4}`,
      },
    }),
  );
}

const FILTERS: EventFilter[] = [
  labels({ [NAME]: 'prod' }),
  labels({ [NAME]: 'prod*' }),
  labels({ [NAME]: ['pr*', 'dev'] }),
  labels({ [NAME]: 'pro?' }),
  labels({ [NAME]: '' }),
  labels({ [NAME]: 'prod*', team: 't1' }),
  labels({ team: 't*', [NAME]: '!dev' }),
  {
    ...labels({ [NAME]: 'prod*' }),
    occurred: { since: '2026-08-21T10:10:00.000000Z', until: '2026-08-21T10:19:59.999999Z' },
    order: 'DESC',
  },
];

async function expectSameAsPredicate(s: EventStore, ws: string, events: ReceivedEvent[]): Promise<void> {
  for (const f of FILTERS) {
    const expected = events.filter((e) => eventMatchesFilter(f, e)).map((e) => e.id);
    expect(expected.length, JSON.stringify(f)).toBeGreaterThan(0);
    const page = await s.queryEvents(ws, { filter: f, limit: 1000 });
    expect(page.map((e) => e.id).sort(), JSON.stringify(f)).toEqual([...expected].sort());
    // Paging by 7 through the keyset cursor gives the same events in the same order.
    const paged: ReceivedEvent[] = [];
    for (let next = await s.queryEvents(ws, { filter: f, limit: 7 }); next.length > 0; ) {
      paged.push(...next);
      const last = next[next.length - 1];
      next = await s.queryEvents(ws, { filter: f, limit: 7, after: { occurred: last.occurred, id: last.id } });
    }
    expect(paged.map((e) => e.id)).toEqual(page.map((e) => e.id));
    expect(await s.countEvents(ws, f)).toBe(expected.length);
    expect(await s.countEventsUpTo(ws, f, 5)).toEqual({ count: Math.min(5, expected.length), exact: expected.length <= 5 });
    const byTime = await s.countByTime(ws, f, 600_000_000, '2026-08-21T00:00:00.000000Z');
    expect(byTime.reduce((sum, b) => sum + b.count, 0)).toBe(expected.length);
  }
}

describe.each(backends)('label index on $name', (factory) => {
  let b: Backend | null = null;
  afterEach(async () => {
    await b?.cleanup();
    b = null;
  });

  it('answers label filters exactly as the in-memory predicate, and retention removes the rows', async () => {
    b = await factory.create();
    const ws = workspace();
    const events = store(120);
    await b.storage.events.insertEvents(ws, events);
    await expectSameAsPredicate(b.storage.events, ws, events); // SQLite: some or all not indexed yet
    indexBehind(b.storage);
    // One row per named event: two thirds of them.
    expect(await b.countRows('event_labels')).toBe(80);
    await expectSameAsPredicate(b.storage.events, ws, events);
    expect(await b.storage.events.deleteEvents({ before: '2026-08-21T10:30:00.000000Z' }, 1000)).toBe(60);
    expect(await b.countRows('event_labels')).toBe(40);
  });

  it('migration label_index indexes the events stored before it', async () => {
    b = await factory.create();
    const ws = workspace();
    const events = store(60);
    await b.storage.events.insertEvents(ws, events);
    await b.storage.close();
    // Back to the store as it was before the migration: no label table, the migration not applied.
    await dropLabelIndex(factory.name, b);
    const upgraded = b.open();
    await upgraded.migrate();
    expect(await b.countRows('event_labels')).toBe(40);
    expect(indexBehind(upgraded)).toBe(0); // the migration indexed them all
    await expectSameAsPredicate(upgraded.events, ws, events);
  });
});

async function dropLabelIndex(backend: string, b: Backend): Promise<void> {
  const s = b.open();
  try {
    if (backend === 'postgres') {
      const pool = (s as unknown as { pool: { query(sql: string): Promise<unknown> } }).pool;
      await pool.query(`DROP TABLE event_labels; DELETE FROM herald_migrations WHERE name = 'label_index'`);
    } else {
      const db = (s as unknown as { database: { exec(sql: string): void } }).database;
      db.exec(
        `DROP TABLE event_labels; DROP TABLE index_cursors; DELETE FROM herald_migrations WHERE name IN ('label_index', 'text_index_behind_write')`,
      );
    }
  } finally {
    await s.close();
  }
}

describe('SQLite reads a label-driven query by key', () => {
  it('looks events up by rowid from the label index instead of scanning a time range', async () => {
    await withSqliteStore({}, async (s) => {
      const f = { ...labels({ [NAME]: 'prod*' }), event: { prefix: ['a.'] } } as EventFilter;
      const probe = labelProbe(f);
      const driven = selectEventsSql(sqliteDialect, 1, { filter: f, limit: 50 }, { labels: probe });
      const plain = selectEventsSql(sqliteDialect, 1, { filter: f, limit: 50 });
      const plan = (st: typeof plain) =>
        (s.database.prepare(`EXPLAIN QUERY PLAN ${st.sql}`).all(st.params.named) as { detail: string }[]).map((r) => r.detail).join('\n');
      expect(plan(driven)).toMatch(/SEARCH e USING INTEGER PRIMARY KEY \(rowid=\?\)/);
      expect(plan(driven)).toMatch(/SEARCH l USING COVERING INDEX event_labels_lookup \(ws=\? AND label=\? AND value>\? AND value<\?\)/);
      expect(plan(plain)).not.toMatch(/event_labels/);
    });
  });
});

describe("SQLite reads the trigger engine's event feed by seq", () => {
  it('from the cursor by rowid, whatever the planner statistics say, never the whole workspace', async () => {
    await withSqliteStore({}, async (s) => {
      const ws = workspace();
      for (let i = 0; i < 5; i++)
        await s.events.insertEvents(
          ws,
          Array.from({ length: 200 }, () => makeEvent()),
        );
      // The statistics of the 2 M-event benchmark store made SQLite loop over workspaces first,
      // reading every event of the workspace and sorting them (266 ms a call).
      s.database.exec('ANALYZE');
      s.database.exec(`DELETE FROM sqlite_stat1 WHERE tbl IN ('events', 'workspaces');
      INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('workspaces', 'sqlite_autoindex_workspaces_1', '1 1'),
        ('events', 'events_ws_event', '1999722 1001 1001 1'), ('events', 'events_ws_occurred', '1999722 1001 1 1'),
        ('events', 'events_ws_id', '1999722 1001 1');
      ANALYZE sqlite_schema;`);
      const plan = readAfterPlan(s.database);
      expect(plan[0]).toBe('SEARCH e USING INTEGER PRIMARY KEY (rowid>?)');
      expect(plan.join('\n')).not.toMatch(/TEMP B-TREE|events_ws_id/);
      expect((await s.events.readAfter(990, 5)).map((e) => e.seq)).toEqual([991, 992, 993, 994, 995]);
    });
  });
});

/** SQLite builds the label index behind the write (deferred-indexes.ts): finish it now; returns what it indexed. */
function indexBehind(s: Storage): number {
  return s instanceof SqliteStorage ? (s.deferredIndexes?.catchUp() ?? 0) : 0;
}
