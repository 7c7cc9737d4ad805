// Authentication is decided by what a route is, never by headers a client chooses: every HTTP route
// (taken from the published OpenAPI document, plus the undocumented ones) is sent the headers and
// path tricks an attacker would try, and each must answer 401 (or 404 for a path that names no
// route) — never a 2xx, never the route's own answer.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'the-real-key';
const ID = '0198c4b2-0000-7000-8000-000000000001';

/** Header sets that once slipped past, or commonly slip past, an auth check. */
const ATTACKER_HEADERS: Record<string, string>[] = [
  {},
  { upgrade: 'websocket' },
  { upgrade: 'WebSocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
  { upgrade: 'websocket', 'sec-websocket-protocol': 'prefect' },
  { 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '127.0.0.1', forwarded: 'for=127.0.0.1' },
  { 'x-original-url': '/api/health', 'x-rewrite-url': '/api/health', 'x-http-method-override': 'GET' },
  { authorization: 'Bearer' },
  { authorization: 'Bearer ' },
  { authorization: 'Basic ' },
  { authorization: 'Basic Og==' }, // ":" — empty user and password
  { authorization: `Bearer ${KEY.slice(0, -1)}` },
  { authorization: `Token ${KEY}` },
];

interface Route {
  method: string;
  path: string;
}

/** A raw HTTP/1.1 request (fetch forbids `Connection: Upgrade`); resolves the status, or 'upgraded'. */
function rawRequest(base: string, route: Route, headers: Record<string, string>): Promise<number | 'upgraded' | 'closed'> {
  const url = new URL(base + route.path);
  return new Promise((resolve, reject) => {
    const body = route.method === 'GET' || route.method === 'HEAD' ? undefined : '{}';
    const req = httpRequest(
      {
        agent: false, // a fresh connection each: an upgrade attempt may leave its socket closed
        host: url.hostname,
        port: url.port,
        method: route.method,
        path: url.pathname + url.search,
        headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve('upgraded');
    });
    req.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' || err.message === 'socket hang up' ? resolve('closed') : reject(err),
    );
    req.end(body);
  });
}

describe('HTTP auth cannot be bypassed with headers or path tricks', () => {
  let t: TestServer;
  let routes: Route[];
  beforeAll(async () => {
    t = await startTestServer({ settings: { apiKey: KEY } });
    const doc = (await (await fetch(`${t.baseUrl}/docs/json`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        routes.push({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, ID) });
      }
    }
    routes.push({ method: 'GET', path: '/metrics' }, { method: 'GET', path: '/docs/json' }, { method: 'GET', path: '/docs' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the OpenAPI document lists the routes this test attacks', () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of ['POST /api/events', 'POST /api/events/filter', 'GET /api/destinations/', 'POST /api/automations/']) {
      expect(
        paths.some((p) => p.startsWith(expected.replace(/\/$/, ''))),
        expected,
      ).toBe(true);
    }
    expect(routes.length).toBeGreaterThan(25);
  });

  it('answers 401 on every route but /api/health and the inbound webhooks, whatever headers are sent', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      if (route.path === '/api/health' || route.path.startsWith('/hooks/')) continue;
      for (const headers of ATTACKER_HEADERS) {
        const status = await rawRequest(t.baseUrl, route, headers);
        if (status !== 401) failures.push(`${route.method} ${route.path} ${JSON.stringify(headers)} → ${status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a real upgrade handshake to a plain HTTP route is refused, not served', async () => {
    const upgrade = {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    };
    for (const route of [
      { method: 'GET', path: '/api/destinations/' },
      { method: 'GET', path: '/api/version' },
      { method: 'GET', path: '/metrics' },
    ]) {
      // 401, or the connection closed once the 401 is written: never switched to a WebSocket.
      expect([401, 'closed'], route.path).toContain(await rawRequest(t.baseUrl, route, upgrade));
    }
  });

  it('inbound webhooks are public, but only a real slug reaches one: anything else is 404, whatever headers', async () => {
    const hookRoutes = routes.filter((r) => r.path.startsWith('/hooks/'));
    expect(hookRoutes.length).toBeGreaterThan(0);
    for (const route of hookRoutes) {
      for (const headers of ATTACKER_HEADERS) expect(await rawRequest(t.baseUrl, route, headers), route.path).toBe(404);
    }
    for (const path of ['/hooks/../api/destinations/', '/hooks/%2e%2e/api/destinations/', '/hooks/x/../../api/automations/']) {
      expect([401, 404], path).toContain(await rawRequest(t.baseUrl, { method: 'GET', path }, {}));
    }
  });

  it('path variants reach no route unauthenticated', async () => {
    const variants = [
      '/api/health/../destinations/',
      '/api/health/%2e%2e/destinations/',
      '/api//destinations/',
      '/API/destinations/',
      '/api/destinations/?x=/api/health',
      '/api/destinations/;/api/health',
      '/api/destinations/%00',
      '/./api/destinations/',
    ];
    for (const path of variants) {
      const status = await rawRequest(t.baseUrl, { method: 'GET', path }, {});
      expect([401, 404], path).toContain(status);
    }
    // The health check stays public.
    expect(await rawRequest(t.baseUrl, { method: 'GET', path: '/api/health' }, {})).toBe(200);
  });
});
