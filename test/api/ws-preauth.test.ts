// WebSockets before authentication (issue #9, src/api/ws-preauth.ts): a small message limit until the
// auth message is accepted, an auth timeout on the injected clock, and a cap on waiting sockets.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeClock } from '../../src/clock.js';
import { preAuthGate } from '../../src/api/ws-preauth.js';
import { connectWs, makeEvent, startTestServer, waitForCommitted, type TestServer, type WsClient } from '../helpers/server.js';

const ENDPOINTS = ['/events/in', '/events/out'] as const;
const MiB = 1024 * 1024;

interface ServerSide {
  /** The server's end of the socket. */
  ws: WebSocket;
  /** The TCP socket under it (its `bytesRead` is what the server has read). */
  tcp: Socket;
  /** Resolves once the server has seen the socket close. */
  closed: Promise<void>;
}

/** The server's end of the next WebSocket it accepts. */
function nextServerSocket(t: TestServer): Promise<ServerSide> {
  return new Promise((resolve) => {
    t.server.app.websocketServer.once('connection', (ws: WebSocket, req: IncomingMessage) => {
      const closed = new Promise<void>((done) => ws.once('close', () => done()));
      resolve({ ws, tcp: req.socket as Socket, closed });
    });
  });
}

/** Opens a WebSocket expecting the upgrade to be refused; resolves with the HTTP answer. */
function refusedUpgrade(url: string, protocols: string[]): Promise<{ status: number; retryAfter: string | undefined; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols);
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
    socket.once('unexpected-response', (_req, res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: JSON.parse(text) }));
    });
  });
}

describe('WS message size before authentication', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ settings: { apiKey: 'sekret', wsPreAuthMaxBytes: 64 * 1024 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(ENDPOINTS)('%s: a message over the limit is refused at its frame header with 1009, unread', async (path) => {
    const server = nextServerSocket(t);
    const c = await connectWs(`${t.wsUrl}${path}`, { protocols: ['prefect'] });
    const side = await server;
    c.socket.send('x'.repeat(32 * MiB));
    expect(await c.closed).toMatchObject({ code: 1009 });
    await side.closed;
    // Without the limit the server reads (and buffers) all 32 MiB before judging the message.
    expect(side.tcp.bytesRead).toBeLessThan(2 * MiB);
    expect(preAuthGate(t.server.app.websocketServer, t.server.deps).pending).toBe(0);
  });

  it('takes an auth message up to the limit, then lifts it for the events pipelined right behind', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in?acks=1`, { protocols: ['prefect'] });
    const auth = { type: 'auth', token: 'sekret', pad: '' };
    auth.pad = 'p'.repeat(64 * 1024 - Buffer.byteLength(JSON.stringify(auth)));
    expect(Buffer.byteLength(JSON.stringify(auth))).toBe(64 * 1024);
    const big = makeEvent({ payload: { blob: 'y'.repeat(512 * 1024) } });
    const committed = waitForCommitted(t, [big.id]);
    // Same write as the auth message: ws parses the big frame's header in the same pass.
    c.send(auth);
    c.send(big);
    expect(await c.next()).toEqual({ type: 'auth_success' });
    expect(await c.next()).toEqual({ type: 'ack', id: big.id, status: 'accepted' });
    await committed;
    c.socket.close();
  });

  it('an oversize event after authentication still gets a per-frame error and the socket stays open', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in?acks=1`, { protocols: ['prefect'] });
    c.send({ type: 'auth', token: 'sekret' });
    expect(await c.next()).toEqual({ type: 'auth_success' });
    c.send(makeEvent({ payload: { blob: 'x'.repeat(t.settings.maxEventBytes) } }));
    const err = await c.next();
    expect(err).toMatchObject({ type: 'error', code: 'HERALD_ERR_VALIDATION', index: 0 });
    expect(err.detail[0]).toMatchObject({ type: 'event_too_large' });
    const ok = makeEvent();
    c.send(ok);
    expect(await c.next()).toEqual({ type: 'ack', id: ok.id, status: 'accepted' });
    c.socket.close();
  });

  it('a legacy socket authenticated by its Authorization header has no pre-auth limit', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in?acks=1`, { headers: { authorization: 'Bearer sekret' } });
    const big = makeEvent({ payload: { blob: 'z'.repeat(512 * 1024) } });
    c.send(big);
    expect(await c.next()).toEqual({ type: 'ack', id: big.id, status: 'accepted' });
    c.socket.close();
  });
});

/**
 * Proof that /events/in still serves the socket without waiting on the (fake-clock) writer: an
 * invalid frame is answered at once.
 */
async function stillServed(c: WsClient): Promise<unknown> {
  c.send('{"not json');
  return c.next();
}

describe('WS auth timeout (injected clock)', () => {
  const clock = new FakeClock();
  let t: TestServer;
  beforeAll(async () => {
    // No API key: the auth message is still expected on the prefect subprotocol.
    t = await startTestServer({ clock, settings: { wsAuthTimeout: 10_000 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(ENDPOINTS)('%s: closes 1008 "Authentication timed out" when no auth message came in time', async (path) => {
    const c = await connectWs(`${t.wsUrl}${path}`, { protocols: ['prefect'] });
    clock.advance(9_999);
    await c.roundTrip();
    expect(c.socket.readyState).toBe(WebSocket.OPEN);
    clock.advance(1);
    expect(await c.closed).toEqual({ code: 1008, reason: 'Authentication timed out' });
  });

  it('a socket that authenticated in time is not closed later', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in?acks=1`, { protocols: ['prefect'] });
    c.send({ type: 'auth', token: null });
    expect(await c.next()).toEqual({ type: 'auth_success' });
    clock.advance(60_000);
    expect(await stillServed(c)).toMatchObject({ type: 'error', code: 'HERALD_ERR_VALIDATION', index: 0 });
    c.socket.close();
  });

  it('legacy mode has no pre-auth phase: no timeout', async () => {
    const c = await connectWs(`${t.wsUrl}/events/in`);
    clock.advance(60_000);
    expect(await stillServed(c)).toMatchObject({ type: 'error', code: 'HERALD_ERR_VALIDATION', index: 0 });
    c.socket.close();
  });
});

describe('WS cap on sockets waiting to authenticate', () => {
  const clock = new FakeClock();
  let t: TestServer;
  const pending = () => preAuthGate(t.server.app.websocketServer, t.server.deps).pending;
  beforeAll(async () => {
    t = await startTestServer({ clock, settings: { wsMaxUnauthenticated: 2, wsAuthTimeout: 10_000 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses further prefect upgrades with 503, admits legacy ones, and frees slots on auth, close and timeout', async () => {
    const firstSide = nextServerSocket(t);
    const first = await connectWs(`${t.wsUrl}/events/in`, { protocols: ['prefect'] });
    const secondSide = nextServerSocket(t);
    const second = await connectWs(`${t.wsUrl}/events/out`, { protocols: ['prefect'] });
    expect(pending()).toBe(2);

    for (const path of ENDPOINTS) {
      const refused = await refusedUpgrade(`${t.wsUrl}${path}`, ['prefect']);
      expect(refused).toEqual({
        status: 503,
        retryAfter: '1',
        body: { code: 'HERALD_ERR_WS_TOO_MANY_UNAUTHENTICATED', detail: expect.stringContaining('limit 2') },
      });
    }
    // Legacy sockets have no pre-auth phase and are not counted.
    const legacy = await connectWs(`${t.wsUrl}/events/in`);
    expect(pending()).toBe(2);
    legacy.socket.close();

    // Authenticating frees a slot.
    first.send({ type: 'auth', token: null });
    expect(await first.next()).toEqual({ type: 'auth_success' });
    expect(pending()).toBe(1);
    const thirdSide = nextServerSocket(t);
    const third = await connectWs(`${t.wsUrl}/events/in`, { protocols: ['prefect'] });
    await refusedUpgrade(`${t.wsUrl}/events/in`, ['prefect']);

    // So does a waiting socket going away…
    second.socket.close();
    await (await secondSide).closed;
    expect(pending()).toBe(1);
    const fourthSide = nextServerSocket(t);
    const fourth = await connectWs(`${t.wsUrl}/events/out`, { protocols: ['prefect'] });
    expect(pending()).toBe(2);

    // …and the auth timeout (the slot is free once the closed socket is gone).
    clock.advance(10_000);
    expect(await third.closed).toEqual({ code: 1008, reason: 'Authentication timed out' });
    expect(await fourth.closed).toEqual({ code: 1008, reason: 'Authentication timed out' });
    await Promise.all([(await thirdSide).closed, (await fourthSide).closed]);
    expect(pending()).toBe(0);
    const fifth = await connectWs(`${t.wsUrl}/events/in`, { protocols: ['prefect'] });
    fifth.send({ type: 'auth', token: null });
    expect(await fifth.next()).toEqual({ type: 'auth_success' });
    first.socket.close();
    fifth.socket.close();
    await (await firstSide).closed;
  });
});
