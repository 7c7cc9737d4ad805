// `herald webhooks …`: inbound webhooks, the URLs third parties post to that become events through a
// template (docs/webhooks.md). Webhooks are named by id or by name everywhere.

import { type Command, Option } from 'commander';
import type { WebhookInput, WebhookWire, WebhookWithSecretWire } from '../../sdk/index.js';
import { UsageError } from './cli-error.js';
import { resolveConnection } from './connection-options.js';
import type { CliIo } from './io.js';
import { addWebhooksApplyCommand } from './webhooks-apply-command.js';
import { type WebhooksApi, orRejected, resolveWebhook, urlOf, webhooksApi } from './webhooks-client.js';
import { type OutputFormat, describeWebhook, secretNotice, structured, webhookRows } from './webhooks-format.js';
import { outputOption, subcommand } from './webhooks-subcommand.js';
import { addWebhooksTestCommand } from './webhooks-test-command.js';
import {
  type SignatureFlags,
  addSignatureOptions,
  confirm,
  parseRateLimit,
  parseSeconds,
  readTextArg,
  signatureFromFlags,
} from './webhooks-values.js';

const REF = '<id-or-name>';

interface SettingsFlags extends SignatureFlags {
  description?: string;
  template?: string;
  dedupKey?: string;
  rateLimit?: string;
  emitReceived?: boolean;
  output: OutputFormat;
}

export function addWebhooksCommand(program: Command, io: CliIo): void {
  const webhooks = program
    .command('webhooks')
    .description('Inbound webhooks: URLs that turn third-party HTTP requests into events through a template')
    .addHelpText(
      'after',
      `
Examples:
  $ herald webhooks create github-push -t @github-push.json --signature github
  $ herald webhooks ls
  $ herald webhooks test github-push -H 'X-GitHub-Event: push' --body @sample.json
  $ herald webhooks apply -f webhooks.yaml --dry-run
  $ herald webhooks rotate-secret github-push --overlap 3600

Webhooks are named by id or by name. Every subcommand takes --url (HERALD_URL) and --api-key
(HERALD_API_KEY). Exit codes: 0 success, 1 failed or rejected, 2 usage error.
`,
    );
  const api = (command: Command) => webhooksApi(resolveConnection(command));

  subcommand(webhooks, 'ls', 'List webhooks: id, name, enabled, URL, signature preset', [
    '$ herald webhooks ls',
    '$ herald webhooks ls -o json',
  ])
    .addOption(outputOption())
    .action(async (flags: { output: OutputFormat }, cmd: Command) => {
      const a = api(cmd);
      const list = await a.client.list();
      io.out(flags.output === 'table' ? webhookRows(list, (w) => urlOf(a, w)) : structured(list, flags.output));
    });

  subcommand(webhooks, `get ${REF}`, 'Show one webhook: URL, settings and template (secrets are never shown)', [
    '$ herald webhooks get github-push',
    '$ herald webhooks get github-push -o yaml > github-push.yaml   # can be applied back',
  ])
    .addOption(outputOption())
    .action(async (ref: string, flags: { output: OutputFormat }, cmd: Command) => {
      const a = api(cmd);
      const hook = await resolveWebhook(a, ref);
      io.out(flags.output === 'table' ? describeWebhook(hook, urlOf(a, hook)) : structured(hook, flags.output));
    });

  const create = subcommand(webhooks, 'create <name>', 'Create a webhook; prints its URL (and a generated signing secret, once)', [
    `$ herald webhooks create pinger -t '{"event": "acme.ping", "resource": {"prefect.resource.id": "acme.pinger"}}'`,
    '$ herald webhooks create github-push -t @github-push.json --signature github --rate-limit 5/20',
  ]).addOption(new Option('-t, --template <template>', 'Jinja2 template rendering one event as JSON, or @file').makeOptionMandatory());
  addSettingsOptions(create, false)
    .option('--disabled', 'create it disabled (its URL answers 404 until enabled)')
    .action(async (name: string, flags: SettingsFlags & { template: string; disabled?: boolean }, cmd: Command) => {
      const a = api(cmd);
      const input: WebhookInput = { name, template: readTextArg('--template', flags.template), ...settingsFromFlags(flags, null) };
      if (flags.disabled) input.enabled = false;
      const hook = await orRejected(`webhook "${name}"`, a.client.create(input));
      printChange(io, a, 'created', hook, flags.output);
    });

  const update = subcommand(webhooks, `update ${REF}`, 'Change some settings of a webhook; the others keep their values', [
    '$ herald webhooks update github-push -t @github-push.json',
    '$ herald webhooks update github-push --signature none --rate-limit none',
    '$ herald webhooks update pinger -n acme-pinger --dedup-key "{{ body.id }}"',
  ])
    .option('-n, --name <name>', 'a new name')
    .addOption(new Option('-t, --template <template>', 'a new template, or @file'));
  addSettingsOptions(update, true).action(
    async (ref: string, flags: SettingsFlags & { name?: string; template?: string }, cmd: Command) => {
      const a = api(cmd);
      const before = await resolveWebhook(a, ref);
      const changes = settingsFromFlags(flags, before);
      if (flags.name === undefined && flags.template === undefined && Object.keys(changes).length === 0) {
        throw new UsageError('nothing to update: give at least one setting (see `herald webhooks update --help`)');
      }
      // PUT, not PATCH: PUT answers with the webhook and any secret the server generated for a new
      // preset (PATCH answers 204, and such a secret would be lost). Omitted fields keep their values.
      const input: WebhookInput = {
        name: flags.name ?? before.name,
        template: flags.template === undefined ? before.template : readTextArg('--template', flags.template),
        ...changes,
      };
      const after = await orRejected(`the update of "${before.name}"`, a.client.replace(before.id, input));
      // A new secret for the same preset is invisible in the answer (secret_set stays true): name it.
      const changed = changedFields(before, after);
      if (input.signature?.secret !== undefined && !changed.includes('signature')) changed.push('signing secret');
      printChange(io, a, 'updated', after, flags.output, changed);
    },
  );

  for (const enabled of [true, false]) {
    const verb = enabled ? 'enable' : 'disable';
    const what = enabled
      ? 'Enable a webhook (its URL accepts requests again)'
      : 'Disable a webhook (its URL answers 404, like an unknown one)';
    subcommand(webhooks, `${verb} ${REF}`, what, [`$ herald webhooks ${verb} github-push`]).action(
      async (ref: string, _flags: unknown, cmd: Command) => {
        const a = api(cmd);
        const hook = await resolveWebhook(a, ref);
        if (hook.enabled === enabled) return io.out(`${hook.name} (${hook.id}) is already ${verb}d\n`);
        await orRejected(`"${hook.name}"`, a.client.change(hook.id, { enabled }));
        io.out(`${verb}d ${hook.name} (${hook.id})\n`);
      },
    );
  }

  subcommand(webhooks, `rotate ${REF}`, 'Give a webhook a new URL (a new slug); the old URL stops working at once', [
    '$ herald webhooks rotate github-push --yes',
  ])
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .action(async (ref: string, flags: { yes?: boolean }, cmd: Command) => {
      const a = api(cmd);
      const hook = await resolveWebhook(a, ref);
      const question = `Give "${hook.name}" a new URL? Senders using ${urlOf(a, hook)} will get 404 from now on. [y/N] `;
      if (!flags.yes && !(await confirm('rotate', question))) return io.err('Not rotated.\n');
      const rotated = await orRejected(`the rotation of "${hook.name}"`, a.client.rotateSlug(hook.id));
      io.out(`rotated ${rotated.name} (${rotated.id})\nURL: ${urlOf(a, rotated)}\n`);
    });

  subcommand(webhooks, `rotate-secret ${REF}`, 'Set or generate a new signing secret; the old one is still accepted for a while', [
    '$ herald webhooks rotate-secret github-push',
    '$ herald webhooks rotate-secret stripe-events --secret @new-secret.txt --overlap 0',
  ])
    .option('--secret <secret>', 'the new secret, or @file (default: one is generated and printed once)')
    .option('--overlap <seconds>', 'how long the previous secret is still accepted (server default 86400, a day; at most 604800)')
    .action(async (ref: string, flags: { secret?: string; overlap?: string }, cmd: Command) => {
      const a = api(cmd);
      const body: { secret?: string; overlap_seconds?: number } = {};
      if (flags.secret !== undefined) body.secret = readTextArg('--secret', flags.secret).trim();
      if (flags.overlap !== undefined) body.overlap_seconds = parseSeconds('--overlap', flags.overlap);
      const hook = await resolveWebhook(a, ref);
      const after = await orRejected(`the new secret of "${hook.name}"`, a.client.rotateSecret(hook.id, body));
      const until = after.signature?.previous_secret_expires;
      io.out(
        `rotated the signing secret of ${after.name} (${after.id})` +
          (until ? `; the previous one is accepted until ${until}\n` : '; the previous one is no longer accepted\n') +
          secretNotice(after.signing_secret, after.name),
      );
    });

  subcommand(webhooks, `delete ${REF}`, 'Delete a webhook (its URL answers 404 from then on)', [
    '$ herald webhooks delete github-push --yes',
  ])
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .action(async (ref: string, flags: { yes?: boolean }, cmd: Command) => {
      const a = api(cmd);
      const hook = await resolveWebhook(a, ref);
      if (!flags.yes && !(await confirm('delete', `Delete webhook "${hook.name}" (${hook.id})? [y/N] `))) return io.err('Not deleted.\n');
      await orRejected(`"${hook.name}"`, a.client.delete(hook.id));
      io.out(`deleted ${hook.name} (${hook.id})\n`);
    });

  addWebhooksTestCommand(webhooks, io);
  addWebhooksApplyCommand(webhooks, io);
}

/** The settings create and update share; on update, `none` removes one. */
function addSettingsOptions(cmd: Command, isUpdate: boolean): Command {
  const none = isUpdate ? ' (none: remove it)' : '';
  cmd
    .option('-d, --description <text>', 'what the webhook is for')
    .option('--dedup-key <template>', `template whose output makes the event id: the same output, the same event${none}; or @file`)
    .option('--rate-limit <per-second[/burst]>', `requests accepted per second, e.g. 5 or 0.5/10${none}`)
    .option('--emit-received', 'also emit prefect-cloud.webhook.received for every request');
  if (isUpdate) cmd.option('--no-emit-received', 'stop emitting prefect-cloud.webhook.received');
  return addSignatureOptions(cmd, isUpdate).addOption(outputOption());
}

/** The optional settings the flags give (absent flags are absent fields: the server keeps those). */
function settingsFromFlags(flags: SettingsFlags, current: WebhookWire | null): Partial<WebhookInput> {
  const out: Partial<WebhookInput> = {};
  if (flags.description !== undefined) out.description = flags.description;
  // `none` on create is the default (no key, no limit), never a template that renders "none".
  if (flags.dedupKey !== undefined) out.dedup_key = flags.dedupKey === 'none' ? null : readTextArg('--dedup-key', flags.dedupKey);
  if (flags.rateLimit !== undefined) {
    const limit = flags.rateLimit === 'none' ? null : parseRateLimit(flags.rateLimit);
    // The server fills in a missing burst (ceil of the rate); the SDK's type wants one, the API does not.
    out.rate_limit = limit as WebhookInput['rate_limit'];
  }
  if (flags.emitReceived !== undefined) out.emit_received = flags.emitReceived;
  const signature = signatureFromFlags(flags, current?.signature ?? null);
  if (signature !== undefined) out.signature = signature;
  return out;
}

/** The top-level fields that differ, by the server's own answer (`updated` aside). */
function changedFields(before: WebhookWire, after: WebhookWithSecretWire): string[] {
  const keys = Object.keys(after) as (keyof WebhookWithSecretWire)[];
  return keys.filter(
    (k) => k !== 'updated' && k !== 'signing_secret' && JSON.stringify(before[k as keyof WebhookWire]) !== JSON.stringify(after[k]),
  );
}

function printChange(io: CliIo, a: WebhooksApi, verb: string, hook: WebhookWithSecretWire, format: OutputFormat, changed?: string[]): void {
  if (format !== 'table') return io.out(structured({ ...hook, url: urlOf(a, hook) }, format));
  const what = changed === undefined ? '' : changed.length === 0 ? ' (nothing changed)' : ` (changed: ${changed.join(', ')})`;
  io.out(`${verb} ${hook.name} (${hook.id})${what}\nURL: ${urlOf(a, hook)}\n${secretNotice(hook.signing_secret, hook.name)}`);
}
