// GET /automations/{id}/state and POST /automations/{id}/explain answered from what the engine
// last committed (its state entries and the events clock in the cursor's row, [arch I8]) instead of
// its memory: any process sharing the database gives the same answer, whether or not it runs the
// engine (issue #10). The views are those of views.ts, built over a fresh EngineState loaded with
// one automation's entries.
//
// What storage holds lags the engine's memory by at most one commit: a page whose events changed
// no state moves the cursor (and the clock with it) at most once a second (TriggerEngine#commit).

import { timestampToMicros } from '../../events/index.js';
import type { ReceivedEvent } from '../../events/types.js';
import type { EngineStateStore } from '../../storage/automation-store.js';
import type { AutomationStateView, ExplainView } from '../engine-control.js';
import type { Automation } from '../../model/automation.js';
import type { Bucket } from './buckets.js';
import { compileAutomation, type CompiledAutomation } from './compiled.js';
import { EngineState } from './engine-state.js';
import { explainEvent, stateView } from './views.js';

export interface PersistedViewStores {
  engine: Pick<EngineStateStore, 'loadAutomationState' | 'loadClock'>;
}

/**
 * The automation's open windows and held child firings as last committed.
 * - Disabled, or its trigger does not compile (the engine takes such an automation out, see
 *   TriggerEngine#compile): `{automation_id, enabled, events_clock: null, triggers: []}` — what the
 *   route answered when the engine had not loaded the automation.
 * - Enabled: every trigger is listed; one the engine has not committed anything for yet (a new
 *   automation, or a new version of it, before the engine's next commit) has no windows and no
 *   child firings. `events_clock` is the engine's committed clock (null before its first event).
 */
export async function persistedStateView(
  stores: PersistedViewStores,
  workspaceId: string,
  automation: Automation,
): Promise<AutomationStateView> {
  const empty: AutomationStateView = { automation_id: automation.id, enabled: automation.enabled, events_clock: null, triggers: [] };
  if (automation.enabled !== true) return empty;
  const compiled = compileOrNull(workspaceId, automation);
  if (!compiled) return empty;
  const [{ state, lastEventIds }, clock] = await Promise.all([loadState(stores, compiled), stores.engine.loadClock()]);
  const eventsClockUs = clock?.eventsClock ? timestampToMicros(clock.eventsClock) : null;
  return stateView(compiled, state, eventsClockUs, clock?.lagUs ?? 0, (b) => lastEventIds.get(b) ?? null);
}

/**
 * How each trigger treats `event`, against the committed windows. A disabled automation holds no
 * windows (the engine drops them when it is disabled, [compat D10.4]): every window is null, as the
 * engine answers. A trigger that does not compile throws, as the engine's explain does.
 */
export async function persistedExplain(
  stores: PersistedViewStores,
  workspaceId: string,
  automation: Automation,
  event: ReceivedEvent,
): Promise<ExplainView> {
  const compiled = compileAutomation(workspaceId, automation);
  const { state } = automation.enabled === true ? await loadState(stores, compiled) : { state: new EngineState() };
  return explainEvent(compiled, event, state);
}

function compileOrNull(workspaceId: string, automation: Automation): CompiledAutomation | null {
  try {
    return compileAutomation(workspaceId, automation);
  } catch {
    return null;
  }
}

/**
 * The automation's committed entries in an EngineState. Entries of trigger ids this version of the
 * automation does not have (left by an earlier version until the engine's next commit clears them,
 * [compat D10.4]) and entries the engine could not read either are skipped, as the engine skips
 * them when it loads. Buckets keep only their last event's id: the views need nothing more.
 */
async function loadState(
  stores: PersistedViewStores,
  compiled: CompiledAutomation,
): Promise<{ state: EngineState; lastEventIds: WeakMap<Bucket, string> }> {
  const triggerIds = new Set([...compiled.eventTriggers, ...compiled.composites].map((t) => t.trigger.id));
  const state = new EngineState();
  for (const entry of await stores.engine.loadAutomationState(compiled.automation.id)) {
    if (!triggerIds.has(entry.triggerId)) continue;
    try {
      state.load(entry);
    } catch {
      // Unreadable (TriggerEngine#loadEntry drops it with a warning): not shown either.
    }
  }
  const lastEventIds = new WeakMap<Bucket, string>();
  for (const { bucket, eventId } of state.takeUnresolved()) lastEventIds.set(bucket, eventId);
  return { state, lastEventIds };
}
