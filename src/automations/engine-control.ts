// What the rest of the server may ask of the trigger engine (src/automations/engine/): the
// automations API calls `automationChanged` after every committed change. The views below are what
// GET /automations/{id}/state and POST /automations/{id}/explain answer, built from the engine's
// committed state (engine/persisted-views.ts) so any process can answer them.

import type { Timestamp } from '../events/types.js';

/** One open window of an event trigger, for one `for_each` key. */
export interface WindowView {
  /** `for_each` label → value for this key ({} without for_each). */
  key: Record<string, string>;
  start: Timestamp;
  end: Timestamp;
  count: number;
  threshold: number;
  /** When the engine will next look at this window without an event (Proactive), else null. */
  next_deadline: Timestamp | null;
  last_event_id: string | null;
}

/** A child firing a composite trigger is holding, waiting for its siblings. */
export interface ChildFiringView {
  child_trigger_id: string;
  key: Record<string, string>;
  fired_at: Timestamp;
  firing_id: string;
}

export interface TriggerStateView {
  trigger_id: string;
  type: 'event' | 'compound' | 'sequence';
  posture?: 'Reactive' | 'Proactive';
  windows: WindowView[];
  child_firings: ChildFiringView[];
}

export interface AutomationStateView {
  automation_id: string;
  enabled: boolean;
  /** Event time the engine has reached (its events clock), null before the first event. */
  events_clock: Timestamp | null;
  triggers: TriggerStateView[];
}

/** Why one trigger would or would not count an event. */
export interface TriggerExplanation {
  trigger_id: string;
  type: 'event' | 'compound' | 'sequence';
  /** True when the event would open a window (`after`) or count (`expect`) for this trigger. */
  matched: boolean;
  /** 'after', 'expect', 'after+expect' when matched. */
  role?: string;
  /** Human-readable reasons it did not match (event name pattern, which label, which window). */
  reasons: string[];
  /** `for_each` key the event falls in. */
  key?: Record<string, string>;
  /** The open window of that key, if any, and whether the event's `occurred` is inside it. */
  window?: { start: Timestamp; end: Timestamp; count: number; contains_event: boolean } | null;
  children?: TriggerExplanation[];
}

export interface ExplainView {
  automation_id: string;
  event_id: string;
  matched: boolean;
  triggers: TriggerExplanation[];
}

export interface EngineControl {
  /** Reload one automation from storage (created, updated, enabled, disabled or deleted). */
  automationChanged(workspaceId: string, automationId: string): Promise<void>;
}
