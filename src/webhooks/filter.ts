// POST /webhooks/filter: Prefect Cloud's CLI sends no body at all; Terraform's client defines
// `{"webhooks": {"name": {"any_": [...]}}}`. Both work, with `limit`/`offset` paging like Prefect's
// other filter endpoints. Webhooks are few: filtering happens over the workspace's list.

import type { ValidationIssue } from '../events/index.js';
import { type Issues, strictObject, stringSet, valueIssue } from '../model/parse-fields.js';
import type { WebhookView } from './view.js';

const MAX_LIMIT = 200;

export type WebhookFilterParse = { ok: true; apply(views: WebhookView[]): WebhookView[] } | { ok: false; issues: ValidationIssue[] };

export function parseWebhookFilter(body: unknown): WebhookFilterParse {
  if (body === undefined || body === null) return { ok: true, apply: (views) => views.slice(0, MAX_LIMIT) };
  const issues: Issues = [];
  const o = strictObject(body, ['body'], 'WebhookFilter', ['webhooks', 'limit', 'offset'], issues);
  let names: string[] | null = null;
  const webhooks =
    o?.webhooks === undefined || o?.webhooks === null
      ? null
      : strictObject(o.webhooks, ['body', 'webhooks'], 'WebhookFilterCriteria', ['name'], issues);
  if (webhooks && webhooks.name !== undefined && webhooks.name !== null) {
    const name = strictObject(webhooks.name, ['body', 'webhooks', 'name'], 'WebhookFilterName', ['any_'], issues);
    if (name && name.any_ !== undefined && name.any_ !== null) names = stringSet(name.any_, ['body', 'webhooks', 'name', 'any_'], issues);
  }
  const limit = count(o?.limit, 'limit', 1, MAX_LIMIT, MAX_LIMIT, issues);
  const offset = count(o?.offset, 'offset', 0, Number.MAX_SAFE_INTEGER, 0, issues);
  if (issues.length > 0) return { ok: false, issues };
  const wanted = names === null ? null : new Set(names);
  return { ok: true, apply: (views) => views.filter((v) => wanted === null || wanted.has(v.name)).slice(offset, offset + limit) };
}

function count(v: unknown, key: string, min: number, max: number, fallback: number, issues: Issues): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
  issues.push(valueIssue(['body', key], v, `must be a whole number from ${min} to ${max}`));
  return fallback;
}
