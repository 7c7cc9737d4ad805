// Serving the web UI at / (src/api/ui-static.ts, docs/ui.md "Serving"): files with their types and
// cache rules, history-API fallback for navigations only, the API's 404s and 401s untouched, a clear
// page when the bundle is missing, and HERALD_UI=false.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonBody, type TestServer, startTestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import { HOSTILE_STRINGS } from './fuzz/inputs.js';

const KEY = 'ui-static-key';
const html = { accept: 'text/html,application/xhtml+xml' };
const BIG_JS = 'export const answer = () => 42;\n'.repeat(400);

describe('the UI bundle at /', () => {
  const bundle = tempDir('herald-ui-');
  let t: TestServer;
  beforeAll(async () => {
    mkdirSync(join(bundle.path, 'assets'));
    writeFileSync(join(bundle.path, 'index.html'), '<html><head><meta name="herald-api-base" content="/api" /></head></html>');
    writeFileSync(join(bundle.path, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(bundle.path, 'robots.txt'), 'User-agent: *');
    writeFileSync(join(bundle.path, 'assets', 'vendor-def456.js'), BIG_JS);
    t = await startTestServer({ settings: { uiDir: bundle.path, apiKey: KEY } });
  });
  afterAll(async () => {
    await t?.close();
    bundle.remove();
  });

  it('serves index.html at / without the API key, not cached, with the API prefix written in', async () => {
    const res = await fetch(`${t.baseUrl}/`, { headers: html });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<meta name="herald-api-base" content="/api"');
  });

  it('falls back to index.html for any navigation that is not a file', async () => {
    for (const path of ['/events', '/events/event/2026-01-01/0195f0c8-0000-7000-8000-000000000000', '/resources/prefect.flow-run.x']) {
      const res = await fetch(`${t.baseUrl}${path}?range=1h`, { headers: html });
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 200, 'text/html; charset=utf-8']);
    }
  });

  it('serves hashed assets for good and other files revalidated, with their content types', async () => {
    const js = await fetch(`${t.baseUrl}/assets/index-abc123.js`);
    expect([js.status, js.headers.get('content-type'), js.headers.get('cache-control')]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'public, max-age=31536000, immutable',
    ]);
    expect(await js.text()).toBe('console.log(1)');
    const txt = await fetch(`${t.baseUrl}/robots.txt`);
    expect([txt.status, txt.headers.get('content-type'), txt.headers.get('cache-control')]).toEqual([
      200,
      'text/plain; charset=utf-8',
      'no-cache',
    ]);
  });

  it('compresses text files for browsers that take it: Brotli first, then gzip, never tiny files', async () => {
    const get = async (path: string, acceptEncoding: string) => {
      const res = await fetch(`${t.baseUrl}${path}`, { headers: { 'accept-encoding': acceptEncoding } });
      const raw = Number(res.headers.get('content-length'));
      return { encoding: res.headers.get('content-encoding'), vary: res.headers.get('vary'), raw, text: await res.text() };
    };
    const br = await get('/assets/vendor-def456.js', 'gzip, deflate, br');
    expect([br.encoding, br.vary, br.text === BIG_JS]).toEqual(['br', 'Accept-Encoding', true]);
    expect(br.raw).toBeLessThan(BIG_JS.length / 10); // on the wire
    const gzip = await get('/assets/vendor-def456.js', 'gzip, br;q=0');
    expect([gzip.encoding, gzip.text === BIG_JS]).toEqual(['gzip', true]);
    expect((await get('/assets/vendor-def456.js', 'identity')).encoding).toBeNull();
    expect((await get('/assets/index-abc123.js', 'br')).encoding).toBeNull(); // 14 bytes: not worth it
  });

  it('answers hostile paths with a page or a 4xx, never a 5xx', async () => {
    // Hostile strings encoded (lone surrogates made well-formed: they cannot be sent), and escapes
    // that do not decode at all.
    const paths = [
      ...HOSTILE_STRINGS.map((h) => encodeURIComponent(h.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))),
      '%',
      '%ff%fe',
      '%00',
      '..%2f..%2fetc%2fpasswd',
      '%2e%2e/',
    ];
    for (const path of paths) {
      for (const accept of ['text/html', '*/*']) {
        const res = await fetch(`${t.baseUrl}/${path}`, { headers: { accept } });
        await res.arrayBuffer();
        expect([path, accept, res.status < 500]).toEqual([path, accept, true]);
      }
    }
  });

  it('answers 404 for a missing file a script asks for, and never serves outside the bundle', async () => {
    expect((await fetch(`${t.baseUrl}/assets/gone-000.js`, { headers: { accept: '*/*' } })).status).toBe(404);
    for (const path of ['/..%2Fpackage.json', '/%2e%2e/%2e%2e/package.json', '/%00']) {
      const res = await fetch(`${t.baseUrl}${path}`, { headers: { accept: '*/*' } });
      expect([path, res.status]).toEqual([path, 404]);
    }
  });

  it('keeps the API: its auth, its 404 body, and no UI fallback under the API prefix', async () => {
    expect((await fetch(`${t.url}/events/filter`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${t.url}/no/such/route`, { headers: html })).status).toBe(401);
    const auth = { ...html, authorization: `Bearer ${KEY}` };
    const res = await fetch(`${t.url}/no/such/route`, { headers: auth });
    expect([res.status, await jsonBody(res)]).toEqual([404, { detail: 'Not Found', code: 'HERALD_ERR_ROUTE_NOT_FOUND' }]);
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });

  it('challenges a browser for the key, but not a page script that says so (the UI asks itself)', async () => {
    const plain = await fetch(`${t.url}/events/filter`, { method: 'POST', body: '{}' });
    expect([plain.status, plain.headers.get('www-authenticate')]).toEqual([401, 'Basic realm="herald", charset="UTF-8"']);
    for (const url of [`${t.url}/events/filter`, `${t.url}/no/such/route`]) {
      const script = await fetch(url, { method: 'POST', body: '{}', headers: { 'x-requested-with': 'herald-ui' } });
      expect([url, script.status, script.headers.get('www-authenticate')]).toEqual([url, 401, null]);
    }
  });
});

describe('without a built bundle, and with HERALD_UI=false', () => {
  const empty = tempDir('herald-ui-empty-');
  let missing: TestServer;
  let off: TestServer;
  beforeAll(async () => {
    missing = await startTestServer({ settings: { uiDir: empty.path } });
    off = await startTestServer({ settings: { ui: false } });
  });
  afterAll(async () => {
    await missing?.close();
    await off?.close();
    empty.remove();
  });

  it('says how to build the UI', async () => {
    const res = await fetch(`${missing.baseUrl}/events`, { headers: html });
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).toContain('npm run build -w ui');
    expect(text).toContain('HERALD_UI_DIR');
  });

  it('serves no UI when turned off', async () => {
    const res = await fetch(`${off.baseUrl}/`, { headers: html });
    expect([res.status, await jsonBody(res)]).toEqual([404, { detail: 'Not Found', code: 'HERALD_ERR_ROUTE_NOT_FOUND' }]);
  });
});
