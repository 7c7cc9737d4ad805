// HTTP authentication when an API key is configured (WebSocket auth is in ws-in.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBody, makeEvent, postEvents, startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'k3y-with:colon';
const basic = (s: string) => 'Basic ' + Buffer.from(s).toString('base64');

describe('HTTP auth with an API key', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ settings: { apiKey: KEY } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 401 HERALD_ERR_UNAUTHORIZED without credentials or with a wrong key', async () => {
    for (const authorization of [undefined, 'Bearer wrong', basic('wrong'), basic('user:wrong'), 'Token ' + KEY]) {
      const res = await postEvents(t, [makeEvent()], { headers: authorization ? { authorization } : {} });
      expect(res.status, String(authorization)).toBe(401);
      expect(await jsonBody(res)).toMatchObject({ code: 'HERALD_ERR_UNAUTHORIZED' });
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    }
  });

  it("accepts the bearer form and Prefect's basic-auth forms", async () => {
    for (const authorization of [`Bearer ${KEY}`, `bearer ${KEY}`, basic(KEY), basic(`anyone:${KEY}`)]) {
      const res = await postEvents(t, [makeEvent()], { headers: { authorization } });
      expect(res.status, authorization).toBe(204);
    }
  });

  it('guards every route but /api/health', async () => {
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    for (const path of [`${t.url}/version`, `${t.baseUrl}/metrics`, `${t.baseUrl}/docs/json`, `${t.url}/events/filter`]) {
      const res = await fetch(path, { method: path.endsWith('filter') ? 'POST' : 'GET' });
      expect(res.status, path).toBe(401);
      const ok = await fetch(path, {
        method: path.endsWith('filter') ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: path.endsWith('filter') ? '{}' : undefined,
      });
      expect(ok.status, path).toBe(200);
    }
  });
});

describe('HTTP without an API key', () => {
  it('needs no credentials', async () => {
    const t = await startTestServer();
    try {
      expect((await postEvents(t, [makeEvent()])).status).toBe(204);
      expect((await fetch(`${t.url}/version`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
