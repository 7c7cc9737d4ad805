// Server surface: health, version, metrics, OpenAPI docs, error shapes, graceful shutdown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { createServer } from '../../src/server.js';
import { openStorage, type SqliteStorage } from '../../src/storage/index.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { connectWs, jsonBody, makeEvent, postEvents, startTestServer, testSettings, type TestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';

describe('server endpoints', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GET /api/health answers true after pinging storage', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.status).toBe(200);
    expect(await jsonBody(res)).toBe(true);
  });

  it('GET /api/version names Herald, its version and the storage', async () => {
    const body = await jsonBody(await fetch(`${t.url}/version`));
    expect(body).toMatchObject({ name: 'herald', prefect_api: '3', storage: 'sqlite' });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('GET /metrics exposes the ingest, writer and WebSocket metrics', async () => {
    const ws = await connectWs(`${t.wsUrl}/events/in?acks=1`);
    const out = await connectWs(`${t.wsUrl}/events/out`, { protocols: ['prefect'] });
    const e = makeEvent();
    await postEvents(t, [e, makeEvent()]);
    await postEvents(t, [e]);
    const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(text).toMatch(/^herald_ingest_events_total\{outcome="accepted"\} 2$/m);
    expect(text).toMatch(/^herald_ingest_duplicates_total 1$/m);
    expect(text).toMatch(/^herald_writer_batch_size_count [1-9]/m);
    expect(text).toMatch(/^herald_writer_write_seconds_count [1-9]/m);
    expect(text).toMatch(/^herald_writer_queue_depth 0$/m);
    expect(text).toMatch(/^herald_ws_connections\{endpoint="events_in"\} 1$/m);
    expect(text).toMatch(/^herald_ws_connections\{endpoint="events_out"\} 1$/m);
    expect(text).toMatch(/^herald_process_cpu_seconds_total/m);
    ws.socket.close();
    out.socket.close();
    await Promise.all([ws.closed, out.closed]);
  });

  it('serves the OpenAPI document and the interactive docs', async () => {
    const doc = await jsonBody(await fetch(`${t.baseUrl}/docs/json`));
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/events', '/api/health', '/api/version', '/metrics']));
    expect(doc.paths['/api/events'].post.responses).toHaveProperty('204');
    const body = doc.paths['/api/events'].post.requestBody.content['application/json'].schema;
    expect(body.type).toBe('array');
    expect(Object.keys(body.items.properties)).toEqual(expect.arrayContaining(['occurred', 'event', 'resource', 'id']));
    const ui = await fetch(`${t.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('<html');
  });

  it('mounts template validation under the API prefix without leaking its body parsers', async () => {
    const valid = await fetch(`${t.url}/templates/validate`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'Hi {{ event.event }}',
    });
    expect(valid.status).toBe(204);
    const invalid = await fetch(`${t.url}/automations/templates/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Hi {{ event.event',
    });
    expect(invalid.status).toBe(422);
    expect((await jsonBody(invalid)).error).toMatchObject({ line: expect.any(Number), message: expect.any(String) });
    // /events keeps the strict JSON parser.
    const bad = await postEvents(t, null, { body: '[{' });
    expect((await jsonBody(bad)).code).toBe('HERALD_ERR_BODY_NOT_JSON');
  });

  it("answers unknown routes 404 {detail} like FastAPI (+ Herald's code)", async () => {
    const res = await fetch(`${t.url}/no/such/route`);
    expect(res.status).toBe(404);
    expect(await jsonBody(res)).toEqual({ detail: 'Not Found', code: 'HERALD_ERR_ROUTE_NOT_FOUND' });
  });

  it('answers 503 from /api/health when storage does not answer', async () => {
    const dir = tempDir('herald-health-');
    const storage = await openStorage(testSettings({ settings: { dataDir: dir.path, databaseUrl: '' } }));
    const server = await createServer(testSettings({ settings: { dataDir: dir.path, databaseUrl: '' } }), { storage });
    try {
      await storage.close();
      const res = await server.app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'HERALD_ERR_STORAGE' });
    } finally {
      await server.close();
      dir.remove();
    }
  });
});

describe('graceful shutdown', () => {
  it('writes accepted events before closing and closes WebSockets with 1001', async () => {
    const clock = new FakeClock(); // never advanced: only the drain can write the batch
    const t = await startTestServer({ clock, observeIngest: true, settings: { writerMaxDelay: 3_600_000 } });
    try {
      const ws = await connectWs(`${t.wsUrl}/events/in`);
      const events = [makeEvent(), makeEvent()];
      const queued = t.nextIngest();
      const response = postEvents(t, events);
      await queued;
      expect(t.server.deps.ingestor.depth).toBe(2);
      const closed = t.server.close();
      expect((await response).status).toBe(204);
      expect(await ws.closed).toEqual({ code: 1001, reason: 'Server shutting down' });
      await closed;
      expect(
        (
          await t.storage.events.existingIds(
            DEFAULT_WORKSPACE_ID,
            events.map((e) => e.id),
          )
        ).size,
      ).toBe(2);
      await expect(t.server.deps.ingestor.ingest(DEFAULT_WORKSPACE_ID, [])).rejects.toMatchObject({ code: 'HERALD_ERR_SHUTTING_DOWN' });
    } finally {
      await t.close();
    }
  });

  it('closes the storage it opened', async () => {
    const t = await startTestServer();
    await t.server.close();
    await expect(t.storage.ping()).rejects.toThrow();
    await t.close();
  });
});

describe('logger', () => {
  it('redacts authorization headers, API keys, tokens and database URLs', async () => {
    const { createLogger } = await import('../../src/logger.js');
    const lines: string[] = [];
    const logger = createLogger({ logLevel: 'info' }, { write: (s: string) => void lines.push(s) });
    logger.info(
      {
        req: { headers: { authorization: 'Bearer sekret', cookie: 'c=1', host: 'h' } },
        settings: { apiKey: 'sekret', databaseUrl: 'postgres://u:pw@h/db', port: 1 },
        message: { type: 'auth', token: 'sekret' },
      },
      'hello',
    );
    const out = lines.join('');
    expect(out).not.toContain('sekret');
    expect(out).not.toContain('pw@');
    expect(JSON.parse(out).req.headers).toEqual({ authorization: '[Redacted]', cookie: '[Redacted]', host: 'h' });
  });

  it('stops serving, and says why, when the trigger engine cannot start (never HTTP without it)', async () => {
    const dir = tempDir('herald-engine-start-');
    const settings = testSettings({ settings: { dataDir: dir.path, databaseUrl: '' } });
    try {
      const first = await createServer(settings);
      await first.listen();
      await first.close();
      // A row no JSON parser can read, written behind the API's back.
      const storage = await openStorage(settings);
      (storage as SqliteStorage).database
        .prepare(
          "INSERT INTO automations (workspace_id, id, name, enabled, automation, created, updated) VALUES (?, ?, 'broken', 1, '{not json', '2026-01-01', '2026-01-01')",
        )
        .run(DEFAULT_WORKSPACE_ID, '0198c4b2-0000-7000-8000-0000000000aa');
      await storage.close();

      const server = await createServer(settings);
      const err = await server.listen().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      const url = server.app.server.address();
      expect(url).toBeNull(); // closed: no longer listening
    } finally {
      dir.remove();
    }
  });
});
