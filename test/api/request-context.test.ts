import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyAuthenticator, keyAuthenticator } from '../../src/api/auth.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/request-context.js';
import { connectWs, jsonBody, makeEvent, postEvents, startTestServer, waitForCommitted, type TestServer } from '../helpers/server.js';

const WS_A = '0193a000-0000-7000-8000-00000000000a';
const WS_B = '0193a000-0000-7000-8000-00000000000b';
const A = { authorization: 'Bearer key-a' };
const B = { authorization: 'Bearer key-b' };

describe('keyAuthenticator', () => {
  const auth = keyAuthenticator([
    { key: 'key-a', context: { principal: { kind: 'api-key', name: 'a' }, workspaceId: WS_A } },
    { key: 'key-b', context: { principal: { kind: 'api-key', name: 'b' }, workspaceId: WS_B } },
  ]);

  it('grants each key its own context, and nothing to an unknown or missing key', () => {
    expect(auth.required).toBe(true);
    expect(auth.authenticate('key-a')).toEqual({ principal: { kind: 'api-key', name: 'a' }, workspaceId: WS_A });
    expect(auth.authenticate('key-b')?.workspaceId).toBe(WS_B);
    expect(auth.authenticate('key-c')).toBeNull();
    expect(auth.authenticate('')).toBeNull();
  });

  it("accepts Prefect's basic form `user:key` (the key after the first colon)", () => {
    expect(auth.authenticate('anyone:key-b')?.workspaceId).toBe(WS_B);
    expect(auth.authenticate('key-a:nope')).toBeNull();
  });

  it('with no key configured, every request is the anonymous principal in the default workspace', () => {
    const open = apiKeyAuthenticator('');
    expect(open.required).toBe(false);
    for (const credential of ['', 'whatever']) {
      expect(open.authenticate(credential)).toEqual({ principal: { kind: 'anonymous' }, workspaceId: DEFAULT_WORKSPACE_ID });
    }
    expect(apiKeyAuthenticator('k').authenticate('k')).toEqual({
      principal: { kind: 'api-key', name: 'server' },
      workspaceId: DEFAULT_WORKSPACE_ID,
    });
  });
});

describe('two workspaces on one server', () => {
  let t: TestServer;
  const call = (path: string, headers: Record<string, string>, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
    fetch(`${t.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const window = { occurred: { since: '2025-12-31T00:00:00Z', until: '2026-01-02T00:00:00Z' } };
  const idsIn = async (headers: Record<string, string>, filter: Record<string, unknown> = {}) => {
    const res = await call('/events/filter', headers, { filter: { ...window, ...filter }, limit: 50 });
    expect(res.status).toBe(200);
    return ((await jsonBody(res)).events as { id: string }[]).map((e) => e.id).sort();
  };

  const viaHttpA = [makeEvent({ event: 'a.one' }), makeEvent({ event: 'a.two' })];
  const viaWsB = [makeEvent({ event: 'b.one' })];

  beforeAll(async () => {
    t = await startTestServer({
      overrides: {
        authenticator: keyAuthenticator([
          { key: 'key-a', context: { principal: { kind: 'api-key', name: 'a' }, workspaceId: WS_A } },
          { key: 'key-b', context: { principal: { kind: 'api-key', name: 'b' }, workspaceId: WS_B } },
        ]),
      },
    });
    expect((await postEvents(t, viaHttpA, { headers: A })).status).toBe(204);
    // B writes over the WebSocket: its context comes from the auth message, through the same resolver.
    const committed = waitForCommitted(
      t,
      viaWsB.map((e) => e.id),
    );
    const ws = await connectWs(`${t.wsUrl}/events/in`, { protocols: ['prefect'] });
    ws.send({ type: 'auth', token: 'key-b' });
    expect(await ws.next()).toEqual({ type: 'auth_success' });
    for (const e of viaWsB) ws.send(e);
    await committed;
    ws.socket.close();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores each write in the workspace of the credential that made it', async () => {
    expect(
      (
        await t.storage.events.existingIds(
          WS_A,
          [...viaHttpA, ...viaWsB].map((e) => e.id),
        )
      ).size,
    ).toBe(2);
    expect([
      ...(await t.storage.events.existingIds(
        WS_B,
        [...viaHttpA, ...viaWsB].map((e) => e.id),
      )),
    ]).toEqual([viaWsB[0].id]);
    expect(
      (
        await t.storage.events.existingIds(
          DEFAULT_WORKSPACE_ID,
          [...viaHttpA, ...viaWsB].map((e) => e.id),
        )
      ).size,
    ).toBe(0);
  });

  it('queries and counts see only the caller’s workspace', async () => {
    expect(await idsIn(A)).toEqual(viaHttpA.map((e) => e.id).sort());
    expect(await idsIn(B)).toEqual(viaWsB.map((e) => e.id));
    const count = async (headers: Record<string, string>) =>
      jsonBody(await call('/events/count-by/event', headers, { filter: window, time_unit: 'day', time_interval: 1 }));
    expect(((await count(A)) as { value: string }[]).map((c) => c.value).sort()).toEqual(['a.one', 'a.two']);
    expect(((await count(B)) as { value: string }[]).map((c) => c.value)).toEqual(['b.one']);
  });

  it('refuses a page token minted for another workspace exactly like a forged one (403 Forbidden)', async () => {
    const first = await jsonBody(await call('/events/filter', A, { filter: window, limit: 1 }));
    expect(first.total).toBe(2);
    const next = new URL(first.next_page as string);
    const asB = await call(`/events/filter/next${next.search}`, B);
    const forged = await call(`/events/filter/next?page-token=${next.searchParams.get('page-token')!.slice(0, -2)}xx`, A);
    expect([asB.status, forged.status]).toEqual([403, 403]);
    const refusal = await jsonBody(forged);
    expect(refusal).toMatchObject({ detail: 'Forbidden' });
    expect(await jsonBody(asB)).toEqual(refusal);
    const asA = await call(`/events/filter/next${next.search}`, A);
    expect(asA.status).toBe(200);
    expect((await jsonBody(asA)).events).toHaveLength(1);
  });

  // The stream backfills recent events only (streamMaxBackfill): these occur now.
  const recent = (event: string) => makeEvent({ event, occurred: new Date().toISOString() });

  it('a live subscriber sees neither the backfill nor the live events of another workspace', async () => {
    const oldA = recent('live.a.before');
    const oldB = recent('live.b.before');
    expect((await postEvents(t, [oldA], { headers: A })).status).toBe(204);
    expect((await postEvents(t, [oldB], { headers: B })).status).toBe(204);
    const sub = await connectWs(`${t.wsUrl}/events/out`, { protocols: ['prefect'] });
    sub.send({ type: 'auth', token: 'key-b' });
    expect(await sub.next()).toEqual({ type: 'auth_success' });
    sub.send({ type: 'filter', filter: { event: { prefix: ['live.'] } } });
    // Backfill in occurred order: A's earlier event would come first if it leaked.
    expect((await sub.next()).event.id).toBe(oldB.id);
    // Live: a probe of B's proves the subscription is live; then A writes, then B: only B's arrive.
    const probe = recent('live.b.probe');
    expect((await postEvents(t, [probe], { headers: B })).status).toBe(204);
    expect((await sub.next()).event.id).toBe(probe.id);
    const fromA = recent('live.a.after');
    const fromB = recent('live.b.after');
    expect((await postEvents(t, [fromA], { headers: A })).status).toBe(204);
    expect((await postEvents(t, [fromB], { headers: B })).status).toBe(204);
    expect((await sub.next()).event.id).toBe(fromB.id);
    sub.socket.close();
  });

  it('the legacy WebSocket mode takes its context from the upgrade’s Authorization header', async () => {
    const mine = recent('legacy.a');
    const theirs = recent('legacy.b');
    expect((await postEvents(t, [theirs], { headers: B })).status).toBe(204);
    expect((await postEvents(t, [mine], { headers: A })).status).toBe(204);
    const sub = await connectWs(`${t.wsUrl}/events/out`, { headers: A });
    sub.send({ type: 'filter', filter: { event: { prefix: ['legacy.'] } } });
    expect((await sub.next()).event.id).toBe(mine.id);
    const probe = recent('legacy.a.probe');
    expect((await postEvents(t, [probe], { headers: A })).status).toBe(204);
    expect((await sub.next()).event.id).toBe(probe.id);
    sub.socket.close();
  });

  it('automations and their insight endpoints belong to one workspace', async () => {
    const created = await call('/automations/', A, {
      name: 'only in A',
      trigger: { type: 'event', posture: 'Reactive', expect: ['a.*'], threshold: 1, within: 0 },
      actions: [{ type: 'do-nothing' }],
    });
    expect(created.status).toBe(201);
    const { id } = await jsonBody(created);
    expect((await call(`/automations/${id}`, A)).status).toBe(200);
    for (const [path, body] of [
      [`/automations/${id}`, undefined],
      [`/automations/${id}/state`, undefined],
      [`/automations/${id}/firings`, undefined],
      [`/automations/${id}/explain`, { event_id: viaWsB[0].id }],
    ] as const) {
      const res = await call(path, B, body);
      expect([path, res.status]).toEqual([path, 404]);
      expect(await jsonBody(res)).toMatchObject({ exception_message: 'Automation not found' });
    }
    expect(await jsonBody(await call('/automations/filter', B, {}))).toEqual([]);
    expect(await jsonBody(await call('/automations/count', B, {}))).toBe(0);
    // A cannot explain B's event either: the event is looked up in the caller's workspace.
    const explain = await call(`/automations/${id}/explain`, A, { event_id: viaWsB[0].id });
    expect(explain.status).toBe(404);
    expect((await jsonBody(explain)).detail).toMatch(/Event/);
  });

  it('destinations belong to one workspace', async () => {
    const created = await call('/destinations', B, { name: 'B hook', type: 'webhook', config: { url: 'http://127.0.0.1:9/hook' } });
    expect(created.status).toBe(201);
    const { id } = await jsonBody(created);
    expect((await call(`/destinations/${id}`, B)).status).toBe(200);
    expect((await call(`/destinations/${id}`, A)).status).toBe(404);
    expect((await call(`/destinations/${id}`, A, undefined, 'DELETE')).status).toBe(404);
    expect(await jsonBody(await call('/destinations', A))).toEqual([]);
    expect(((await jsonBody(await call('/destinations', B))) as { id: string }[]).map((d) => d.id)).toEqual([id]);
  });

  it('a credential that grants nothing still gets 401, and /health stays public', async () => {
    expect((await call('/events/filter', { authorization: 'Bearer key-c' }, {})).status).toBe(401);
    expect((await call('/health', {})).status).toBe(200);
  });
});
