// Webhooks kept in files for `herald webhooks apply`: reading them, and deciding whether the server
// already has what a file says.
//
// A file (.json, .yaml, .yml; a directory is read like `automations apply` reads one; `-` is stdin)
// holds one webhook — the body of POST /api/webhooks — or a list, or several YAML documents. The
// fields the server assigns (id, created, updated, account, workspace, slug, and the `url` and
// `signing_secret` the CLI prints) are dropped, so `herald webhooks get <name> -o yaml` applies back.
//
// "Already as described" is decided on the form the server stores: the server's own parser runs on
// the file here (defaults such as a rate limit's burst or a preset's tolerance filled in), and only
// fields a PUT would change are compared — name and template always, the others when the file has
// them (a field left out of a PUT keeps its value). A signing secret cannot be compared (the server
// never shows it), so a file whose only change is its secret is "unchanged": use rotate-secret.

import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { WebhookWire } from '../../sdk/index.js';
import { parseWebhookBody } from '../webhooks/parse.js';
import { webhookView } from '../webhooks/view.js';
import { filesOf } from './automations-documents.js';
import { canonical } from './automations-compare.js';
import { CliFailure } from './cli-error.js';

export interface WebhookDocument {
  /** Where it came from: `hooks.yaml`, `hooks.yaml (document 2)`, `hooks.json (item 3)`. */
  source: string;
  name: string;
  body: Record<string, unknown>;
}

const READ_ONLY = ['id', 'created', 'updated', 'account', 'workspace', 'slug', 'url', 'signing_secret'];
const SIGNATURE_READ_ONLY = ['secret_set', 'previous_secret_expires'];
const OPTIONAL = ['description', 'enabled', 'signature', 'dedup_key', 'rate_limit', 'emit_received'] as const;

export function loadWebhookDocuments(paths: readonly string[], readStdin: () => string = () => readFileSync(0, 'utf8')): WebhookDocument[] {
  const docs: WebhookDocument[] = [];
  for (const path of paths) {
    if (path === '-') docs.push(...parseWebhookFile('(stdin)', readStdin()));
    else for (const file of filesOf(path)) docs.push(...parseWebhookFile(file, readFileSync(file, 'utf8')));
  }
  return docs;
}

/** YAML is a superset of JSON: one parser for both. */
export function parseWebhookFile(file: string, text: string): WebhookDocument[] {
  const values: unknown[] = [];
  for (const doc of parseAllDocuments(text) as ReturnType<typeof parseAllDocuments> & unknown[]) {
    const error = doc.errors[0];
    if (error) throw new CliFailure(`${file}: not valid YAML or JSON: ${error.message.split('\n')[0].replace(/:$/, '')}`);
    values.push(doc.toJS({ maxAliasCount: 100 }));
  }
  const out: WebhookDocument[] = [];
  values.forEach((value, d) => {
    if (value === null || value === undefined) return;
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => {
      const where = [values.length > 1 ? `document ${d + 1}` : '', Array.isArray(value) ? `item ${i + 1}` : ''].filter(Boolean).join(', ');
      out.push(toDocument(where ? `${file} (${where})` : file, item));
    });
  });
  return out;
}

function toDocument(source: string, value: unknown): WebhookDocument {
  if (!isRecord(value)) throw new CliFailure(`${source}: expected a webhook (a mapping with name and template)`);
  const body = { ...value };
  if (typeof body.name !== 'string' || body.name.trim() === '') {
    throw new CliFailure(`${source}: the webhook has no name (\`name\` must be a non-empty string; apply matches webhooks by name)`);
  }
  for (const key of READ_ONLY) delete body[key];
  if (isRecord(body.signature)) {
    const signature = { ...body.signature };
    for (const key of SIGNATURE_READ_ONLY) delete signature[key];
    body.signature = signature;
  }
  return { source, name: body.name, body };
}

export type LocalCheck = { ok: true; view: Omit<WebhookWire, 'id' | 'created' | 'updated'> } | { ok: false; issues: string[] };

/** The document as the server would store it (its own parser), or the problems it would answer 422 with. */
export function normalizeWebhook(body: Record<string, unknown>): LocalCheck {
  const parsed = parseWebhookBody(body, 'create', null);
  if (!parsed.ok)
    return { ok: false, issues: parsed.issues.map((i) => `${i.loc.filter((p, n) => !(n === 0 && p === 'body')).join('.')}: ${i.msg}`) };
  const record = { id: '', workspaceId: '', slug: '', settings: parsed.settings, secrets: parsed.secrets, created: '', updated: '' };
  return { ok: true, view: webhookView(record, '') };
}

/** The fields a PUT of `body` would change on `existing` (empty: unchanged). */
export function changedWebhookFields(body: Record<string, unknown>, local: LocalCheck & { ok: true }, existing: WebhookWire): string[] {
  const fields = ['name', 'template', ...OPTIONAL.filter((f) => f in body)] as const;
  return fields.filter((f) => canonical(comparable(f, local.view[f])) !== canonical(comparable(f, existing[f])));
}

function comparable(field: string, value: unknown): unknown {
  if (field !== 'signature' || !isRecord(value)) return value;
  const config = { ...value };
  for (const key of SIGNATURE_READ_ONLY) delete config[key];
  return config;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
