// Ingest admission (issue #9 item 5): bytes being read, parsed, validated or written are counted;
// overload answers 429 + Retry-After *before* the body is read, and the budget comes back once the
// events are durable or refused. The writer is held with a FakeClock so bodies pile up on demand.
// Also: HTTP timeouts close slow bodies and silent connections, but not open WebSockets.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { IngestAdmission } from '../../src/ingest/admission.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { connectWs, jsonBody, makeEvent, postEvents, startTestServer, waitForCommitted, type TestServer } from '../helpers/server.js';

const HELD = 60_000;

function bytesOf(events: unknown): number {
  return Buffer.byteLength(JSON.stringify(events));
}

function portOf(t: TestServer): number {
  return Number(new URL(t.baseUrl).port);
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `head` (and optionally a partial body) on a raw connection and resolves with the first
 * complete response — never sending the rest, so a response proves the server did not wait for it.
 */
function rawExchange(port: number, head: string, partialBody = ''): Promise<RawResponse & { socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head + partialBody));
    let data = '';
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...lines] = data.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      const body = data.slice(end + 4);
      if (body.length < length) return;
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body, socket });
    });
  });
}

/** Resolves with everything received once the server has closed the connection. */
function untilClosed(port: number, send: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      if (send) socket.write(send);
    });
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(data));
  });
}

const postHead = (length: number | 'chunked') =>
  `POST /api/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
  (length === 'chunked' ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${length}\r\n`) +
  '\r\n';

describe('ingest admission', () => {
  const clock = new FakeClock();
  // Fresh events for every held request: ids the writer has seen are answered from its dedupe cache
  // at once, and would not stay held. (Every UUID has the same length, so the size is constant.)
  const twoEvents = () => [makeEvent(), makeEvent()];
  const heldBytes = bytesOf(twoEvents());
  const one = [makeEvent()];
  // Room for the held request and one more small one, not two.
  const budget = heldBytes + bytesOf(one) + 20;
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ clock, observeIngest: true, settings: { writerMaxDelay: HELD, ingestMaxInflightBytes: budget } });
  });
  afterAll(async () => {
    await t?.close();
  });

  /**
   * POSTs `events` and resolves once they wait in the writer (held by the fake clock). The response
   * comes back wrapped: an async function returning the bare promise would wait for it.
   */
  async function hold(events: unknown[]): Promise<{ response: Promise<Response> }> {
    const queued = t.nextIngest();
    const response = postEvents(t, events);
    await queued;
    return { response };
  }

  it('answers 429 + Retry-After before reading a body that does not fit, and takes it once the held events are durable', async () => {
    const admission = t.server.deps.admission;
    const held = twoEvents();
    const { response: first } = await hold(held);
    expect(admission.inflightBytes).toBe(heldBytes);

    // Headers only: the body is never sent, so the answer cannot come from parsing it.
    const refused = await rawExchange(portOf(t), postHead(500));
    refused.socket.destroy();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'HERALD_ERR_OVERLOADED' });
    expect(admission.inflightBytes).toBe(heldBytes);

    clock.advance(HELD);
    expect((await first).status).toBe(204);
    // Released with the 204: a request of the same size now fits again.
    const again = twoEvents();
    const { response: second } = await hold(again);
    expect(admission.inflightBytes).toBe(bytesOf(again));
    clock.advance(HELD);
    expect((await second).status).toBe(204);
    expect(
      (
        await t.storage.events.existingIds(
          DEFAULT_WORKSPACE_ID,
          [...held, ...again].map((e) => e.id),
        )
      ).size,
    ).toBe(4);

    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^herald_ingest_overloaded_total [1-9]/m);
    expect(metrics).toMatch(/^herald_ingest_inflight_bytes 0$/m);
    expect(metrics).toMatch(new RegExp(`^herald_ingest_admission_budget_bytes ${budget}$`, 'm'));
  });

  it('takes a request larger than the whole budget when nothing else is in flight', async () => {
    const big = Array.from({ length: 10 }, () => makeEvent());
    expect(bytesOf(big)).toBeGreaterThan(budget);
    expect(t.server.deps.admission.inflightBytes).toBe(0);
    const { response } = await hold(big);
    clock.advance(HELD);
    expect((await response).status).toBe(204);
  });

  it('counts a chunked body as it streams in and refuses it mid-way once it no longer fits', async () => {
    const { response: first } = await hold(twoEvents());
    // A first chunk that fits, then one that does not; the terminating chunk is never sent.
    const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
    const small = 'x'.repeat(bytesOf(one));
    const refused = await rawExchange(portOf(t), postHead('chunked'), chunk(small) + chunk('y'.repeat(100)));
    refused.socket.destroy();
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();

    // A chunked body that fits is parsed and stored as usual.
    const fits = [makeEvent()];
    const queued = t.nextIngest();
    const body = JSON.stringify(fits);
    const streamed = fetch(`${t.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(body));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    await queued;
    expect(t.server.deps.admission.inflightBytes).toBe(heldBytes + Buffer.byteLength(body));
    clock.advance(HELD);
    expect((await first).status).toBe(204);
    expect((await streamed).status).toBe(204);
    expect(
      (
        await t.storage.events.existingIds(
          DEFAULT_WORKSPACE_ID,
          fits.map((e) => e.id),
        )
      ).size,
    ).toBe(1);
  });

  it('gives the budget back when the request is refused (422)', async () => {
    const invalid = [makeEvent({ occurred: 'not a date' })];
    const res = await postEvents(t, invalid);
    expect(res.status).toBe(422);
    // A round trip after the answer: the release happens as the 422 goes out.
    await fetch(`${t.url}/health`);
    expect(t.server.deps.admission.inflightBytes).toBe(0);
  });

  it('keeps the budget of a client that left while its events were being written, until they are durable', async () => {
    const server = t.server.app.server;
    const serverSide = new Promise<Socket>((resolve) => server.once('connection', resolve));
    const events = twoEvents();
    const body = JSON.stringify(events);
    const committed = waitForCommitted(
      t,
      events.map((e) => e.id),
    );
    const queued = t.nextIngest();
    const client = connect(portOf(t), '127.0.0.1', () => client.write(postHead(Buffer.byteLength(body)) + body));
    await queued;
    const socket = await serverSide;
    const gone = new Promise((resolve) => socket.once('close', resolve));
    client.destroy();
    await gone;
    // The events still sit in the writer's queue: their bytes are still counted.
    expect(t.server.deps.admission.inflightBytes).toBe(Buffer.byteLength(body));
    clock.advance(HELD);
    // The bus hands committed events over on a later turn than the writer settles its callers.
    await committed;
    expect(t.server.deps.admission.inflightBytes).toBe(0);
  });

  it('WS /events/in: refuses a frame over budget with HERALD_ERR_OVERLOADED, stays open, and takes frames again after the commit', async () => {
    const { response: first } = await hold(twoEvents());
    const c = await connectWs(`${t.wsUrl}/events/in?acks=1`);
    const big = makeEvent({ payload: { blob: 'z'.repeat(budget) } });
    c.send(big);
    const err = await c.next();
    expect(err).toMatchObject({ type: 'error', code: 'HERALD_ERR_OVERLOADED', index: 0, id: big.id });
    expect(err.retry_after).toBeGreaterThanOrEqual(1);
    expect(t.server.deps.admission.inflightBytes).toBe(heldBytes);

    clock.advance(HELD);
    expect((await first).status).toBe(204);
    const ok = makeEvent();
    const queued = t.nextIngest();
    c.send(ok);
    await queued;
    expect(t.server.deps.admission.inflightBytes).toBe(bytesOf(ok));
    clock.advance(HELD);
    expect(await c.next()).toEqual({ type: 'ack', id: ok.id, status: 'accepted' });
    expect(t.server.deps.admission.inflightBytes).toBe(0);
    expect((await t.storage.events.existingIds(DEFAULT_WORKSPACE_ID, [big.id])).size).toBe(0);
    c.socket.close();
  });
});

// The latency cap's arithmetic, on the class itself: a FakeClock decides how long work took.
describe('admission budget: target latency × measured throughput', () => {
  const MiB = 1024 * 1024;
  function admissionAt(clock: FakeClock) {
    return new IngestAdmission({ clock, maxInflightBytes: 64 * MiB, targetLatency: 2000 });
  }

  it('caps the budget at the target latency times the throughput measured while processing', () => {
    const clock = new FakeClock();
    const admission = admissionAt(clock);
    expect(admission.budgetBytes).toBe(64 * MiB); // nothing measured yet: the byte budget
    // 8 MiB processed in 1 s: 8 MiB/s, so 2 s of it is 16 MiB.
    const ticket = admission.admit(8 * MiB);
    ticket.start();
    clock.advance(1000);
    ticket.release();
    expect(admission.throughput).toBe(8 * MiB);
    expect(admission.budgetBytes).toBe(16 * MiB);
    // 16 MiB in flight: a further byte no longer fits, and Retry-After is the 2 s to drain it.
    const a = admission.admit(10 * MiB);
    admission.admit(6 * MiB);
    expect(admission.tryAdmit(1)).toBeNull();
    expect(admission.retryAfterSeconds()).toBe(2);
    a.release();
    expect(admission.tryAdmit(1)).not.toBeNull();
  });

  it('does not count upload time: a slow client does not shrink the budget', () => {
    const clock = new FakeClock();
    const admission = admissionAt(clock);
    const slow = admission.admit(1000); // its body is still arriving…
    clock.advance(60_000);
    slow.release(); // …and it never finished: nothing was processed, nothing measured
    expect(admission.throughput).toBe(0);
    expect(admission.budgetBytes).toBe(64 * MiB);
  });

  it('never caps below 1 MiB: one small request at a time measures latency, not capacity', () => {
    const clock = new FakeClock();
    const admission = admissionAt(clock);
    const ticket = admission.admit(300);
    ticket.start();
    clock.advance(1000);
    ticket.release();
    expect(admission.throughput).toBe(300);
    expect(admission.budgetBytes).toBe(MiB);
  });
});

describe('HTTP timeouts', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      // The idle-socket timeout is kept long: it would close these sockets too, without a 408, and
      // hide whether the request and headers timeouts work.
      settings: { httpRequestTimeout: 400, httpHeadersTimeout: 200, httpConnectionTimeout: 30_000, httpKeepAliveTimeout: 200 },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('closes a request whose body does not arrive in time with 408', async () => {
    const received = await untilClosed(portOf(t), postHead(1000) + '[{"id"');
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection that never sends a request (headers timeout)', async () => {
    expect(await untilClosed(portOf(t), '')).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection whose headers never end', async () => {
    expect(await untilClosed(portOf(t), 'POST /api/events HTTP/1.1\r\nHost: localhost\r\n')).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('leaves an open WebSocket alone while timing out HTTP connections opened after it', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in?acks=1`);
    // Both connections below start after the socket opened and time out; the socket, older and idle,
    // would have been closed first by the same timeouts.
    await untilClosed(portOf(t), postHead(1000));
    await untilClosed(portOf(t), '');
    await c.roundTrip();
    const e = makeEvent();
    c.send(e);
    expect(await c.next()).toEqual({ type: 'ack', id: e.id, status: 'accepted' });
    c.socket.close();
  });

  it('answers quick requests as before', async () => {
    const res = await postEvents(t, [makeEvent()]);
    expect(res.status).toBe(204);
    expect(await jsonBody(await fetch(`${t.url}/health`))).toBe(true);
  });
});
