// Observability Prefect lacks ([compat D10.33]): the open windows of an automation, and why an event did
// or did not count for each of its triggers.

import { labelValueMatches, microsToTimestamp, timestampToMicros } from '../../events/index.js';
import type { ReceivedEvent } from '../../events/types.js';
import type { AutomationStateView, ExplainView, TriggerExplanation, TriggerStateView } from '../engine-control.js';
import {
  bucketingKey,
  expects,
  startsAfter,
  type CompiledAutomation,
  type CompiledEventTrigger,
  type CompiledTrigger,
} from './compiled.js';
import type { Bucket } from './buckets.js';
import type { ChildFiring } from './engine-state.js';
import type { EngineState } from './engine-state.js';

/**
 * `lagUs`: the engine judges a deadline this long after it (the processing lag, [compat S4.6]).
 * `lastEventId`: a bucket's last event id; buckets loaded from storage keep only the id
 * (persisted-views.ts), the engine's own hold the event.
 * Windows and child firings are listed by key (and child trigger id), not in the order the engine
 * happened to open them, so the engine's view and the one read from storage are the same.
 */
export function stateView(
  c: CompiledAutomation,
  state: EngineState,
  eventsClockUs: number | null,
  lagUs = 0,
  lastEventId: (b: Bucket) => string | null = (b) => b.lastEvent?.id ?? null,
): AutomationStateView {
  const triggers: TriggerStateView[] = [];
  for (const t of c.eventTriggers) {
    const buckets = [...(state.buckets.get(t.trigger.id) ?? new Map<string, Bucket>())].sort(([a], [b]) => compareText(a, b));
    const windows = buckets.map(([key, b]) => ({
      key: keyLabels(t, key),
      start: microsToTimestamp(b.start),
      end: microsToTimestamp(b.end),
      count: Math.max(0, b.count),
      threshold: t.threshold,
      next_deadline: t.proactive ? microsToTimestamp(b.end + lagUs) : null,
      last_event_id: lastEventId(b),
    }));
    triggers.push({ trigger_id: t.trigger.id, type: 'event', posture: t.trigger.posture, windows, child_firings: [] });
  }
  for (const p of c.composites) {
    const child_firings = [];
    const byKey = [...(state.composites.get(p.trigger.id) ?? new Map<string, Map<string, ChildFiring>>())].sort(([a], [b]) =>
      compareText(a, b),
    );
    for (const [key, children] of byKey) {
      for (const child of [...children.values()].sort((a, b) => compareText(a.childId, b.childId))) {
        child_firings.push({
          child_trigger_id: child.childId,
          key: JSON.parse(key) as Record<string, string>,
          fired_at: microsToTimestamp(child.at),
          firing_id: child.firing.id,
        });
      }
    }
    triggers.push({ trigger_id: p.trigger.id, type: p.kind, windows: [], child_firings });
  }
  return {
    automation_id: c.automation.id,
    enabled: c.automation.enabled,
    events_clock: eventsClockUs === null ? null : microsToTimestamp(eventsClockUs),
    triggers,
  };
}

export function explainEvent(c: CompiledAutomation, event: ReceivedEvent, state: EngineState): ExplainView {
  const root = explainTrigger(c.root, event, state);
  return { automation_id: c.automation.id, event_id: event.id, matched: root.matched, triggers: [root] };
}

function explainTrigger(node: CompiledTrigger, event: ReceivedEvent, state: EngineState): TriggerExplanation {
  if (node.kind !== 'event') {
    const children = node.children.map((child) => explainTrigger(child, event, state));
    const matched = children.some((ch) => ch.matched);
    return {
      trigger_id: node.trigger.id,
      type: node.kind,
      matched,
      reasons: matched ? [] : ['no child trigger matched the event'],
      children,
    };
  }
  const t = node;
  const reasons: string[] = [];
  const isAfter = startsAfter(t, event.event);
  const isExpected = expects(t, event.event);
  if (!isAfter && !isExpected) {
    const patterns = [...t.trigger.expect, ...t.trigger.after];
    reasons.push(`event name '${event.event}' matches none of the trigger's patterns ${JSON.stringify(patterns)} (expect ∪ after)`);
  }
  if (!isAfter && isExpected && t.after.length > 0 && t.trigger.expect.length === 0) {
    reasons.push(`the event is expected but only counts inside a window opened by ${JSON.stringify(t.trigger.after)}`);
  }
  reasons.push(...resourceReasons(t, event));
  const key = bucketingKey(t, event);
  const bucket = state.buckets.get(t.trigger.id)?.get(key);
  const occurredUs = timestampToMicros(event.occurred);
  const window = bucket
    ? {
        start: microsToTimestamp(bucket.start),
        end: microsToTimestamp(bucket.end),
        count: Math.max(0, bucket.count),
        // An immediate trigger's window includes its end (buckets.ts).
        contains_event: bucket.start <= occurredUs && (t.immediate ? occurredUs <= bucket.end : occurredUs < bucket.end),
      }
    : null;
  const nameMatched = isAfter || isExpected;
  const matched = nameMatched && reasons.length === 0;
  const role = isAfter && isExpected ? 'after+expect' : isAfter ? 'after' : isExpected ? 'expect' : undefined;
  return { trigger_id: t.trigger.id, type: 'event', matched, ...(role ? { role } : {}), reasons, key: keyLabels(t, key), window };
}

function resourceReasons(t: CompiledEventTrigger, event: ReceivedEvent): string[] {
  const reasons: string[] = [];
  for (const [label, patterns] of Object.entries(t.trigger.match)) {
    const value = event.resource[label];
    if (!labelValueMatches(patterns, value)) {
      reasons.push(
        value === undefined
          ? `match: the resource has no label '${label}' (wanted ${JSON.stringify(patterns)})`
          : `match: resource label '${label}' = '${value}' does not match ${JSON.stringify(patterns)}`,
      );
    }
  }
  const specs = Array.isArray(t.trigger.match_related) ? t.trigger.match_related : [t.trigger.match_related];
  specs.forEach((spec, i) => {
    if (Object.keys(spec).length === 0) return;
    const ok = event.related.some((r) => Object.entries(spec).every(([label, patterns]) => labelValueMatches(patterns, r[label])));
    if (!ok) reasons.push(`match_related[${i}]: no related resource has all of ${JSON.stringify(spec)}`);
  });
  return reasons;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function keyLabels(t: CompiledEventTrigger, key: string): Record<string, string> {
  const values = JSON.parse(key) as string[];
  return Object.fromEntries(t.forEach.map((label, i) => [label, values[i] ?? '']));
}
