// The webhooks table's SQL, written once with `?` placeholders for both backends (the automation
// dialect: placeholders, json and timestamp casts), and its row ⇄ record mapping.

import type { WebhookRecord, WebhookSecrets, WebhookSettings } from '../webhook-store.js';
import { type AutomationDialect, toJson } from './automation-dialect.js';

export interface WebhookRow {
  id: string;
  workspace_id: string;
  slug: string;
  settings: unknown;
  secrets: unknown;
  created: string;
  updated: string;
}

export function webhookSql(d: AutomationDialect) {
  const q = d.sql;
  const columns = ['w.id', d.wsCol('w.workspace_id'), 'w.slug', 'w.settings', 'w.secrets', d.tsCol('w.created'), d.tsCol('w.updated')].join(
    ', ',
  );
  return {
    // A taken slug inserts nothing (the caller draws another); a taken id is a genuine error.
    insert: q(
      `INSERT INTO webhooks (id, workspace_id, slug, settings, secrets, created, updated)
       VALUES (?, ?, ?, ${d.jsonParam}, ${d.jsonParam}, ${d.tsParam}, ${d.tsParam}) ON CONFLICT (slug) DO NOTHING`,
    ),
    get: q(`SELECT ${columns} FROM webhooks w WHERE w.workspace_id = ? AND w.id = ?`),
    bySlug: q(`SELECT ${columns} FROM webhooks w WHERE w.slug = ?`),
    list: q(`SELECT ${columns} FROM webhooks w WHERE w.workspace_id = ? ORDER BY w.created, w.id`),
    update: q(
      `UPDATE webhooks SET slug = ?, settings = ${d.jsonParam}, secrets = ${d.jsonParam}, updated = ${d.tsParam}
       WHERE workspace_id = ? AND id = ?`,
    ),
    delete: q('DELETE FROM webhooks WHERE workspace_id = ? AND id = ?'),
  };
}

export const webhookParams = {
  insert: (r: WebhookRecord): unknown[] => [r.id, r.workspaceId, r.slug, toJson(r.settings), toJson(r.secrets), r.created, r.updated],
  update: (r: WebhookRecord): unknown[] => [r.slug, toJson(r.settings), toJson(r.secrets), r.updated, r.workspaceId, r.id],
};

export function webhookFromRow(d: AutomationDialect, row: WebhookRow): WebhookRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    slug: row.slug,
    settings: d.fromJson<WebhookSettings>(row.settings),
    secrets: d.fromJson<WebhookSecrets>(row.secrets),
    created: row.created,
    updated: row.updated,
  };
}
