// `herald webhooks test`: render a sample request through a webhook's template (or a draft one)
// on the server — the receive path's own code — and print the event it would make, or why it
// would fail and at which line. Nothing is stored and no event is emitted.

import type { Command } from 'commander';
import type { WebhookTestInput, WebhookTestResult } from '../../sdk/index.js';
import { CliFailure, UsageError } from './cli-error.js';
import { resolveConnection } from './connection-options.js';
import type { CliIo } from './io.js';
import { collect } from './parse-values.js';
import { orRejected, resolveWebhook, webhooksApi } from './webhooks-client.js';
import { subcommand } from './webhooks-subcommand.js';
import { parseHeader, readTextArg } from './webhooks-values.js';

interface TestFlags {
  method?: string;
  header?: string[];
  body?: string;
  query?: string;
  template?: string;
  dedupKey?: string;
}

export function addWebhooksTestCommand(webhooks: Command, io: CliIo): void {
  subcommand(
    webhooks,
    'test [id-or-name]',
    'Show the event a sample request would make (nothing is stored); exit 1 if the request would fail',
    [
      `$ herald webhooks test github-push -H 'X-GitHub-Event: push' -H 'Content-Type: application/json' --body @push.json`,
      '$ herald webhooks test pinger --method GET --query env=prod',
      `$ herald webhooks test --template @draft.json --body '{"id": 1}'   # a draft, before creating it`,
    ],
  )
    .option('--method <method>', 'HTTP method of the sample request (default POST)')
    .option('-H, --header <name: value>', 'a header of the sample request (repeatable)', collect)
    .option('--body <text>', 'the request body as sent, or @file')
    .option('--query <query>', 'the query string, e.g. a=b&c=d')
    .option('--template <template>', 'try this template instead of the saved one (required without a webhook), or @file')
    .option('--dedup-key <template>', 'try this dedup key template instead of the saved one, or @file')
    .addHelpText('after', '\nThe signature check is not applied: a hand-written sample is not signed.\n')
    .action(async (ref: string | undefined, flags: TestFlags, cmd: Command) => {
      const input: WebhookTestInput = {};
      if (flags.method !== undefined) input.method = flags.method.toUpperCase();
      if (flags.header) input.headers = Object.fromEntries(flags.header.map(parseHeader));
      if (flags.body !== undefined) input.body = readTextArg('--body', flags.body);
      if (flags.query !== undefined) input.query = flags.query.replace(/^\?/, '');
      if (flags.template !== undefined) input.template = readTextArg('--template', flags.template);
      if (flags.dedupKey !== undefined) input.dedup_key = readTextArg('--dedup-key', flags.dedupKey);
      const api = webhooksApi(resolveConnection(cmd));
      let result: WebhookTestResult;
      if (ref === undefined) {
        if (input.template === undefined) throw new UsageError('test needs a webhook (id or name) or a draft --template');
        result = await orRejected('the sample request', api.client.testDraft({ ...input, template: input.template }));
      } else {
        const hook = await resolveWebhook(api, ref);
        result = await orRejected('the sample request', api.client.test(hook.id, input));
      }
      if (result.ok) return io.out(JSON.stringify(result.event, null, 2) + '\n');
      const { type, message, line } = result.error;
      const rendered = result.rendered === null ? '' : `\n  the template rendered:\n${indent(result.rendered)}`;
      throw new CliFailure(`the request would fail (${type} error${line === null ? '' : ` at line ${line}`}): ${message}${rendered}`);
    });
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
