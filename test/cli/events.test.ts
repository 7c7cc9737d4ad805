// `herald events emit|query|tail` as real processes against a real server.
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HeraldClient, type ReceivedEvent } from '../../sdk/index.js';
import { type Backend, type TestServer, startTestServer } from '../helpers/server.js';
import { runCli, startCli, waitForOutput } from './run-cli.js';

// Each CLI call is a fresh Node process compiling TypeScript: allow for a busy machine.
vi.setConfig({ testTimeout: 90_000 });

describe.each<Backend>(['sqlite', 'postgres'])('herald events on %s', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ backend });
  });
  afterAll(() => t?.close());

  it('emit stores an event that query then finds (text and --json)', async () => {
    const emitted = await runCli([
      'events',
      'emit',
      '--url',
      t.url,
      '--event',
      'cli.etl.completed',
      '--resource-id',
      'etl.job.nightly',
      '--resource',
      'prefect.resource.name=Nightly ETL',
      '--related',
      'owner:team.data',
      '--payload',
      '{"rows": 42}',
      '--json',
    ]);
    expect(emitted.stderr).toBe('');
    expect(emitted.code).toBe(0);
    const event = JSON.parse(emitted.stdout) as ReceivedEvent;
    expect(event).toMatchObject({
      event: 'cli.etl.completed',
      resource: { 'prefect.resource.id': 'etl.job.nightly', 'prefect.resource.name': 'Nightly ETL' },
      related: [{ 'prefect.resource.id': 'team.data', 'prefect.resource.role': 'owner' }],
      payload: { rows: 42 },
    });

    // HERALD_URL instead of --url, global flag form for the filter.
    const text = await runCli(['events', 'query', '--event', 'cli.etl.completed'], { HERALD_URL: t.url });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('cli.etl.completed  etl.job.nightly (Nightly ETL)');
    expect(text.stdout).toContain('1 of 1 matching event');

    const json = await runCli(['--url', t.url, 'events', 'query', '--resource-id', 'etl.job.*', '--json']);
    expect(json.code).toBe(0);
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ReceivedEvent);
    expect(lines.map((e) => e.id)).toEqual([event.id]);
    expect(json.stderr).toContain('1 of 1 matching event');
  });

  it('query pages through more than one page and honours --limit', async () => {
    await new HeraldClient({ url: t.url }).emitEvents(
      Array.from({ length: 75 }, (_, i) => ({ event: 'cli.paged', resource: { 'prefect.resource.id': `r.${i}` } })),
    );
    const all = await runCli(['events', 'query', '--url', t.url, '--event', 'cli.paged', '--json', '--order', 'asc']);
    expect(all.stdout.trim().split('\n')).toHaveLength(75);
    const some = await runCli(['events', 'query', '--url', t.url, '--event', 'cli.paged', '--limit', '60']);
    expect(some.stdout).toContain('60 of 75 matching events (raise --limit to see more)');
  });
});

describe('herald events errors', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ settings: { apiKey: 'cli-key' } });
  });
  afterAll(() => t?.close());

  it('bad --payload JSON is a usage error (exit 2) that says what is wrong', async () => {
    const r = await runCli([
      'events',
      'emit',
      '--url',
      t.url,
      '--api-key',
      'cli-key',
      '--event',
      'x',
      '--resource-id',
      'y',
      '--payload',
      '{rows: 42',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--payload is not valid JSON/);
    const notObject = await runCli(['events', 'emit', '--url', t.url, '--event', 'x', '--resource-id', 'y', '--payload', '[1]']);
    expect(notObject.code).toBe(2);
    expect(notObject.stderr).toMatch(/--payload must be a JSON object/);
  });

  it('a missing required flag is a usage error', async () => {
    const r = await runCli(['events', 'emit', '--url', t.url, '--resource-id', 'y']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--event/);
  });

  it('a refused key exits 1 and points at --api-key / HERALD_API_KEY', async () => {
    const r = await runCli(['events', 'query', '--url', t.url, '--api-key', 'wrong']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/401/);
    expect(r.stderr).toMatch(/HERALD_API_KEY/);
    const viaEnv = await runCli(['events', 'query', '--url', t.url], { HERALD_API_KEY: 'cli-key' });
    expect(viaEnv.code).toBe(0);
  });

  it('a 422 from the server is rendered field by field', async () => {
    const r = await runCli(['events', 'query', '--url', t.url, '--api-key', 'cli-key', '--text', 'x'.repeat(201)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the server rejected the request \(422\):\n {2}- .*text/);
  });

  it('an unreachable server exits 1 with a hint', async () => {
    const gone = await startTestServer();
    await gone.close();
    const r = await runCli(['events', 'emit', '--url', gone.url, '--event', 'x', '--resource-id', 'y']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot reach Herald/);
    expect(r.stderr).toMatch(/Is the server running\?/);
  });
});

describe('herald events tail', () => {
  it('prints a live event, then exits cleanly on SIGINT', async () => {
    const t = await startTestServer();
    try {
      const tail = startCli(['events', 'tail', '--url', t.url, '--event-prefix', 'cli.tail.']);
      await waitForOutput(tail.stderr, /Tailing events from/);
      const line = waitForOutput(tail.stdout, /cli\.tail\.live/);
      await new HeraldClient({ url: t.url }).emitEvents([
        { event: 'other.event', resource: { 'prefect.resource.id': 'x' } },
        { event: 'cli.tail.live', resource: { 'prefect.resource.id': 'etl.job.nightly', 'prefect.resource.name': 'Nightly' } },
      ]);
      const out = await line;
      expect(out).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}cli\.tail\.live {2}etl\.job\.nightly \(Nightly\)\n$/);
      const exited = once(tail, 'exit');
      tail.kill('SIGINT');
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      await t.close();
    }
  });
});
