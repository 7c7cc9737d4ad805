// Automations compiled for evaluation: globs and resource specs compiled once, parents linked, so
// the per-event hot path does no parsing and no allocation beyond the bucket it touches.

import {
  compileGlob,
  findResourceLabel,
  compileResourceSpec,
  isEmptySpec,
  type GlobMatcher,
  type ResourcePredicate,
} from '../../events/index.js';
import type { ReceivedEvent, ResourceSpecification } from '../../events/types.js';
import type { Automation, CompositeTrigger, EventTrigger, Trigger } from '../../model/automation.js';

export interface CompiledAutomation {
  workspaceId: string;
  automation: Automation;
  root: CompiledTrigger;
  eventTriggers: CompiledEventTrigger[];
  composites: CompiledComposite[];
}

export interface CompiledEventTrigger {
  kind: 'event';
  owner: CompiledAutomation;
  trigger: EventTrigger;
  parent: CompiledComposite | null;
  matchResource: ResourcePredicate | null;
  /** Each must be satisfied by some related resource (empty specs dropped: always satisfied). */
  matchRelated: ResourcePredicate[];
  after: GlobMatcher[];
  /** Empty = every event is expected. */
  expect: GlobMatcher[];
  /** `for_each`, sorted (Prefect sorts before building the key). */
  forEach: string[];
  withinUs: number;
  proactive: boolean;
  /** Reactive with within 0 ([compat S4.1]). */
  immediate: boolean;
  threshold: number;
}

export interface CompiledComposite {
  kind: 'compound' | 'sequence';
  owner: CompiledAutomation;
  trigger: CompositeTrigger;
  parent: CompiledComposite | null;
  children: CompiledTrigger[];
  /** Child firings needed: any = 1, all = every child, N; a sequence needs every child in order. */
  required: number;
  withinUs: number | null;
  /** child trigger id → declared position. */
  position: Map<string, number>;
}

export type CompiledTrigger = CompiledEventTrigger | CompiledComposite;

const US = 1_000_000;

export function compileAutomation(workspaceId: string, automation: Automation): CompiledAutomation {
  const owner: CompiledAutomation = {
    workspaceId,
    automation,
    root: undefined as unknown as CompiledTrigger,
    eventTriggers: [],
    composites: [],
  };
  owner.root = compileTrigger(automation.trigger, null, owner);
  return owner;
}

function compileTrigger(trigger: Trigger, parent: CompiledComposite | null, owner: CompiledAutomation): CompiledTrigger {
  if (trigger.type === 'event') {
    const related = Array.isArray(trigger.match_related) ? trigger.match_related : [trigger.match_related];
    const compiled: CompiledEventTrigger = {
      kind: 'event',
      owner,
      trigger,
      parent,
      matchResource: isEmptySpec(trigger.match) ? null : compileResourceSpec(trigger.match),
      matchRelated: related.filter((s: ResourceSpecification) => !isEmptySpec(s)).map((s) => compileResourceSpec(s)),
      after: trigger.after.map(compileGlob),
      expect: trigger.expect.map(compileGlob),
      forEach: [...trigger.for_each].sort(),
      withinUs: Math.round(trigger.within * US),
      proactive: trigger.posture === 'Proactive',
      immediate: trigger.posture === 'Reactive' && trigger.within === 0,
      threshold: trigger.threshold,
    };
    owner.eventTriggers.push(compiled);
    return compiled;
  }
  const composite: CompiledComposite = {
    kind: trigger.type,
    owner,
    trigger,
    parent,
    children: [],
    required: requiredChildren(trigger),
    withinUs: trigger.within === null ? null : Math.round(trigger.within * US),
    position: new Map(trigger.triggers.map((t, i) => [t.id, i])),
  };
  owner.composites.push(composite);
  composite.children = trigger.triggers.map((child) => compileTrigger(child, composite, owner));
  return composite;
}

function requiredChildren(trigger: CompositeTrigger): number {
  if (trigger.type === 'sequence') return trigger.triggers.length;
  if (trigger.require === 'any') return 1;
  if (trigger.require === 'all') return trigger.triggers.length;
  return trigger.require;
}

/** `expects(name)` ([compat S4.2]). */
export function expects(t: CompiledEventTrigger, name: string): boolean {
  return t.expect.length === 0 || t.expect.some((m) => m(name));
}

/** `starts_after(name)` ([compat S4.2]). */
export function startsAfter(t: CompiledEventTrigger, name: string): boolean {
  return t.after.length > 0 && t.after.some((m) => m(name));
}

/** `bucketing_key` ([compat S4.1]): the event's value of each sorted `for_each` label ('' when absent), as JSON. */
export function bucketingKey(t: CompiledEventTrigger, event: ReceivedEvent): string {
  if (t.forEach.length === 0) return '[]';
  return JSON.stringify(t.forEach.map((label) => findResourceLabel(event, label) ?? ''));
}
