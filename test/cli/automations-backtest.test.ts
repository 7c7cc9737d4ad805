// `herald automations backtest` as a real process against a real server (SQLite): a saved automation
// by name, a draft from a file, the JSON answer, and the errors (usage, a refused automation).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { makeReceived } from '../automations/engine-harness.js';
import { FakeClock } from '../../src/clock.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import { runCli } from './run-cli.js';

// Each CLI call is a fresh Node process compiling TypeScript: allow for a busy machine.
vi.setConfig({ testTimeout: 180_000 });

const DRAFT = `name: Two failures
trigger:
  type: event
  posture: Reactive
  expect: [acme.payment.failed]
  for_each: [acme.customer]
  threshold: 2
  within: 600
actions:
  - type: emit-event
    event: acme.alert
    resource: {prefect.resource.id: acme.alert.1}
`;

describe('herald automations backtest', () => {
  let t: TestServer;
  const files = tempDir('herald-cli-backtest-');
  const hour = 3600_000;
  const base = Date.now() - 2 * hour; // inside the default range (the last 24 h)
  const iso = (ms: number) => new Date(ms).toISOString();

  beforeAll(async () => {
    t = await startTestServer({ settings: { automationsEnabled: false } });
    const clock = new FakeClock(base);
    const failed = (customer: string, offsetMs: number) =>
      makeReceived(
        {
          event: 'acme.payment.failed',
          occurred: `${iso(base + offsetMs).slice(0, -1)}000Z`,
          resource: { 'prefect.resource.id': `acme.invoice.${offsetMs}`, 'acme.customer': customer },
        },
        clock,
      );
    await t.storage.events.insertEvents(DEFAULT_WORKSPACE_ID, [failed('c-1', 0), failed('c-2', 1000), failed('c-1', 60_000)]);
    writeFileSync(join(files.path, 'draft.yaml'), DRAFT);
    writeFileSync(join(files.path, 'bad.yaml'), DRAFT.replace('within: 600', 'within: -1'));
  });
  afterAll(async () => {
    await t?.close();
    files.remove();
  });

  const cli = (...args: string[]) => runCli(['automations', 'backtest', ...args, '--url', t.url]);

  it('backtests a draft from a file: one line per firing and its actions; nothing is saved', async () => {
    const res = await cli('-f', join(files.path, 'draft.yaml'));
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Two failures: 3 events replayed from \S+ to \S+, 1 firing$/);
    expect(lines[1]).toMatch(/^\S+ acme\.customer=c-1 {2}Triggered {2}acme\.payment\.failed on acme\.invoice\.60000 \(/);
    expect(lines[2]).toBe('    → Emit event acme.alert');
    const count = await fetch(`${t.url}/automations/count`, { method: 'POST' });
    expect(await count.json()).toBe(0);
  });

  it('backtests a saved automation by name, over --since/--until, as JSON', async () => {
    const created = await fetch(`${t.url}/automations/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Saved',
        trigger: { type: 'event', posture: 'Reactive', expect: ['acme.payment.failed'], threshold: 1, within: 0 },
        actions: [{ type: 'do-nothing' }],
      }),
    });
    expect(created.status).toBe(201);
    const res = await cli('Saved', '--since', iso(base - 1000), '--until', iso(base + 30_000), '--json');
    expect(res.code).toBe(0);
    const body = JSON.parse(res.stdout);
    expect(body.events_replayed).toBe(2);
    expect(body.firings.map((f: { key: string }) => f.key)).toEqual(['', '']);
  });

  it('usage errors exit 2; a refused automation names the field and exits 1', async () => {
    const neither = await cli();
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('an id or name, or -f <file>');
    const badTime = await cli('-f', join(files.path, 'draft.yaml'), '--since', 'last tuesday');
    expect(badTime.code).toBe(2);
    const refused = await cli('-f', join(files.path, 'bad.yaml'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the server refused to backtest "Two failures" (422)');
    expect(refused.stderr).toContain('automation.trigger.within');
  });
});
