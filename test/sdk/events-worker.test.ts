// EventsWorker against a real server: acks, flush/close, rejected events, the bounded queue.
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventsWorker, type HeraldSdkError } from '../../sdk/index.js';
import { FakeClock } from '../../src/clock.js';
import { type Backend, type TestServer, startTestServer } from '../helpers/server.js';
import { inputs, resource, storedCount } from './helpers.js';

describe.each<Backend>(['sqlite', 'postgres'])('EventsWorker on %s', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    // A small server-side size limit lets an event pass the SDK's check and be refused by the server.
    t = await startTestServer({ backend, settings: { maxEventBytes: 4000 } });
  });
  afterAll(() => t?.close());

  it('flush() resolves once every event sent before it is stored', async () => {
    const worker = new EventsWorker({ url: t.url });
    const acks: string[] = [];
    worker.on('ack', ({ id, status }) => {
      expect(status).toBe('accepted');
      acks.push(id);
    });
    const sent = inputs('worker.flush', 300).map((i) => worker.send(i));
    expect(worker.pendingCount).toBe(300);
    await worker.flush();
    expect(worker.pendingCount).toBe(0);
    expect(acks.sort()).toEqual(sent.map((e) => e.id).sort());
    expect(
      await storedCount(
        t.url,
        sent.map((e) => e.id),
      ),
    ).toBe(300);
    await worker.close();
  });

  it('reports an event the server rejects through onError, and stores the others', async () => {
    const errors: HeraldSdkError[] = [];
    const worker = new EventsWorker({ url: t.url, onError: (err) => errors.push(err) });
    const good1 = worker.send({ event: 'worker.mixed', resource });
    const tooBig = worker.send({ event: 'worker.mixed', resource, payload: { blob: 'x'.repeat(5000) } });
    const good2 = worker.send({ event: 'worker.mixed', resource });
    await worker.close();
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe('HERALD_SDK_EVENT_REJECTED');
    expect(errors[0].event?.id).toBe(tooBig.id);
    expect(errors[0].serverCode).toBe('HERALD_ERR_VALIDATION');
    expect(await storedCount(t.url, [good1.id, good2.id, tooBig.id])).toBe(2);
  });

  it('throws HERALD_SDK_QUEUE_FULL at maxQueue unacknowledged events; sendWithBackpressure waits for room', async () => {
    const worker = new EventsWorker({ url: t.url, maxQueue: 5 });
    const first = inputs('worker.bounded', 5).map((i) => worker.send(i));
    expect(() => worker.send({ event: 'worker.bounded', resource })).toThrow(expect.objectContaining({ code: 'HERALD_SDK_QUEUE_FULL' }));
    // Resolves only after acks have made room: by then some of the first five are stored.
    const late = await worker.sendWithBackpressure({ event: 'worker.bounded', resource });
    expect(worker.pendingCount).toBeLessThanOrEqual(5);
    await worker.close();
    expect(await storedCount(t.url, [...first.map((e) => e.id), late.id])).toBe(6);
  });

  it('close() flushes first; afterwards send() throws HERALD_SDK_WORKER_CLOSED', async () => {
    const worker = new EventsWorker({ url: t.url });
    const sent = inputs('worker.close', 50).map((i) => worker.send(i));
    await worker.close();
    expect(
      await storedCount(
        t.url,
        sent.map((e) => e.id),
      ),
    ).toBe(50);
    expect(() => worker.send({ event: 'worker.close', resource })).toThrow(expect.objectContaining({ code: 'HERALD_SDK_WORKER_CLOSED' }));
    expect(worker.state).toBe('closed');
  });

  it('re-sending an id the server already has is acknowledged as a duplicate and stored once', async () => {
    const worker = new EventsWorker({ url: t.url });
    const statuses: string[] = [];
    worker.on('ack', ({ status }) => statuses.push(status));
    const e = worker.send({ event: 'worker.dup', resource });
    await worker.flush();
    worker.send({ event: 'worker.dup', resource, id: e.id });
    await worker.close();
    expect(statuses).toEqual(['accepted', 'duplicate']);
    expect(await storedCount(t.url, [e.id])).toBe(1);
  });
});

describe('EventsWorker when the server is overloaded', () => {
  it('sends refused (HERALD_ERR_OVERLOADED) events again later instead of reporting them as rejected', async () => {
    // A one-event writer queue with a long batching delay: frames arriving while a batch waits are refused.
    const t = await startTestServer({ settings: { writerQueueMax: 1, writerMaxDelay: 50 } });
    const clock = new FakeClock(Date.now());
    const errors: HeraldSdkError[] = [];
    const worker = new EventsWorker({ url: t.url, clock, onError: (err) => errors.push(err) });
    let deferred = 0;
    worker.on('deferred', ({ code, retryInMs }) => {
      expect(code).toBe('HERALD_ERR_OVERLOADED');
      deferred++;
      clock.advance(retryInMs); // the retry is due now
    });
    try {
      const sent = inputs('worker.overloaded', 1000).map((i) => worker.send(i));
      await worker.flush();
      expect(deferred).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      expect(
        await storedCount(
          t.url,
          sent.map((e) => e.id),
        ),
      ).toBe(1000);
    } finally {
      await worker.close();
      await t.close();
    }
  });
});

describe('EventsWorker errors', () => {
  it('rejects an invalid event at send() without queuing it', () => {
    const worker = new EventsWorker({ url: 'http://127.0.0.1:9', flushOnExit: false });
    expect(() => worker.send({ event: 'x', resource: { 'prefect.resource.id': '' } })).toThrow(
      expect.objectContaining({ code: 'HERALD_SDK_INVALID_EVENT' }),
    );
    expect(worker.pendingCount).toBe(0);
    expect(worker.state).toBe('idle');
    worker.destroy();
  });

  it('flush({ timeoutMs }) gives up with HERALD_SDK_FLUSH_TIMEOUT while the server is away, keeping the events', async () => {
    const gone = await startTestServer();
    await gone.close();
    const clock = new FakeClock(Date.now());
    const worker = new EventsWorker({ url: gone.url, clock, flushOnExit: false });
    const retrying = once(worker, 'reconnecting');
    worker.send({ event: 'x', resource });
    worker.send({ event: 'y', resource });
    await retrying;
    const flushed = worker.flush({ timeoutMs: 5000 });
    clock.advance(5000);
    await expect(flushed).rejects.toMatchObject({ code: 'HERALD_SDK_FLUSH_TIMEOUT', undelivered: 2 });
    expect(worker.pendingCount).toBe(2);
    expect(worker.destroy().map((e) => e.event)).toEqual(['x', 'y']);
  });

  it('reports a refused API key through onError', async () => {
    const t = await startTestServer({ settings: { apiKey: 'right' } });
    try {
      const errors: HeraldSdkError[] = [];
      const worker = new EventsWorker({ url: t.url, apiKey: 'wrong', onError: (err) => errors.push(err) });
      const retrying = once(worker, 'reconnecting');
      worker.send({ event: 'x', resource });
      const [notice] = await retrying;
      expect(notice.error.code).toBe('HERALD_SDK_UNAUTHORIZED');
      expect(errors.map((e) => e.code)).toEqual(['HERALD_SDK_UNAUTHORIZED']);
      expect(worker.destroy()).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
