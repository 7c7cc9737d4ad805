// count-by/resource must not plan a join between two scans (issue #9.2): on a fresh file, without
// planner statistics, SQLite ran the earlier form as a nested loop over both halves — quadratic in
// the number of resources (16k resources > 14 minutes). Checked on the plan, not on a timing. And
// count-by/time picks per-bucket range counts only for filters whose cost scales with the bucket.

import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { perBucketCountsPay } from '../../src/storage/sql/buckets.js';
import { countByResourceSql } from '../../src/storage/sql/counts.js';
import { sqliteDialect } from '../../src/storage/sqlite/dialect.js';
import { SqliteStorage } from '../../src/storage/sqlite/storage.js';
import { tempDir } from '../helpers/tmp.js';
import { filter } from './fixtures.js';

const dir = tempDir('herald-plan-');
afterEach(() => dir.remove());

it('count-by/resource scans the matching rows once and joins back by primary key only', async () => {
  const s = new SqliteStorage(join(dir.path, 'herald.db'), { reads: { clock: new FakeClock() } });
  try {
    await s.migrate();
    const st = countByResourceSql(sqliteDialect, 1, filter({ resource: { labels: { env: ['prod'] } } } as never));
    const plan = s.database.prepare(`EXPLAIN QUERY PLAN ${st.sql}`).all(st.params.named) as { parent: number; detail: string }[];
    const top = plan.filter((r) => r.parent === 0).map((r) => r.detail);
    expect(top.filter((d) => d.startsWith('SCAN'))).toHaveLength(1);
    expect(top).toContain('SEARCH x USING INTEGER PRIMARY KEY (rowid=?)');
  } finally {
    await s.close();
  }
});

it('count-by/time counts bucket by bucket only when every criterion costs in proportion to the bucket', () => {
  const pays = (f: object) => perBucketCountsPay(filter(f as never));
  expect(pays({})).toBe(true);
  expect(pays({ event: { prefix: ['acme.'] }, resource: { id: ['acme.job.1'] }, related: { role: ['flow'] } })).toBe(true);
  expect(pays({ any_resource: [{ id: ['a'] }, { labels: { env: ['prod'] } }] })).toBe(true);
  // Each bucket would scan the whole prefix range, or read the term's candidates over all history.
  expect(pays({ resource: { id_prefix: ['acme.job.'] } })).toBe(false);
  expect(pays({ any_resource: [{ id: ['a'] }, { id_prefix: ['acme.'] }] })).toBe(false);
  expect(pays({ text: { query: 'error' } })).toBe(false);
});
