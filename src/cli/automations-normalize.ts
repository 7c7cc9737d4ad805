// The server's own AutomationCreate parser, run in the CLI: it tells `apply` what the server would
// store for a document (every default, lax coercion and set rule exactly as the server applies
// them) and, for --dry-run, what it would reject. One parser, so the two cannot drift apart.

import { parseAutomationCreate } from '../automations/parse-automation.js';
import type { NormalizeResult } from './automations-compare.js';

export function normalizeWithServerParser(body: Record<string, unknown>): NormalizeResult {
  // Trigger ids are made up here and ignored by the comparison (the server makes its own).
  const parsed = parseAutomationCreate(body, { newId: () => '' });
  if (!parsed.ok) return { ok: false, issues: parsed.issues.map((i) => ({ loc: [...i.loc], msg: i.msg })) };
  return { ok: true, automation: parsed.value.fields };
}
