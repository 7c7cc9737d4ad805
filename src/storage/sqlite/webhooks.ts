// Inbound webhooks' configuration on SQLite (SQL shared with PostgreSQL: sql/webhook-sql.ts).

import type { WebhookRecord, WebhookStore } from '../webhook-store.js';
import { webhookFromRow, webhookParams, type WebhookRow, webhookSql } from '../sql/webhook-sql.js';
import { sqliteAutomationDialect as d, type StatementCache } from './automation-statements.js';

const sql = webhookSql(d);
const fromRow = (row: WebhookRow) => webhookFromRow(d, row);

export class SqliteWebhookStore implements WebhookStore {
  readonly #s: StatementCache;

  constructor(statements: StatementCache) {
    this.#s = statements;
  }

  async create(record: WebhookRecord): Promise<boolean> {
    return this.#s.get(sql.insert).run(...webhookParams.insert(record)).changes > 0;
  }

  async get(workspaceId: string, id: string): Promise<WebhookRecord | null> {
    const row = this.#s.get(sql.get).get(workspaceId, id) as WebhookRow | undefined;
    return row ? fromRow(row) : null;
  }

  async bySlug(slug: string): Promise<WebhookRecord | null> {
    const row = this.#s.get(sql.bySlug).get(slug) as WebhookRow | undefined;
    return row ? fromRow(row) : null;
  }

  async list(workspaceId: string): Promise<WebhookRecord[]> {
    return (this.#s.get(sql.list).all(workspaceId) as WebhookRow[]).map(fromRow);
  }

  async update(record: WebhookRecord): Promise<boolean> {
    return this.#s.get(sql.update).run(...webhookParams.update(record)).changes > 0;
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    return this.#s.get(sql.delete).run(workspaceId, id).changes > 0;
  }
}
