// `herald server`: flags generated from the settings table, and a real start/stop.
import { once } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { HeraldClient } from '../../sdk/index.js';
import { describeDefault, flagName, type SettingName, settingDefinitions } from '../../src/config.js';
import { startTestServer } from '../helpers/server.js';
import { tempDir } from '../helpers/tmp.js';
import { runCli, startCli, waitForOutput } from './run-cli.js';

vi.setConfig({ testTimeout: 90_000 });

describe('herald server', () => {
  it('--help lists every setting as a flag with its environment variable and default', async () => {
    const r = await runCli(['server', '--help']);
    expect(r.code).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    const names = Object.keys(settingDefinitions) as SettingName[];
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      expect(help).toContain(`${flagName(name)} <`);
      expect(help).toContain(`env ${settingDefinitions[name].env}; default ${describeDefault(name)}]`);
    }
    expect(help).toContain('Examples:');
  });

  it('starts, says where it listens and which database it uses, serves, and stops on SIGINT', async () => {
    const dir = tempDir('herald-cli-server-');
    try {
      // A flag (--data-dir) and an environment variable (HERALD_API_KEY) together.
      const server = startCli(['server', '--port', '0', '--data-dir', dir.path, '--log-level', 'warn'], { HERALD_API_KEY: 'from-env' });
      const banner = await waitForOutput(server.stdout, /Press Ctrl-C/);
      const url = /Herald listening on (http:\/\/\S+)/.exec(banner)?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(banner).toContain(`database:  SQLite in ${dir.path}`);
      expect(banner).toContain(`docs:      ${url}/docs`);
      expect(banner).toContain('API key required');

      const client = new HeraldClient({ url: url!, apiKey: 'from-env' });
      const event = await client.emitEvent({ event: 'cli.server.up', resource: { 'prefect.resource.id': 'x' } });
      expect((await client.queryPage({ id: { id: [event.id] } })).total).toBe(1);

      const exited = once(server, 'exit');
      server.kill('SIGINT');
      expect((await exited)[0]).toBe(0);
    } finally {
      dir.remove();
    }
  });

  it('a port already in use is a clear failure (exit 1)', async () => {
    const t = await startTestServer();
    const dir = tempDir('herald-cli-server-');
    try {
      const r = await runCli(['server', '--port', new URL(t.url).port, '--data-dir', dir.path, '--log-level', 'silent']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/is already in use/);
    } finally {
      await t.close();
      dir.remove();
    }
  });

  it('an invalid setting value is a usage error naming the setting', async () => {
    const r = await runCli(['server', '--port', 'eighty']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/port \(HERALD_PORT\).*whole number/);
  });
});
