// The webhooks API as the CLI uses it: the SDK's WebhooksClient (docs/webhooks.md), plus naming a
// webhook by id or name and turning a 422 into lines a person can act on.

import { HeraldClient, HeraldSdkError, WebhooksClient, type WebhookWire, hookUrl } from '../../sdk/index.js';
import { apiRoot } from '../../sdk/endpoint.js';
import { isRejection } from './automations-apply-command.js';
import { describeRejection } from './automations-client.js';
import { CliFailure } from './cli-error.js';
import type { Connection } from './connection-options.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface WebhooksApi {
  client: WebhooksClient;
  /** The API root, e.g. `http://127.0.0.1:4200/api`: `hookUrl` derives the senders' URL from it. */
  apiUrl: string;
}

export function webhooksApi(connection: Connection): WebhooksApi {
  // No retries: a create or rotate retried after a lost answer would be done twice.
  const http = new HeraldClient({ url: connection.url, apiKey: connection.apiKey, retries: 0 });
  return { client: new WebhooksClient(http), apiUrl: apiRoot(connection.url) };
}

export function urlOf(api: WebhooksApi, hook: Pick<WebhookWire, 'slug'>): string {
  return hookUrl(api.apiUrl, hook.slug);
}

/**
 * A webhook by id or by name, from the list (there are few). An id-shaped reference is tried as an
 * id first, then as a name; a name several webhooks share is an error listing their ids.
 */
export async function resolveWebhook(api: WebhooksApi, ref: string): Promise<WebhookWire> {
  const all = await api.client.list();
  if (UUID.test(ref)) {
    const byId = all.find((w) => w.id.toLowerCase() === ref.toLowerCase());
    if (byId) return byId;
  }
  const named = all.filter((w) => w.name === ref);
  if (named.length === 1) return named[0];
  if (named.length === 0) {
    throw new CliFailure(`no webhook has the ${UUID.test(ref) ? 'id or name' : 'name'} "${ref}" (list them with \`herald webhooks ls\`)`);
  }
  throw new CliFailure(`${named.length} webhooks are named "${ref}" (${named.map((w) => w.id).join(', ')}); pass the id instead`);
}

/** Runs `request`; a validation refusal becomes a CliFailure listing each field, e.g. `  - template: line 2: …`. */
export async function orRejected<T>(what: string, request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (err) {
    if (isRejection(err)) throw new CliFailure(`the server rejected ${what} (${err.status}):\n${describeRejection(err)}`);
    if (err instanceof HeraldSdkError && err.status === 404) throw new CliFailure(`${what}: the webhook no longer exists`);
    throw err;
  }
}
