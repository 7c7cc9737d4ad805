// Which event triggers look at an event ([compat S4.2] steps 4–5). Event names have low cardinality, so the
// name → candidate triggers answer is memoised per workspace and rebuilt lazily after any change:
// per event the hot path is one Map lookup plus the resource checks of the candidates.

import type { ReceivedEvent } from '../../events/types.js';
import { expects, startsAfter, type CompiledAutomation, type CompiledEventTrigger } from './compiled.js';

const MEMO_LIMIT = 10_000;

export class TriggerIndex {
  readonly #byWorkspace = new Map<string, Map<string, CompiledAutomation>>();
  readonly #memo = new Map<string, Map<string, CompiledEventTrigger[]>>();

  set(compiled: CompiledAutomation): void {
    let autos = this.#byWorkspace.get(compiled.workspaceId);
    if (!autos) this.#byWorkspace.set(compiled.workspaceId, (autos = new Map()));
    autos.set(compiled.automation.id, compiled);
    this.#memo.delete(compiled.workspaceId);
  }

  delete(workspaceId: string, automationId: string): void {
    this.#byWorkspace.get(workspaceId)?.delete(automationId);
    this.#memo.delete(workspaceId);
  }

  get(workspaceId: string, automationId: string): CompiledAutomation | undefined {
    return this.#byWorkspace.get(workspaceId)?.get(automationId);
  }

  *all(): Generator<CompiledAutomation> {
    for (const autos of this.#byWorkspace.values()) yield* autos.values();
  }

  /** Triggers whose `after` or `expect` patterns match the event's name. */
  byName(workspaceId: string, name: string): CompiledEventTrigger[] {
    let memo = this.#memo.get(workspaceId);
    if (!memo) this.#memo.set(workspaceId, (memo = new Map()));
    let hit = memo.get(name);
    if (hit) return hit;
    hit = [];
    for (const compiled of this.#byWorkspace.get(workspaceId)?.values() ?? []) {
      for (const t of compiled.eventTriggers) if (expects(t, name) || startsAfter(t, name)) hit.push(t);
    }
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(name, hit);
    return hit;
  }
}

/** The trigger "covers" the event's resources ([compat S1.5]). */
export function coversResources(t: CompiledEventTrigger, event: ReceivedEvent): boolean {
  if (t.matchResource && !t.matchResource(event.resource)) return false;
  for (const spec of t.matchRelated) {
    if (!event.related.some((r) => spec(r))) return false;
  }
  return true;
}
