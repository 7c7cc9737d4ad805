// `herald automations …`: list, show, create, apply, pause/resume, delete, look inside
// (state, firings, explain), and try on past events (backtest). Automations are named by id or by name everywhere.

import { createInterface } from 'node:readline/promises';
import { type Command, Option } from 'commander';
import { stringify as toYaml } from 'yaml';
import { HeraldSdkError } from '../../sdk/index.js';
import { CliFailure, UsageError } from './cli-error.js';
import { addApplyCommand, isRejection } from './automations-apply-command.js';
import { addBacktestCommand } from './automations-backtest-command.js';
import { AutomationsClient, describeRejection } from './automations-client.js';
import type { Normalize } from './automations-compare.js';
import { loadAutomationDocuments } from './automations-documents.js';
import { automationRows } from './automations-format.js';
import { formatExplain, formatFirings, formatState } from './automations-insight-format.js';
import { normalizeWithServerParser } from './automations-normalize.js';
import { addConnectionOptions, resolveConnection } from './connection-options.js';
import type { CliIo } from './io.js';
import { collect, parsePositiveInt } from './parse-values.js';

const REF = '<id-or-name>';

export function addAutomationsCommand(program: Command, io: CliIo, normalize: Normalize = normalizeWithServerParser): void {
  const automations = program
    .command('automations')
    .description('List, apply (from JSON/YAML files), pause, delete and inspect automations')
    .addHelpText(
      'after',
      `
Examples:
  $ herald automations ls
  $ herald automations apply -f automations/ --dry-run
  $ herald automations disable "Nightly ETL failed"
  $ herald automations explain "Nightly ETL failed" --event 0192f3c4-…
  $ herald automations backtest -f draft.yaml --since 7d

Automations are named by id or by name. Every subcommand takes --url (HERALD_URL) and --api-key
(HERALD_API_KEY). Exit codes: 0 success, 1 failed or rejected, 2 usage error.
`,
    );
  const client = (command: Command) => new AutomationsClient(resolveConnection(command));

  command(automations, 'ls', 'List automations: id, name, enabled, trigger')
    .option('--json', 'print the automations as a JSON array')
    .action(async (flags: { json?: boolean }, cmd: Command) => {
      const list = await client(cmd).list();
      io.out(flags.json ? JSON.stringify(list, null, 2) + '\n' : automationRows(list));
    });

  command(automations, `get ${REF}`, 'Show one automation (JSON, or YAML ready to be applied back)')
    .option('--yaml', 'print YAML instead of JSON')
    .action(async (ref: string, flags: { yaml?: boolean }, cmd: Command) => {
      const automation = await client(cmd).resolve(ref);
      io.out(flags.yaml ? toYaml(automation, { lineWidth: 0 }) : JSON.stringify(automation, null, 2) + '\n');
    });

  command(automations, 'create', 'Create the automations of a file as new ones (use apply to create-or-update by name)')
    .addOption(
      new Option('-f, --file <path>', 'a .json/.yaml/.yml file, a directory, or - for stdin (repeatable)')
        .argParser(collect)
        .makeOptionMandatory(),
    )
    .action(async (flags: { file: string[] }, cmd: Command) => {
      const docs = loadAutomationDocuments(flags.file);
      if (docs.length === 0) throw new CliFailure(`no automations found in ${flags.file.join(', ')}`);
      const c = client(cmd);
      let created = 0;
      for (const doc of docs) {
        try {
          const automation = await c.create(doc.body);
          io.out(`created    ${automation.name} (${automation.id}) — ${doc.source}\n`);
          created++;
        } catch (err) {
          if (!isRejection(err)) throw err;
          const before =
            created > 0 ? `\n  (${created} automation${created === 1 ? ' was' : 's were'} created before it; the rest were not sent)` : '';
          throw new CliFailure(
            `${doc.source}: automation "${doc.name}" was rejected by the server (${err.status}):\n${describeRejection(err)}${before}`,
          );
        }
      }
    });

  addApplyCommand(automations, io, normalize);

  for (const enabled of [true, false]) {
    const verb = enabled ? 'enable' : 'disable';
    command(
      automations,
      `${verb} ${REF}`,
      enabled ? 'Resume an automation (it starts from an empty state)' : 'Pause an automation (its open windows are dropped)',
    ).action(async (ref: string, _flags: unknown, cmd: Command) => {
      const c = client(cmd);
      const automation = await c.resolve(ref);
      // A no-op PATCH would still emit prefect.automation.updated; say so instead.
      if (automation.enabled === enabled) return io.out(`${automation.name} (${automation.id}) is already ${verb}d\n`);
      await c.setEnabled(automation.id, enabled).catch((err: unknown) => {
        throw isRejection(err)
          ? new CliFailure(`the server refused to ${verb} "${automation.name}" (${err.status}):\n${describeRejection(err)}`)
          : err;
      });
      io.out(`${verb}d ${automation.name} (${automation.id})\n`);
    });
  }

  command(automations, `delete ${REF}`, 'Delete an automation (asks first unless --yes)')
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .action(async (ref: string, flags: { yes?: boolean }, cmd: Command) => {
      const c = client(cmd);
      const automation = await c.resolve(ref);
      if (!flags.yes && !(await confirm(`Delete automation "${automation.name}" (${automation.id})? [y/N] `))) {
        return io.err('Not deleted.\n');
      }
      await c.delete(automation.id);
      io.out(`deleted ${automation.name} (${automation.id})\n`);
    });

  command(automations, `state ${REF}`, 'What the trigger engine holds for an automation: open windows, counts, deadlines')
    .option('--json', "print the server's answer as JSON")
    .action(async (ref: string, flags: { json?: boolean }, cmd: Command) => {
      const c = client(cmd);
      const automation = await c.resolve(ref);
      const view = await c.state(automation.id);
      io.out(flags.json ? JSON.stringify(view, null, 2) + '\n' : formatState(automation, view));
    });

  command(automations, `firings ${REF}`, 'Recent firings of an automation and what became of their actions')
    .addOption(new Option('--limit <n>', 'most firings to show, newest first').default('20'))
    .option('--json', "print the server's answer as JSON")
    .action(async (ref: string, flags: { limit: string; json?: boolean }, cmd: Command) => {
      const limit = parsePositiveInt('--limit', flags.limit);
      const c = client(cmd);
      const automation = await c.resolve(ref);
      const firings = await c.firings(automation.id, limit);
      io.out(flags.json ? JSON.stringify(firings, null, 2) + '\n' : formatFirings(automation, firings));
    });

  command(automations, `explain ${REF}`, 'Why a stored event would or would not count for an automation')
    .addOption(new Option('--event <event-id>', 'id of a stored event').makeOptionMandatory())
    .option('--json', "print the server's answer as JSON")
    .action(async (ref: string, flags: { event: string; json?: boolean }, cmd: Command) => {
      const c = client(cmd);
      const automation = await c.resolve(ref);
      const view = await c.explain(automation.id, flags.event).catch((err: unknown) => {
        if (err instanceof HeraldSdkError && err.status === 404)
          throw new CliFailure(`no stored event has the id ${flags.event} (or "${automation.name}" was just deleted)`);
        throw err;
      });
      io.out(flags.json ? JSON.stringify(view, null, 2) + '\n' : formatExplain(automation, view));
    });
  addBacktestCommand(automations, io);
}

/** A subcommand with the connection flags. */
function command(parent: Command, nameAndArgs: string, description: string): Command {
  return addConnectionOptions(parent.command(nameAndArgs).description(description));
}

/** 503: the server runs without the trigger engine (HERALD_AUTOMATIONS_ENABLED=false). */
async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UsageError('delete needs --yes when standard input is not a terminal (nothing was deleted)');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(question);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
