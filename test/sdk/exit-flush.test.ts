// A process that sends events and ends without flushing still delivers them (beforeExit), and one
// whose server is gone reports the loss instead of exiting silently.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTsx } from '../helpers/process.js';
import { startTestServer } from '../helpers/server.js';
import { storedCount } from './helpers.js';

const fixture = join(import.meta.dirname, 'fixtures', 'send-and-exit.ts');

const run = (args: string[]) => runTsx(fixture, args);

describe('EventsWorker at process exit', () => {
  it('delivers queued events before the process ends', async () => {
    const t = await startTestServer();
    try {
      const { code, stdout } = await run([t.url, 'exit.flushed', '100', '10000']);
      expect(code).toBe(0);
      const ids = stdout.trim().split('\n');
      expect(ids).toHaveLength(100);
      expect(await storedCount(t.url, ids)).toBe(100);
    } finally {
      await t.close();
    }
  });

  it('reports undeliverable events as a warning when the server is unreachable', async () => {
    const t = await startTestServer();
    const url = t.url;
    await t.close();
    const { code, stderr } = await run([url, 'exit.lost', '3', '300']);
    expect(code).toBe(0);
    expect(stderr).toContain('HERALD_SDK_FLUSH_TIMEOUT');
    expect(stderr).toMatch(/3 events were not acknowledged/);
  });
});
