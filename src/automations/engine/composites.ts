// Composite triggers ([compat S4.7]) with Herald's fixes ([compat D10.3]): child firings are kept per `for_each` key
// (the child firing's triggering labels) instead of one row per child, and `within` and sequence
// order are judged on the firings' EVENT time, not on when the engine happened to process them.
// A child firing without labels (its trigger has no `for_each`) is "global": it counts for every key.

import { microsToTimestamp } from '../../events/index.js';
import { deterministicUuid } from '../../model/ids.js';
import type { Firing } from '../../model/automation.js';
import type { CompiledComposite } from './compiled.js';
import type { ChildFiring, CompositeState, EngineState } from './engine-state.js';

export const GLOBAL_KEY = '{}';

/** Stable key of a label set: sorted JSON. */
export function labelsKey(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return GLOBAL_KEY;
  return JSON.stringify(Object.fromEntries(names.map((n) => [n, labels[n]])));
}

/** The composite needs just one child firing: it fires straight through, no state kept. */
export function passesThrough(p: CompiledComposite): boolean {
  return p.required <= 1 && (p.kind === 'compound' || p.children.length === 1);
}

/** The child firings visible to `key`: its own, plus global ones it has no own firing for. */
export function visibleChildren(state: CompositeState, key: string): Map<string, ChildFiring> {
  const own = state.get(key);
  const global = key === GLOBAL_KEY ? undefined : state.get(GLOBAL_KEY);
  const out = new Map<string, ChildFiring>(global ?? []);
  for (const [id, c] of own ?? []) out.set(id, c);
  return out;
}

/** Drops child firings that fell out of the composite's window relative to event time `now`. */
export function expired(p: CompiledComposite, child: ChildFiring, now: number): boolean {
  return p.withinUs !== null && child.at < now - p.withinUs;
}

/**
 * Ready check: compound = enough distinct children fired; sequence = every child fired and their
 * event times follow the declared order (ties allowed).
 */
export function isReady(p: CompiledComposite, children: Map<string, ChildFiring>): boolean {
  if (p.kind === 'compound') return children.size >= p.required;
  let last = -Infinity;
  for (const child of p.trigger.triggers) {
    const fired = children.get(child.id);
    if (!fired || fired.at < last) return false;
    last = fired.at;
  }
  return true;
}

/** Child firings in declared order (how `triggering_firings` lists them). */
export function inDeclaredOrder(p: CompiledComposite, children: Map<string, ChildFiring>): ChildFiring[] {
  return [...children.values()].sort((a, b) => (p.position.get(a.childId) ?? 0) - (p.position.get(b.childId) ?? 0));
}

export interface ChildFiringResult {
  /** Composite key the child firing was stored under (for its expiry timer). */
  key: string;
  /** When the stored child firing falls out of the composite's window (event time), or null. */
  expiresAt: number | null;
  /** The composite's own firing when this child completed it, and its event time. */
  parentFiring: Firing | null;
  at: number;
}

/**
 * A child of `p` fired ([compat S4.7]): store it under its key and fire the composite if the children it can
 * see now satisfy it — consuming them. A global (unkeyed) child firing may complete any key's set.
 */
export function childFired(p: CompiledComposite, childId: string, firing: Firing, atUs: number, state: EngineState): ChildFiringResult {
  if (passesThrough(p)) {
    return {
      key: GLOBAL_KEY,
      expiresAt: null,
      parentFiring: compositeFiring(p, firing.id, [firing], firing, firing.triggering_labels, atUs),
      at: atUs,
    };
  }
  const automationId = p.owner.automation.id;
  const key = labelsKey(firing.triggering_labels);
  state.setChild(automationId, p.trigger.id, key, { childId, at: atUs, firing });
  const result: ChildFiringResult = { key, expiresAt: p.withinUs === null ? null : atUs + p.withinUs, parentFiring: null, at: atUs };
  const cs = state.compositeState(p.trigger.id);
  const ownerKey = (k: string, c: ChildFiring) => (cs.get(k)?.get(c.childId) === c ? k : GLOBAL_KEY);
  for (const k of key === GLOBAL_KEY ? [...cs.keys()] : [key]) {
    const visible = visibleChildren(cs, k);
    for (const [id, c] of visible) {
      if (!expired(p, c, atUs)) continue;
      state.deleteChild(automationId, p.trigger.id, ownerKey(k, c), id);
      visible.delete(id);
    }
    if (visible.get(childId)?.firing.id !== firing.id || !isReady(p, visible)) continue;
    const chosen = inDeclaredOrder(p, visible);
    for (const c of chosen) state.deleteChild(automationId, p.trigger.id, ownerKey(k, c), c.childId);
    const labels = Object.assign({}, ...chosen.map((c) => c.firing.triggering_labels)) as Record<string, string>;
    const at = Math.max(...chosen.map((c) => c.at));
    result.parentFiring = compositeFiring(
      p,
      `${k}:${firing.id}`,
      chosen.map((c) => c.firing),
      firing,
      labels,
      at,
    );
    result.at = at;
    break;
  }
  return result;
}

function compositeFiring(
  p: CompiledComposite,
  seed: string,
  children: Firing[],
  current: Firing,
  labels: Record<string, string>,
  atUs: number,
): Firing {
  return {
    id: deterministicUuid(`${p.trigger.id}:${seed}`, atUs / 1000),
    trigger: p.trigger,
    trigger_states: ['Triggered'],
    triggered: microsToTimestamp(atUs),
    triggering_labels: labels,
    triggering_firings: children,
    triggering_event: current.triggering_event,
    triggering_value: null,
  };
}
