// The EventsWorker rides out a server restart: events sent before, during and after the outage are
// all stored exactly once. The restarted server uses the same database and the same port, as a
// restarted production server would. Reconnect delays run on a FakeClock, so the test decides when
// the worker retries — no sleeping.
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { EventsWorker, type ReconnectNotice } from '../../sdk/index.js';
import { FakeClock } from '../../src/clock.js';
import { type Backend, startTestServer } from '../helpers/server.js';
import { inputs, storedCount } from './helpers.js';

describe.each<Backend>(['sqlite', 'postgres'])('EventsWorker across a server restart on %s', (backend) => {
  it('resends unacknowledged events after reconnecting; every event is stored exactly once', async () => {
    let t = await startTestServer({ backend });
    const port = Number(new URL(t.url).port);
    const clock = new FakeClock(Date.now());
    const worker = new EventsWorker({ url: t.url, clock, reconnect: { initialDelayMs: 1000, maxDelayMs: 1000 } });
    try {
      const before = inputs('restart.before', 50).map((i) => worker.send(i));
      await worker.flush();

      // These are in flight (sent, maybe stored, maybe acknowledged) when the server goes away: a
      // graceful close commits the frames it has received and acknowledges them while their socket
      // is still open, so how many are still pending depends on how far the server got (under a
      // loaded CI machine, all of them were acknowledged once). Those pending are resent after the
      // restart, and the unique key keeps the ones already stored from being stored twice.
      const disconnected = once(worker, 'disconnected');
      const inFlight = inputs('restart.inflight', 200).map((i) => worker.send(i));
      await t.server.close();
      await disconnected;

      // During the outage: queued; the first connect attempt fails and a retry is scheduled.
      const during = inputs('restart.during', 50).map((i) => worker.send(i));
      if (worker.state !== 'waiting') await once(worker, 'reconnecting');
      expect(worker.state).toBe('waiting');
      expect(worker.pendingCount).toBeGreaterThanOrEqual(50);

      // A retry while the server is still down fails too and backs off again.
      const failedRetry = once(worker, 'reconnecting');
      clock.advance(1000);
      const [notice] = (await failedRetry) as [ReconnectNotice];
      expect(notice.error?.code).toBe('HERALD_SDK_UNREACHABLE');

      t = await t.restart({ settings: { port } });
      expect(Number(new URL(t.url).port)).toBe(port);
      const reconnected = once(worker, 'connected');
      clock.advance(notice.delayMs);
      await reconnected;

      const after = inputs('restart.after', 50).map((i) => worker.send(i));
      await worker.flush();
      expect(worker.pendingCount).toBe(0);

      const ids = [...before, ...inFlight, ...during, ...after].map((e) => e.id);
      expect(await storedCount(t.url, ids)).toBe(ids.length);
    } finally {
      worker.destroy();
      await t.close();
    }
  });
});
