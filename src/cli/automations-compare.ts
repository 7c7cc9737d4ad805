// "Is the automation on the server already what this file says?" — the heart of an idempotent apply.
//
// The file is compared in the form the server would store it (defaults filled in, sets
// de-duplicated, object webhook payloads turned into text, …): `normalize` runs the server's own
// parser on it, so the two can never disagree about a default. Then only the fields a PUT would
// send are compared: `name`, `trigger` and `actions` always, the optional ones (`description`,
// `enabled`, `tags`, `actions_on_trigger`, `actions_on_resolve`) only when the file has them — a
// field left out of a PUT keeps the server's value ([compat S3.2]), so it cannot differ. Ids, timestamps and
// trigger ids never count (the server makes new trigger ids on every PUT), nor does the order of
// the set-valued trigger fields `after`, `expect` and `for_each` ([compat S3.1]).

import type { Automation } from '../model/automation.js';

/** A validation problem found locally, in the server's words. */
export interface LocalIssue {
  loc: (string | number)[];
  msg: string;
}

/** An automation as a document describes it: everything but what the server assigns. */
export type AutomationContent = Omit<Automation, 'id' | 'created' | 'updated'>;

export type NormalizeResult = { ok: true; automation: AutomationContent } | { ok: false; issues: LocalIssue[] };

/** The document in the form the server would store it, or why the server would reject it. */
export type Normalize = (body: Record<string, unknown>) => NormalizeResult;

/** In the order of the Automation model, which is the order changes are listed in. */
const FIELDS = ['name', 'description', 'enabled', 'tags', 'trigger', 'actions', 'actions_on_trigger', 'actions_on_resolve'] as const;
const ALWAYS_SENT: ReadonlySet<string> = new Set(['name', 'trigger', 'actions']);
const SET_FIELDS = ['after', 'expect', 'for_each'];

/** The top-level fields whose values differ (empty: unchanged). */
export function changedFields(body: Record<string, unknown>, local: AutomationContent, existing: Automation): string[] {
  const fields = FIELDS.filter((f) => ALWAYS_SENT.has(f) || f in body);
  return fields.filter((f) => canonical(comparable(f, local[f])) !== canonical(comparable(f, existing[f])));
}

function comparable(field: string, value: unknown): unknown {
  return field === 'trigger' ? triggerForComparison(value) : value;
}

function triggerForComparison(trigger: unknown): unknown {
  if (typeof trigger !== 'object' || trigger === null || Array.isArray(trigger)) return trigger;
  const { id: _id, ...rest } = trigger as Record<string, unknown>;
  for (const key of SET_FIELDS) {
    const value = rest[key];
    if (Array.isArray(value)) rest[key] = [...new Set(value.map((v) => canonical(v)))].sort();
  }
  if (Array.isArray(rest.triggers)) rest.triggers = rest.triggers.map(triggerForComparison);
  return rest;
}

/** JSON with object keys sorted, so key order in a file or in storage never counts as a change. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
