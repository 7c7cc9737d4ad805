// The browser entry (`@herald/sdk` under the `browser` condition) against a real server, on the web
// platform's own fetch and WebSocket: run in a child Node with `--experimental-websocket` (Node 20
// has no global WebSocket otherwise) and a hook that fails any load of `ws` or a Node built-in from
// sdk/. Real browsers come with the UI's tests. Also: the `WebSocket` option injects another class.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HeraldClient, subscribe, toTimestamp } from '../../sdk/browser.js';
import { runNode } from '../helpers/process.js';
import { type TestServer, startTestServer } from '../helpers/server.js';

const fixtures = join(import.meta.dirname, 'fixtures');

describe('SDK browser entry', () => {
  let t: TestServer;
  beforeAll(async () => {
    // With a key: a browser cannot send headers on the upgrade, so the `auth` message must carry it.
    t = await startTestServer({ settings: { apiKey: 'browser-key' } });
  });
  afterAll(() => t?.close());

  it('emits, subscribes and queries over the platform fetch and WebSocket, loading neither ws nor node:*', async () => {
    const { code, stdout, stderr } = await runNode([
      '--experimental-websocket',
      '--no-warnings',
      '--import',
      'tsx',
      '--import',
      join(fixtures, 'deny-node-in-sdk.ts'),
      join(fixtures, 'browser-entry.ts'),
      t.url,
      'browser-key',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { webSocket: string; sent: string[]; live: string[]; stored: number };
    expect(result.webSocket).toBe('function');
    expect(result.live).toEqual(result.sent);
    expect(result.stored).toBe(2);
  });

  it('takes the WebSocket class as an option', async () => {
    const url = t.url;
    const since = toTimestamp(Date.now() - 60_000);
    const subscription = subscribe(
      { event: { name: ['browser.injected'] }, occurred: { since } },
      { url, apiKey: 'browser-key', WebSocket, backfill: false },
    );
    try {
      await subscription.ready;
      const event = await new HeraldClient({ url, apiKey: 'browser-key' }).emitEvent({
        event: 'browser.injected',
        resource: { 'prefect.resource.id': 'sdk.browser.injected' },
      });
      const next = await subscription.next();
      expect(next.value?.id).toBe(event.id);
    } finally {
      await subscription.close();
    }
  });
});
