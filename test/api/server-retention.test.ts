// Retention is part of the running server: listen() starts it, close() stops it, and a setting turns
// it off. Time comes from a FakeClock, so "old" is exact and nothing waits on the wall clock.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { makeEvent, startTestServer, type TestServer } from '../helpers/server.js';

const DAY = 86_400_000;
let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function stored(occurred: string): ReceivedEvent {
  return { ...makeEvent({ occurred }), received: occurred, follows: null } as unknown as ReceivedEvent;
}

async function storedIds(server: TestServer): Promise<string[]> {
  const filter = { occurred: { since: '2000-01-01T00:00:00.000000Z', until: '2100-01-01T00:00:00.000000Z' }, order: 'ASC' as const };
  return (await server.storage.events.queryEvents(DEFAULT_WORKSPACE_ID, { filter, limit: 50 })).map((e) => e.id);
}

describe.each(['sqlite', 'postgres'] as const)('server retention (%s)', (backend) => {
  it('deletes events older than the retention period once the server listens', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 31));
    t = await startTestServer({ backend, clock, settings: { retentionEnabled: true, retentionPeriod: 7 * DAY } });
    const old = stored('2026-01-20T00:00:00.000000Z'); // 11 days old
    const recent = stored('2026-01-30T00:00:00.000000Z'); // 1 day old
    await t.storage.events.insertEvents(DEFAULT_WORKSPACE_ID, [old, recent]);

    clock.advance(0); // the first pass is due at start-up
    await t.server.retention!.idle();

    expect(await storedIds(t)).toEqual([recent.id]);
  });

  it('leaves everything alone when retention is disabled', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 31));
    t = await startTestServer({ backend, clock, settings: { retentionEnabled: false } });
    const old = stored('2025-01-01T00:00:00.000000Z');
    await t.storage.events.insertEvents(DEFAULT_WORKSPACE_ID, [old]);
    clock.advance(DAY);
    expect(t.server.retention).toBeNull();
    expect(await storedIds(t)).toEqual([old.id]);
  });
});
