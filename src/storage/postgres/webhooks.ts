// Inbound webhooks' configuration on PostgreSQL (SQL shared with SQLite: sql/webhook-sql.ts).

import type pg from 'pg';
import type { WebhookRecord, WebhookStore } from '../webhook-store.js';
import { webhookFromRow, webhookParams, type WebhookRow, webhookSql } from '../sql/webhook-sql.js';
import { postgresAutomationDialect as d } from './automation-sql.js';

const sql = webhookSql(d);

export class PostgresWebhookStore implements WebhookStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async #one(text: string, values: unknown[]): Promise<WebhookRecord | null> {
    const { rows } = await this.#pool.query<WebhookRow>(text, values);
    return rows.length > 0 ? webhookFromRow(d, rows[0]) : null;
  }

  async create(record: WebhookRecord): Promise<boolean> {
    return ((await this.#pool.query(sql.insert, webhookParams.insert(record))).rowCount ?? 0) > 0;
  }

  async get(workspaceId: string, id: string): Promise<WebhookRecord | null> {
    return this.#one(sql.get, [workspaceId, id]);
  }

  async bySlug(slug: string): Promise<WebhookRecord | null> {
    return this.#one(sql.bySlug, [slug]);
  }

  async list(workspaceId: string): Promise<WebhookRecord[]> {
    return (await this.#pool.query<WebhookRow>(sql.list, [workspaceId])).rows.map((row) => webhookFromRow(d, row));
  }

  async update(record: WebhookRecord): Promise<boolean> {
    return ((await this.#pool.query(sql.update, webhookParams.update(record))).rowCount ?? 0) > 0;
  }

  async delete(workspaceId: string, id: string): Promise<boolean> {
    return ((await this.#pool.query(sql.delete, [workspaceId, id])).rowCount ?? 0) > 0;
  }
}
