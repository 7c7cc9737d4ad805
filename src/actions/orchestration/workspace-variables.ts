// Workspace variables for run-deployment's `workspace_variable` parameters ([compat S5.3]). They live in the
// orchestration API, so they are fetched — only the names the parameters use, and only when some
// parameter uses one — with `POST /variables/filter`.

import { isPlainObject } from '../../events/index.js';
import type { OrchestrationClient } from './client.js';

/** Prefect's default and maximum page size (`PREFECT_SERVER_API_DEFAULT_LIMIT`). */
const PAGE = 200;

/** Names of every `{"__prefect_kind": "workspace_variable", "variable_name": …}` in `value`. */
export function workspaceVariableNames(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) workspaceVariableNames(item, into);
  } else if (isPlainObject(value)) {
    if (value.__prefect_kind === 'workspace_variable' && typeof value.variable_name === 'string') into.add(value.variable_name);
    for (const key of Object.keys(value)) workspaceVariableNames(value[key], into);
  }
  return into;
}

/** name → value of the named variables that exist (unknown names are simply absent). */
export async function readWorkspaceVariables(client: OrchestrationClient, names: readonly string[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (let i = 0; i < names.length; i += PAGE) {
    const chunk = names.slice(i, i + PAGE);
    const res = await client.request('POST', '/variables/filter', { variables: { name: { any_: chunk } }, limit: chunk.length });
    if (!Array.isArray(res.body)) continue;
    for (const v of res.body) {
      if (isPlainObject(v) && typeof v.name === 'string' && 'value' in v) out.set(v.name, v.value);
    }
  }
  return out;
}
