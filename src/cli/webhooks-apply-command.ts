// `herald webhooks apply -f <file>`: make the server's webhooks match files kept in git, matched by
// name — a new name is created, a changed one replaced (PUT), an identical one left alone, so a
// second run changes nothing. Secrets written in files are sent, never printed; a secret the server
// generates (a signature without one) is printed once, as by `create`.

import { type Command, Option } from 'commander';
import type { WebhookInput, WebhookWire } from '../../sdk/index.js';
import { isRejection } from './automations-apply-command.js';
import { describeRejection } from './automations-client.js';
import { CliFailure } from './cli-error.js';
import { resolveConnection } from './connection-options.js';
import type { CliIo } from './io.js';
import { collect } from './parse-values.js';
import { type WebhooksApi, webhooksApi } from './webhooks-client.js';
import { type WebhookDocument, changedWebhookFields, loadWebhookDocuments, normalizeWebhook } from './webhooks-documents.js';
import { secretNotice } from './webhooks-format.js';
import { subcommand } from './webhooks-subcommand.js';
import { describeApplyStep } from './apply-steps.js';

type Step =
  | { action: 'create'; doc: WebhookDocument; issues: string[] }
  | { action: 'update'; doc: WebhookDocument; existing: WebhookWire; changed: string[]; issues: string[] }
  | { action: 'unchanged'; doc: WebhookDocument; existing: WebhookWire };

export function addWebhooksApplyCommand(webhooks: Command, io: CliIo): void {
  subcommand(webhooks, 'apply', 'Create or update webhooks from a YAML/JSON file so the server matches it (by name)', [
    '$ herald webhooks apply -f webhooks.yaml --dry-run',
    '$ herald webhooks apply -f webhooks/',
    '$ herald webhooks get github-push -o yaml | herald webhooks apply -f -',
  ])
    .addOption(
      new Option('-f, --file <path>', 'a .json/.yaml/.yml file, a directory, or - for stdin (repeatable)')
        .argParser(collect)
        .makeOptionMandatory(),
    )
    .option('--dry-run', 'show what would change, change nothing')
    .addHelpText(
      'after',
      `
A file holds one webhook (name, template, and optionally description, enabled, signature,
dedup_key, rate_limit, emit_received), a list, or several YAML documents. Fields left out keep their
value on the server. A signing secret in a file (signature.secret) is sent but never printed; a
change of the secret alone is not detected (the server never shows it): use rotate-secret.
`,
    )
    .action(async (flags: { file: string[]; dryRun?: boolean }, cmd: Command) => {
      const docs = loadWebhookDocuments(flags.file);
      if (docs.length === 0) throw new CliFailure(`no webhooks found in ${flags.file.join(', ')}; nothing to apply`);
      const api = webhooksApi(resolveConnection(cmd));
      const steps = plan(docs, await api.client.list());
      const failed = flags.dryRun ? dryRun(steps, io) : await execute(steps, api, io);
      if (failed > 0) {
        const what = `${failed} webhook${failed === 1 ? '' : 's'}`;
        throw new CliFailure(
          flags.dryRun ? `${what} would be rejected by the server (the "!" lines above)` : `${what} rejected by the server (see above)`,
        );
      }
    });
}

/** Throws before anything changes when a name is ambiguous (twice in the input, or shared on the server). */
function plan(docs: readonly WebhookDocument[], server: readonly WebhookWire[]): Step[] {
  const twice = docs.filter((d, i) => docs.findIndex((o) => o.name === d.name) !== i).map((d) => d.name);
  if (twice.length > 0) {
    const lines = [...new Set(twice)].map(
      (name) =>
        `  - "${name}": ${docs
          .filter((d) => d.name === name)
          .map((d) => d.source)
          .join(', ')}`,
    );
    throw new CliFailure(`the input names a webhook more than once (apply matches by name):\n${lines.join('\n')}`);
  }
  return docs.map((doc) => {
    const matches = server.filter((w) => w.name === doc.name);
    if (matches.length > 1) {
      throw new CliFailure(
        `${matches.length} webhooks on the server are named "${doc.name}" (${matches.map((w) => w.id).join(', ')}), so apply cannot tell which one is meant; delete or rename the extra ones first`,
      );
    }
    const local = normalizeWebhook(doc.body);
    const issues = local.ok ? [] : local.issues;
    const existing = matches[0];
    if (!existing) return { action: 'create', doc, issues };
    // A document the server would reject is sent anyway: its 422 is the authoritative answer.
    if (!local.ok) return { action: 'update', doc, existing, changed: [], issues };
    const changed = changedWebhookFields(doc.body, local, existing);
    return changed.length === 0 ? { action: 'unchanged', doc, existing } : { action: 'update', doc, existing, changed, issues };
  });
}

function dryRun(steps: readonly Step[], io: CliIo): number {
  const counts = { create: 0, update: 0, unchanged: 0 };
  let invalid = 0;
  for (const step of steps) {
    counts[step.action]++;
    io.out(describeApplyStep(step, true) + '\n');
    if (step.action !== 'unchanged' && step.issues.length > 0) {
      invalid++;
      for (const issue of step.issues) io.out(`    ! ${issue}\n`);
    }
  }
  io.out(`dry run: ${counts.create} to create, ${counts.update} to update, ${counts.unchanged} unchanged — nothing was changed\n`);
  return invalid;
}

async function execute(steps: readonly Step[], api: WebhooksApi, io: CliIo): Promise<number> {
  const counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const step of steps) {
    if (step.action === 'unchanged') {
      counts.unchanged++;
      io.out(describeApplyStep(step, false) + '\n');
      continue;
    }
    try {
      const body = step.doc.body as unknown as WebhookInput;
      const answer = step.action === 'create' ? await api.client.create(body) : await api.client.replace(step.existing.id, body);
      io.out(
        step.action === 'create'
          ? `created    ${step.doc.name} (${answer.id}) — ${step.doc.source}\n`
          : describeApplyStep(step, false) + '\n',
      );
      // Indented under its line; a secret from the file is never in the answer, so never printed.
      if (answer.signing_secret) io.out(secretNotice(answer.signing_secret, answer.name).replace(/^/gm, '    '));
      counts[step.action === 'create' ? 'created' : 'updated']++;
    } catch (err) {
      if (!isRejection(err)) throw err;
      counts.failed++;
      io.err(`failed     ${step.doc.name} — ${step.doc.source}: rejected by the server (${err.status}):\n${describeRejection(err)}\n`);
    }
  }
  const failed = counts.failed > 0 ? `, ${counts.failed} failed` : '';
  io.out(`${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged${failed}\n`);
  return counts.failed;
}
