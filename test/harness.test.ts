import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/pg.js';
import { FakeClock } from '../src/clock.js';

describe('test harness', () => {
  it('provides a real PostgreSQL database per test file', async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query('select current_database() as name, version() as v');
    await client.end();
    await db.drop();
    expect(rows[0].name).toMatch(/^herald_t_/);
    expect(rows[0].v).toMatch(/PostgreSQL/);
  });

  it('fires fake-clock timers in deadline order only when time is advanced', () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => fired.push('a'), 10);
    const c = clock.setTimeout(() => fired.push('never'), 15);
    c.cancel();
    clock.advance(9);
    expect(fired).toEqual([]);
    clock.advance(11);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now()).toBe(20);
  });
});
