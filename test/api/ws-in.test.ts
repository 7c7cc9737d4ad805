// WS /api/events/in: Prefect's handshake ([compat S2.6]), per-frame errors that keep the socket ([compat D10.16]),
// opt-in acks, overload errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import type { Event } from '../../src/events/types.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { connectWs, makeEvent, startTestServer, waitForCommitted, type TestServer } from '../helpers/server.js';

describe('WS /api/events/in handshake with an API key', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ settings: { apiKey: 'sekret' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('closes 1002 without the prefect subprotocol (legacy mode is refused when a key is set)', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in`);
    expect(await c.closed).toEqual({ code: 1002, reason: '' });
  });

  it('closes 1008 "Expected \'auth\' message" when the first message is not auth', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in`, { protocols: ['prefect'] });
    expect(c.socket.protocol).toBe('prefect');
    c.send(makeEvent());
    expect(await c.closed).toEqual({ code: 1008, reason: "Expected 'auth' message" });
  });

  it('closes 1008 when the token is missing or wrong', async () => {
    const none = await connectWs(`${t.wsUrl}/events/in`, { protocols: ['prefect'] });
    none.send({ type: 'auth', token: null });
    expect(await none.closed).toEqual({ code: 1008, reason: 'Auth required but no token provided' });
    const wrong = await connectWs(`${t.wsUrl}/events/in`, { protocols: ['prefect'] });
    wrong.send({ type: 'auth', token: 'nope' });
    expect(await wrong.closed).toEqual({ code: 1008, reason: 'Invalid token' });
  });

  it('answers auth_success to the right token, then stores events (no acks unasked)', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in`, { protocols: ['prefect', 'other'] });
    const events = [makeEvent(), makeEvent()];
    const committed = waitForCommitted(
      t,
      events.map((e) => e.id),
    );
    // Pipelined right behind the auth message, as a fast client does.
    c.send({ type: 'auth', token: 'sekret' });
    for (const e of events) c.send(e);
    expect(await c.next()).toEqual({ type: 'auth_success' });
    await committed;
    await c.roundTrip();
    expect(c.buffered).toEqual([]); // Prefect's client never reads: nothing may be sent unasked
    expect(
      (
        await t.storage.events.existingIds(
          DEFAULT_WORKSPACE_ID,
          events.map((e) => e.id),
        )
      ).size,
    ).toBe(2);
    c.socket.close();
  });

  it('also accepts a valid Authorization header without the subprotocol (Prefect Cloud style)', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in`, { headers: { authorization: 'Bearer sekret' } });
    expect(c.socket.protocol).toBe(''); // legacy mode: frames are events, no auth message
    const e = makeEvent();
    const committed = waitForCommitted(t, [e.id]);
    c.send(e);
    // A refused socket must fail here at once, not hang until the test timeout.
    const first = await Promise.race([committed.then(() => 'committed'), c.closed.then((x) => `closed ${x.code}`)]);
    expect(first).toBe('committed');
    await c.roundTrip();
    expect(c.buffered).toEqual([]);
    expect(c.socket.readyState).toBe(c.socket.OPEN);
    expect((await t.storage.events.existingIds(DEFAULT_WORKSPACE_ID, [e.id])).size).toBe(1);
    c.socket.close();
    // The header is what admitted it: a wrong one is refused like no subprotocol at all.
    const wrong = await connectWs(`${t.wsUrl}/events/in`, { headers: { authorization: 'Bearer nope' } });
    expect(await wrong.closed).toEqual({ code: 1002, reason: '' });
  });
});

describe('WS /api/events/in without an API key', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('legacy mode: no subprotocol, no handshake, frames are events', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in`);
    const e = makeEvent();
    const committed = waitForCommitted(t, [e.id]);
    c.send(e);
    await committed;
    await c.roundTrip();
    expect(c.buffered).toEqual([]);
    c.socket.close();
  });

  it('accepts any token (even null) when no key is configured', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in`, { protocols: ['prefect'] });
    c.send({ type: 'auth', token: null });
    expect(await c.next()).toEqual({ type: 'auth_success' });
    c.socket.close();
  });

  it('answers an invalid frame with an error, keeps the connection and stores its neighbours ([compat D10.16])', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in?acks=1`, { protocols: ['prefect'] });
    c.send({ type: 'auth', token: null });
    expect(await c.next()).toEqual({ type: 'auth_success' });
    const before = makeEvent();
    const noId = makeEvent();
    delete (noId as Record<string, unknown>).id;
    const after = makeEvent();
    c.send(before);
    c.send('{"not json');
    c.send(noId);
    c.send(after);
    const messages = [await c.next(), await c.next(), await c.next(), await c.next()];
    const errors = messages.filter((m) => m.type === 'error');
    const acks = messages.filter((m) => m.type === 'ack');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ code: 'HERALD_ERR_VALIDATION', index: 1 });
    expect(errors[0].detail[0].type).toBe('json_invalid');
    expect(errors[1]).toMatchObject({ code: 'HERALD_ERR_VALIDATION', index: 2 });
    expect(errors[1].detail).toContainEqual(expect.objectContaining({ loc: ['id'], type: 'missing' }));
    expect(acks).toEqual([
      { type: 'ack', id: before.id, status: 'accepted' },
      { type: 'ack', id: after.id, status: 'accepted' },
    ]);
    expect(c.socket.readyState).toBe(c.socket.OPEN);
    expect((await t.storage.events.existingIds(DEFAULT_WORKSPACE_ID, [before.id, after.id])).size).toBe(2);
    // Still usable.
    const later = makeEvent();
    c.send(later);
    expect(await c.next()).toEqual({ type: 'ack', id: later.id, status: 'accepted' });
    c.socket.close();
  });

  it('acks after commit when asked in the auth message, duplicates included', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in`, { protocols: ['prefect'] });
    c.send({ type: 'auth', token: null, acks: true });
    expect(await c.next()).toEqual({ type: 'auth_success' });
    const e = makeEvent();
    c.send(e);
    c.send(e);
    expect(await c.next()).toEqual({ type: 'ack', id: e.id, status: 'accepted' });
    expect(await c.next()).toEqual({ type: 'ack', id: e.id, status: 'duplicate' });
    expect((await t.storage.events.existingIds(DEFAULT_WORKSPACE_ID, [e.id])).size).toBe(1);
    c.send(e);
    expect(await c.next()).toEqual({ type: 'ack', id: e.id, status: 'duplicate' });
    c.socket.close();
  });

  it('answers an oversize event with event_too_large and keeps going', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in?acks=1`);
    const big = makeEvent({ payload: { blob: 'x'.repeat(t.settings.maxEventBytes) } });
    c.send(big);
    const err = await c.next();
    expect(err).toMatchObject({ type: 'error', code: 'HERALD_ERR_VALIDATION', index: 0 });
    expect(err.detail[0]).toMatchObject({ type: 'event_too_large', ctx: { limit: t.settings.maxEventBytes } });
    const ok = makeEvent();
    c.send(ok);
    expect(await c.next()).toEqual({ type: 'ack', id: ok.id, status: 'accepted' });
    c.socket.close();
  });
});

describe('WS /api/events/in under back-pressure', () => {
  it('answers HERALD_ERR_OVERLOADED for a frame the full queue cannot take, and stays open', async () => {
    const clock = new FakeClock();
    const t = await startTestServer({ clock, settings: { writerQueueMax: 3, writerMaxDelay: 60_000 } });
    try {
      // Fill the queue; the fake clock holds the batch until we advance it.
      const filler = [makeEvent(), makeEvent(), makeEvent()] as unknown as Event[];
      const queued = t.server.deps.ingestor.ingest(DEFAULT_WORKSPACE_ID, filler);
      const c = await connectWs(`${t.wsUrl}/events/in?acks=1`);
      const e = makeEvent();
      c.send(e);
      const err = await c.next();
      expect(err).toMatchObject({ type: 'error', code: 'HERALD_ERR_OVERLOADED', index: 0, id: e.id });
      expect(err.retry_after).toBeGreaterThanOrEqual(1);
      await c.roundTrip();
      expect(c.socket.readyState).toBe(c.socket.OPEN);
      clock.advance(60_000);
      expect((await queued).inserted).toHaveLength(3);
      expect((await t.storage.events.existingIds(DEFAULT_WORKSPACE_ID, [e.id])).size).toBe(0);
      c.socket.close();
    } finally {
      await t.close();
    }
  });
});
