// Back-pressure: a full writer queue answers 429 + Retry-After instead of dropping ([compat D10.20]).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import type { Event } from '../../src/events/types.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { jsonBody, makeEvent, postEvents, startTestServer, type TestServer } from '../helpers/server.js';

describe('POST /api/events when the writer queue is full', () => {
  const clock = new FakeClock();
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ clock, settings: { writerQueueMax: 5, writerMaxDelay: 60_000 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 with Retry-After and stores nothing of the refused request', async () => {
    // Four events wait in the queue: the fake clock holds their batch.
    const queued = t.server.deps.ingestor.ingest(DEFAULT_WORKSPACE_ID, [
      makeEvent(),
      makeEvent(),
      makeEvent(),
      makeEvent(),
    ] as unknown as Event[]);
    expect(t.server.deps.ingestor.depth).toBe(4);
    const refused = [makeEvent(), makeEvent()];
    const res = await postEvents(t, refused);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await jsonBody(res)).toMatchObject({ code: 'HERALD_ERR_OVERLOADED' });

    clock.advance(60_000);
    expect((await queued).inserted).toHaveLength(4);
    expect(
      (
        await t.storage.events.existingIds(
          DEFAULT_WORKSPACE_ID,
          refused.map((e) => e.id),
        )
      ).size,
    ).toBe(0);

    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^herald_ingest_overloaded_total 1$/m);
  });
});
