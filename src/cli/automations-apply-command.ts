// `herald automations apply -f <file-or-dir>`: make the server's automations match files kept in
// git. Idempotent: names match files to automations, and an automation already as described is left
// alone (a needless PUT would give its triggers new ids and so reset their open windows, [compat S4.9]).

import { type Command, Option } from 'commander';
import { HeraldSdkError } from '../../sdk/index.js';
import { CliFailure } from './cli-error.js';
import { AutomationsClient, describeRejection } from './automations-client.js';
import type { Normalize } from './automations-compare.js';
import { type AutomationDocument, loadAutomationDocuments } from './automations-documents.js';
import { type PlanStep, planApply } from './automations-plan.js';
import { addConnectionOptions, resolveConnection } from './connection-options.js';
import type { CliIo } from './io.js';
import { collect } from './parse-values.js';
import { describeApplyStep } from './apply-steps.js';

interface ApplyFlags {
  file: string[];
  dryRun?: boolean;
  prune?: boolean;
}

export function addApplyCommand(automations: Command, io: CliIo, normalize: Normalize): void {
  const apply = automations
    .command('apply')
    .description('Create or update automations from JSON/YAML files so the server matches them (by name)')
    .addOption(
      new Option('-f, --file <path>', 'a .json/.yaml/.yml file, a directory (read recursively), or - for stdin (repeatable)')
        .argParser(collect)
        .makeOptionMandatory(),
    )
    .option('--dry-run', 'show what would change, change nothing')
    .option('--prune', 'also delete server automations whose name is in none of the files');
  addConnectionOptions(apply);
  apply.addHelpText(
    'after',
    `
A file holds one automation, a list of them, or several YAML documents (---). Automations are
matched by name: a new name is created, a changed one is replaced (PUT), an identical one is left
alone. Fields left out of a file keep their value on the server; id, created, updated and trigger
ids in a file are ignored (so \`herald automations get <name> --yaml\` output can be applied back).

Examples:
  $ herald automations apply -f automations/ --dry-run
  $ herald automations apply -f automations/ --prune
  $ herald automations get "Nightly ETL failed" --yaml | herald automations apply -f -
`,
  );
  apply.action(async (flags: ApplyFlags, command: Command) => {
    const docs = loadAutomationDocuments(flags.file);
    if (docs.length === 0) {
      // Never treat "nothing found" as "the server should have nothing": with --prune that would delete everything.
      throw new CliFailure(`no automations found in ${flags.file.join(', ')}; nothing to apply`);
    }
    const prune = flags.prune === true;
    const client = new AutomationsClient(resolveConnection(command));
    const steps = planApply(docs, await client.list(), { prune, normalize });
    const rejected = flags.dryRun ? dryRun(steps, prune, io) : await execute(steps, prune, client, io);
    if (rejected > 0) {
      const what = `${rejected} automation${rejected === 1 ? '' : 's'}`;
      throw new CliFailure(
        flags.dryRun ? `${what} would be rejected by the server (the "!" lines above)` : `${what} rejected by the server (see above)`,
      );
    }
  });
}

/** Prints the plan; returns how many automations the server's parser rejects locally. */
function dryRun(steps: readonly PlanStep[], prune: boolean, io: CliIo): number {
  const counts = { create: 0, update: 0, unchanged: 0, delete: 0 };
  let invalid = 0;
  for (const step of steps) {
    counts[step.action]++;
    io.out(describeApplyStep(step, true) + '\n');
    if ((step.action === 'create' || step.action === 'update') && step.issues.length > 0) {
      invalid++;
      for (const issue of step.issues) io.out(`    ! ${issue.loc.filter((p, i) => !(i === 0 && p === 'body')).join('.')}: ${issue.msg}\n`);
    }
  }
  const parts = [`${counts.create} to create`, `${counts.update} to update`, `${counts.unchanged} unchanged`];
  if (prune) parts.push(`${counts.delete} to delete`);
  io.out(`dry run: ${parts.join(', ')} — nothing was changed\n`);
  return invalid;
}

/** Runs the plan; returns how many automations the server rejected. */
async function execute(steps: readonly PlanStep[], prune: boolean, client: AutomationsClient, io: CliIo): Promise<number> {
  const counts = { created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 };
  const deletes: PlanStep[] = [];
  for (const step of steps) {
    if (step.action === 'delete') {
      deletes.push(step);
      continue;
    }
    if (step.action === 'unchanged') {
      counts.unchanged++;
      io.out(describeApplyStep(step, false) + '\n');
      continue;
    }
    try {
      if (step.action === 'create') {
        const created = await client.create(step.doc.body);
        io.out(`created    ${step.doc.name} (${created.id}) — ${step.doc.source}\n`);
        counts.created++;
      } else {
        await client.replace(step.existing.id, bodyForReplace(step.doc));
        io.out(describeApplyStep(step, false) + '\n');
        counts.updated++;
      }
    } catch (err) {
      if (!isRejection(err)) throw err;
      counts.failed++;
      io.err(`failed     ${step.doc.name} — ${step.doc.source}: rejected by the server (${err.status}):\n${describeRejection(err)}\n`);
    }
  }
  if (deletes.length > 0 && counts.failed > 0) {
    io.err(`not pruning ${deletes.length} automation${deletes.length === 1 ? '' : 's'}: fix the rejected files first\n`);
  } else {
    for (const step of deletes) {
      if (step.action !== 'delete') continue;
      await client.delete(step.existing.id);
      io.out(describeApplyStep(step, false) + '\n');
      counts.deleted++;
    }
  }
  const parts = [`${counts.created} created`, `${counts.updated} updated`, `${counts.unchanged} unchanged`];
  if (prune) parts.push(`${counts.deleted} deleted`);
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  io.out(parts.join(', ') + '\n');
  return counts.failed;
}

/** PUT takes everything a create does except `owner_resource`, which only a create may set ([compat S3.2]). */
function bodyForReplace(doc: AutomationDocument): Record<string, unknown> {
  const { owner_resource: _owner, ...body } = doc.body;
  return body;
}

/** The server refused this one automation (validation); other failures (unreachable, 401, 5xx) abort the run. */
export function isRejection(err: unknown): err is HeraldSdkError & { status: number } {
  return (
    err instanceof HeraldSdkError && err.code === 'HERALD_SDK_HTTP' && (err.status === 400 || err.status === 409 || err.status === 422)
  );
}
