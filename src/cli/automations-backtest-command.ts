// `herald automations backtest <id-or-name> | -f <file>`: what an automation (saved, or only written
// in a file) would have fired over a range of stored events — POST /automations/backtest, which
// replays them through the server's trigger engine with no side effects (docs/automations.md).

import { type Command, Option } from 'commander';
import type { BacktestResult } from '../automations/backtest.js';
import type { Automation } from '../model/automation.js';
import { CliFailure, UsageError } from './cli-error.js';
import { isRejection } from './automations-apply-command.js';
import { AutomationsClient, describeRejection } from './automations-client.js';
import { loadAutomationDocuments } from './automations-documents.js';
import { addConnectionOptions, resolveConnection } from './connection-options.js';
import type { CliIo } from './io.js';
import { collect, parseTime } from './parse-values.js';

export function addBacktestCommand(automations: Command, io: CliIo, now: () => number = Date.now): void {
  addConnectionOptions(
    automations
      .command('backtest [id-or-name]')
      .description('What an automation (saved, or in a file) would have fired over stored events; nothing is saved or run'),
  )
    .addOption(new Option('-f, --file <path>', 'a .json/.yaml/.yml file holding one automation, or - for stdin').argParser(collect))
    .option('--since <time>', 'start of the range: 15m, 2h, 7d (ago) or ISO-8601 (default: 24 h before --until)')
    .option('--until <time>', 'end of the range: now, an age or ISO-8601 (default: now)')
    .option('--json', "print the server's answer as JSON")
    .addHelpText(
      'after',
      `
Examples:
  $ herald automations backtest "Nightly ETL failed" --since 7d
  $ herald automations backtest -f draft.yaml --since 2026-08-01 --until 2026-08-08
`,
    )
    .action(async (ref: string | undefined, flags: { file?: string[]; since?: string; until?: string; json?: boolean }, cmd: Command) => {
      if ((ref === undefined) === (flags.file === undefined))
        throw new UsageError('backtest needs an automation: an id or name, or -f <file> (not both)');
      const client = new AutomationsClient(resolveConnection(cmd));
      const { name, body } = ref === undefined ? fromFile(flags.file ?? []) : fromServer(await client.resolve(ref));
      const range = {
        ...(flags.since !== undefined && { since: parseTime('--since', flags.since, now()) }),
        ...(flags.until !== undefined && { until: parseTime('--until', flags.until, now()) }),
      };
      const result = await client.backtest({ automation: body, ...range }).catch((err: unknown) => {
        throw isRejection(err)
          ? new CliFailure(`the server refused to backtest "${name}" (${err.status}):\n${describeRejection(err)}`)
          : err;
      });
      io.out(flags.json ? JSON.stringify(result, null, 2) + '\n' : formatBacktest(name, result));
    });
}

function fromFile(paths: string[]): { name: string; body: Record<string, unknown> } {
  const docs = loadAutomationDocuments(paths);
  if (docs.length !== 1) throw new UsageError(`backtest takes one automation; ${paths.join(', ')} holds ${docs.length}`);
  return { name: docs[0].name, body: docs[0].body };
}

/** A saved automation as a create body (its trigger ids are ignored by the server). */
function fromServer(a: Automation): { name: string; body: Record<string, unknown> } {
  const { id: _id, created: _created, updated: _updated, ...body } = a;
  return { name: a.name, body };
}

export function formatBacktest(name: string, r: BacktestResult): string {
  const count = `${r.firings.length} firing${r.firings.length === 1 ? '' : 's'}`;
  const lines = [
    `${name}: ${r.events_replayed} events replayed from ${r.since} to ${r.until}, ${count}${r.truncated ? ' (truncated: the replay stopped there)' : ''}`,
  ];
  for (const f of r.firings) {
    const key =
      f.key === ''
        ? ''
        : ` ${Object.entries(JSON.parse(f.key) as Record<string, string>)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`;
    const cause = f.triggering_event
      ? `${f.triggering_event.event} on ${f.triggering_event.resource_id} (${f.triggering_event.id})`
      : 'absence: no event';
    lines.push(`${f.occurred}${key}  ${f.state}  ${cause}`);
    for (const a of f.actions) lines.push(`    → ${a.summary}`);
  }
  return lines.join('\n') + '\n';
}
