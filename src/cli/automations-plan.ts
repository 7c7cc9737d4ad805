// What `herald automations apply` will do, decided before anything is changed: automations are
// matched by name (Prefect's names are not unique, so a name the input uses must be unique on the
// server, and within the input); absent → create, different → update (PUT), same → unchanged;
// with --prune, server automations the input does not name → delete.

import type { Automation } from '../model/automation.js';
import { CliFailure } from './cli-error.js';
import { type LocalIssue, type Normalize, changedFields } from './automations-compare.js';
import type { AutomationDocument } from './automations-documents.js';

export type PlanStep =
  /** `issues`: the server's own parser, run locally, expects a 422 (the server has the last word). */
  | { action: 'create'; doc: AutomationDocument; issues: LocalIssue[] }
  | { action: 'update'; doc: AutomationDocument; existing: Automation; changed: string[]; issues: LocalIssue[] }
  | { action: 'unchanged'; doc: AutomationDocument; existing: Automation }
  | { action: 'delete'; existing: Automation };

export interface PlanOptions {
  prune: boolean;
  normalize: Normalize;
}

/** Throws CliFailure naming the duplicates when a name is ambiguous. */
export function planApply(docs: readonly AutomationDocument[], server: readonly Automation[], options: PlanOptions): PlanStep[] {
  const wanted = groupBy(docs, (d) => d.name);
  const duplicates = [...wanted].filter(([, group]) => group.length > 1);
  if (duplicates.length > 0) {
    const lines = duplicates.map(([name, group]) => `  - "${name}": ${group.map((d) => d.source).join(', ')}`);
    throw new CliFailure(
      `the input names ${duplicates.length === 1 ? 'an automation' : 'automations'} more than once (apply matches by name):\n${lines.join('\n')}`,
    );
  }
  const present = groupBy(server, (a) => a.name);
  const ambiguous = [...present].filter(([name, group]) => group.length > 1 && wanted.has(name));
  if (ambiguous.length > 0) {
    const lines = ambiguous.map(([name, group]) => `  - "${name}": ${group.map((a) => a.id).join(', ')}`);
    throw new CliFailure(
      `the server has several automations with a name the input uses, so apply cannot tell which one is meant:\n${lines.join('\n')}\n` +
        `  Delete or rename the extra ones first (herald automations delete <id>).`,
    );
  }

  const steps: PlanStep[] = docs.map((doc) => {
    const existing = present.get(doc.name)?.[0];
    const local = options.normalize(doc.body);
    const issues = local.ok ? [] : local.issues;
    if (!existing) return { action: 'create', doc, issues };
    // A document the server would reject is sent anyway: its 422 is the authoritative answer.
    if (!local.ok) return { action: 'update', doc, existing, changed: [], issues };
    const changed = changedFields(doc.body, local.automation, existing);
    return changed.length === 0 ? { action: 'unchanged', doc, existing } : { action: 'update', doc, existing, changed, issues };
  });
  if (options.prune) {
    for (const automation of server) if (!wanted.has(automation.name)) steps.push({ action: 'delete', existing: automation });
  }
  return steps;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
