// The `herald` command tree. Built by a function (not at import time) so tests and main share it.

import { Command, Option } from 'commander';
import { heraldVersion } from '../api/version.js';
import { addAutomationsCommand } from './automations-command.js';
import { DEFAULT_URL } from './connection-options.js';
import { addEmitCommand } from './events-emit-command.js';
import { addQueryCommand } from './events-query-command.js';
import { addTailCommand } from './events-tail-command.js';
import type { CliIo } from './io.js';
import { addServerCommand } from './server-command.js';
import { addWebhooksCommand } from './webhooks-command.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('herald')
    .description('Herald — self-hosted events and automations server, wire-compatible with Prefect 3')
    .version(heraldVersion(), '-V, --version')
    // Options after a subcommand belong to it: `herald server --api-key` is the server's key.
    .enablePositionalOptions()
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .addOption(new Option('--url <url>', `Herald server URL for client commands (env HERALD_URL; default ${DEFAULT_URL})`))
    .addOption(new Option('--api-key <key>', 'API key for client commands (env HERALD_API_KEY)'))
    .addHelpText(
      'after',
      `
Examples:
  $ herald server --port 4200
  $ herald events emit --event etl.run.completed --resource-id etl.job.nightly --payload '{"rows": 42}'
  $ herald events tail --event-prefix etl.
  $ herald events query --since 1h --json

Exit codes: 0 success, 1 request failed (unreachable, refused key, server error), 2 usage error.
`,
    );

  addServerCommand(program, io);
  const events = program
    .command('events')
    .description('Emit, tail and query events')
    .addHelpText(
      'after',
      `
Examples:
  $ herald events emit --event etl.run.completed --resource-id etl.job.nightly
  $ herald events tail --event-prefix etl. --json
  $ herald events query --since 2h --resource-label prefect.resource.name='nightly-*'

Every subcommand takes --url (HERALD_URL) and --api-key (HERALD_API_KEY); see 'herald events <command> --help'.
`,
    );
  addEmitCommand(events, io);
  addTailCommand(events, io);
  addQueryCommand(events, io);
  addAutomationsCommand(program, io);
  addWebhooksCommand(program, io);
  return program;
}
