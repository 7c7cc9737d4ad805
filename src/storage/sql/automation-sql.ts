// The SQL of the automation tables that is the same on both backends, written once with `?`
// placeholders and rendered per dialect (AutomationDialect.sql), and the bind values of each
// statement in placeholder order. Backends run these texts; they spell out themselves only the
// statements whose shape differs (the engine commit, relation inserts, pruning, list binds).

import type { Automation } from '../../model/automation.js';
import type { DestinationRecord, OutboxAttempt } from '../automation-store.js';
import { type AutomationDialect, toJson } from './automation-dialect.js';
import { destinationColumns, firingColumns, outboxColumns } from './automation-rows.js';

/** Relations with this prefix that are not owned are rebuilt from `deploymentIds` ([compat S3.2]). */
export const DEPLOYMENT_PREFIX = 'prefect.deployment.';

const ORDER = 'ORDER BY a.created, a.id';

export type AutomationSql = ReturnType<typeof buildAutomationSql>;

function buildAutomationSql(d: AutomationDialect) {
  const q = d.sql;
  const destinations = destinationColumns(d);
  const outbox = outboxColumns(d);
  return {
    automations: {
      insert: q(
        `INSERT INTO automations (id, workspace_id, name, enabled, created, updated, automation) VALUES (?, ?, ?, ?, ?, ?, ${d.jsonParam})`,
      ),
      update: q(
        `UPDATE automations SET name = ?, enabled = ?, created = ?, updated = ?, automation = ${d.jsonParam} WHERE workspace_id = ? AND id = ?`,
      ),
      delete: q('DELETE FROM automations WHERE workspace_id = ? AND id = ?'),
      get: q('SELECT a.automation FROM automations a WHERE a.workspace_id = ? AND a.id = ?'),
      list: q(`SELECT a.automation FROM automations a WHERE a.workspace_id = ? ${ORDER}`),
      listAll: `SELECT ${d.wsCol('a.workspace_id')}, a.automation FROM automations a ORDER BY a.workspace_id, a.created, a.id`,
      count: q('SELECT count(*) AS n FROM automations WHERE workspace_id = ?'),
      relatedTo: q(
        `SELECT a.automation FROM automation_relations r JOIN automations a ON a.id = r.automation_id
         WHERE r.resource_id = ? AND a.workspace_id = ? ${ORDER}`,
      ),
      ownedBy: q(
        `SELECT a.automation FROM automation_relations r JOIN automations a ON a.id = r.automation_id
         WHERE r.resource_id = ? AND r.owned = ${d.true} AND a.workspace_id = ? AND a.created < ${d.tsParam} ${ORDER}`,
      ),
      /** The owner is upserted as owned, and stays owned (sticky). */
      relateOwner: q(
        `INSERT INTO automation_relations (automation_id, resource_id, owned) VALUES (?, ?, ${d.true}) ` +
          `ON CONFLICT (automation_id, resource_id) DO UPDATE SET owned = ${d.true}`,
      ),
      // substr, not LIKE: SQLite's LIKE ignores ASCII case, PostgreSQL's does not; substr is the same
      // exact, case-sensitive prefix test on both.
      unrelateDeployments: q(
        `DELETE FROM automation_relations WHERE automation_id = ? AND owned = ${d.false} AND substr(resource_id, 1, ${DEPLOYMENT_PREFIX.length}) = ?`,
      ),
    },
    destinations: {
      insert: q(
        `INSERT INTO destinations (id, workspace_id, name, type, config, secrets, disabled, disabled_reason, created, updated)
         VALUES (?, ?, ?, ?, ${d.jsonParam}, ${d.jsonParam}, ?, ?, ?, ?)`,
      ),
      get: q(`SELECT ${destinations} FROM destinations WHERE workspace_id = ? AND id = ?`),
      // Qualified: PostgreSQL's to_char aliases must not be what is ordered by.
      list: q(`SELECT ${destinations} FROM destinations WHERE workspace_id = ? ORDER BY destinations.created, destinations.id`),
      update: q(
        `UPDATE destinations SET name = ?, type = ?, config = ${d.jsonParam}, secrets = ${d.jsonParam}, disabled = ?, disabled_reason = ?,
         created = ?, updated = ?
         WHERE workspace_id = ? AND id = ?`,
      ),
      delete: q('DELETE FROM destinations WHERE workspace_id = ? AND id = ?'),
    },
    engine: {
      loadCursor: 'SELECT seq FROM engine_cursor WHERE id = 1',
      // lag_us is NULL in a row written before the clock was stored (migration 'engine_clock').
      loadClock: `SELECT ${d.tsCol('events_clock')}, lag_us FROM engine_cursor WHERE id = 1`,
      loadState: 'SELECT automation_id, trigger_id, key, value FROM automation_state ORDER BY automation_id, trigger_id, key',
      // Served by the primary key (automation_id, trigger_id, key): a range scan of one prefix.
      loadAutomationState: q(
        'SELECT automation_id, trigger_id, key, value FROM automation_state WHERE automation_id = ? ORDER BY trigger_id, key',
      ),
      loadFollowers: `SELECT ${d.wsCol('workspace_id')}, leader_id, event FROM engine_followers ORDER BY received, workspace_id, follower_id`,
      putCursor: q('INSERT INTO engine_cursor (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq'),
      /** The cursor and the events clock: still one row written per commit. */
      putCursorClock: q(
        `INSERT INTO engine_cursor (id, seq, events_clock, lag_us) VALUES (1, ?, ${d.tsParam}, ?)
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, events_clock = excluded.events_clock, lag_us = excluded.lag_us`,
      ),
      /** Inserted if absent: an automation version is written by the first commit that needs it. */
      putVersion: q(
        `INSERT INTO automation_versions (automation_id, updated, automation) VALUES (?, ${d.tsParam}, ${d.jsonParam})
         ON CONFLICT (automation_id, updated) DO NOTHING`,
      ),
      listFirings: q(
        `SELECT ${firingColumns(d)} FROM automation_firings f WHERE f.automation_id = ? AND f.workspace_id = ?
         ORDER BY f.recorded DESC, f.id DESC LIMIT ?`,
      ),
    },
    outbox: {
      // `status = 'pending'` spelled literally: the condition of the partial index action_outbox_due.
      due: q(
        `SELECT ${outbox} FROM action_outbox o WHERE o.status = 'pending' AND o.next_attempt_at <= ${d.tsParam}
         ORDER BY o.next_attempt_at, o.created, o.id LIMIT ?`,
      ),
      nextDueAt: `SELECT ${d.tsCol('min(o.next_attempt_at)', 'at')} FROM action_outbox o WHERE o.status = 'pending'`,
      recordAttempt: q(
        `UPDATE action_outbox SET status = ?, attempts = ?, next_attempt_at = ${d.tsParam}, last_error = ?, result = ${d.jsonParam},
         updated = ${d.tsParam} WHERE id = ?`,
      ),
      get: q(`SELECT ${outbox} FROM action_outbox o WHERE o.id = ?`),
      /** Grouped by firing; within one, the emitted event (no action index) first, then by action index. */
      byFirings: q(
        `SELECT ${outbox} FROM action_outbox o WHERE ${d.inTextList('o.firing_id')} ORDER BY o.firing_id, o.action_index NULLS FIRST, o.id`,
      ),
      // `expanded = false` spelled as the condition of the partial index automation_firings_unexpanded.
      // The current automation stands in for a version pruned in a race with the commit that needed it.
      unexpanded: q(
        `SELECT ${firingColumns(d)}, coalesce(v.automation, a.automation) AS automation
         FROM automation_firings f
         LEFT JOIN automation_versions v ON v.automation_id = f.automation_id AND v.updated = f.automation_updated
         LEFT JOIN automations a ON a.id = f.automation_id
         WHERE f.expanded = ${d.false} ORDER BY f.recorded, f.id LIMIT ?`,
      ),
      markExpanded: q(`UPDATE automation_firings SET expanded = ${d.true} WHERE ${d.inTextList('id')}`),
      /** Versions that no unexpanded firing needs and that are no automation's current one. */
      pruneVersions: `DELETE FROM automation_versions WHERE NOT EXISTS
          (SELECT 1 FROM automation_firings f WHERE f.expanded = ${d.false}
             AND f.automation_id = automation_versions.automation_id AND f.automation_updated = automation_versions.updated)
        AND NOT EXISTS
          (SELECT 1 FROM automations a WHERE a.id = automation_versions.automation_id AND a.updated = automation_versions.updated)`,
    },
  };
}

const built = new Map<AutomationDialect, AutomationSql>();

/** The shared statements of a dialect (built once). */
export function automationSql(d: AutomationDialect): AutomationSql {
  let sql = built.get(d);
  if (!sql) built.set(d, (sql = buildAutomationSql(d)));
  return sql;
}

// Bind values, in the placeholder order of the statements above: insert binds the key first and
// then the fields, update the fields and then the key.

const automationFields = (d: AutomationDialect, a: Automation): unknown[] => [
  d.text(a.name),
  d.bool(a.enabled),
  a.created,
  a.updated,
  toJson(a),
];

export const automationParams = {
  insert: (d: AutomationDialect, workspaceId: string, a: Automation): unknown[] => [a.id, workspaceId, ...automationFields(d, a)],
  update: (d: AutomationDialect, workspaceId: string, a: Automation): unknown[] => [...automationFields(d, a), workspaceId, a.id],
};

const destinationFields = (d: AutomationDialect, r: DestinationRecord): unknown[] => [
  d.text(r.name),
  r.type,
  toJson(r.config),
  toJson(r.secrets),
  d.bool(r.disabled),
  d.text(r.disabledReason),
  r.created,
  r.updated,
];

export const destinationParams = {
  insert: (d: AutomationDialect, r: DestinationRecord): unknown[] => [r.id, r.workspaceId, ...destinationFields(d, r)],
  update: (d: AutomationDialect, r: DestinationRecord): unknown[] => [...destinationFields(d, r), r.workspaceId, r.id],
};

export const attemptParams = (d: AutomationDialect, id: string, a: OutboxAttempt): unknown[] => [
  a.status,
  d.int(a.attempts),
  a.nextAttemptAt,
  d.text(a.lastError),
  toJson(a.result),
  a.updated,
  id,
];
