// `herald server`: every setting of src/config.ts is a flag here, generated from the table, so a new
// setting is a new flag with no edit to this file. Flags beat environment variables beat defaults.

import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { describeDefault, flagName, loadSettings, type SettingName, settingDefinitions, type Settings } from '../config.js';
import { CliFailure } from './cli-error.js';
import type { CliIo } from './io.js';

const PLACEHOLDER: Record<string, string> = { string: 'text', int: 'n', number: 'n', boolean: 'bool', duration: 'duration', json: 'json' };

export function addServerCommand(program: Command, io: CliIo): void {
  const server = program
    .command('server')
    .description('Run the Herald server (HTTP + WebSocket API, SQLite by default)')
    .helpOption('-h, --help', 'show every setting with its environment variable and default');
  for (const name of Object.keys(settingDefinitions) as SettingName[]) {
    const d = settingDefinitions[name];
    server.addOption(new Option(`${flagName(name)} <${PLACEHOLDER[d.kind]}>`, `${d.doc} [env ${d.env}; default ${describeDefault(name)}]`));
  }
  server.addHelpText(
    'after',
    `
Durations are seconds (30, 0.5) or take a unit: 500ms, 15m, 2h, 7d.

Examples:
  $ herald server                                        # SQLite in ./data, http://127.0.0.1:4200
  $ herald server --host 0.0.0.0 --port 8080 --api-key s3cret
  $ HERALD_DATABASE_URL=postgres://herald@db/herald herald server
`,
  );
  server.action(async (flags: Partial<Record<SettingName, string>>) => {
    // Raw strings go through the same parser as environment variables (errors name the setting).
    const settings = loadSettings(flags, process.env);
    // Imported here so that `herald events …` does not load the whole server.
    const { startServer } = await import('../server.js');
    const running = await startServer(settings).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        throw new CliFailure(
          `${settings.host}:${settings.port} is already in use — is another Herald running? Pick another --port (HERALD_PORT).`,
        );
      throw err;
    });
    io.out(
      [
        `Herald listening on ${running.url}`,
        `  API:       ${running.url}${settings.apiBasePath}`,
        `  database:  ${describeDatabase(settings)}`,
        `  docs:      ${running.url}/docs`,
        `  auth:      ${settings.apiKey ? 'API key required' : 'none (set --api-key to require one)'}`,
        `Press Ctrl-C to stop (accepted events are written before exit).`,
        '',
      ].join('\n'),
    );
  });
}

function describeDatabase(settings: Settings): string {
  if (!settings.databaseUrl) return `SQLite in ${resolve(settings.dataDir)}`;
  try {
    const u = new URL(settings.databaseUrl);
    if (u.password) u.password = '***';
    return `PostgreSQL at ${u.toString()}`;
  } catch {
    return 'PostgreSQL (unparseable URL hidden)';
  }
}
