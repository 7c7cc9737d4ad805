// The editor's draft IS the AutomationCreate body: the form edits parts of it, the JSON tab replaces
// it whole, so fields the form does not show (match_related, actions_on_resolve, a newer server's
// fields) survive both.

import type { Action, Automation, AutomationCreate, EventTrigger, Trigger } from './types';

export function blankEventTrigger(posture: EventTrigger['posture'] = 'Reactive'): EventTrigger {
  return {
    type: 'event',
    posture,
    match: {},
    match_related: {},
    after: [],
    expect: [],
    for_each: [],
    threshold: 1,
    within: posture === 'Proactive' ? 300 : 0,
  };
}

export function blankDraft(): AutomationCreate {
  return { name: '', description: '', enabled: true, trigger: blankEventTrigger(), actions: [{ type: 'do-nothing' }] };
}

/** Trigger ids are the server's: a PUT regenerates them, a backtest needs none. */
function withoutIds(t: Trigger): Trigger {
  const { id: _id, ...rest } = t;
  return rest.type === 'event' ? (rest as Trigger) : ({ ...rest, triggers: rest.triggers.map(withoutIds) } as Trigger);
}

/** A stored automation as an editable body: server-made fields dropped. */
export function draftFrom(a: Automation): AutomationCreate {
  const { id: _id, created: _c, updated: _u, ...body } = a;
  return { ...body, trigger: withoutIds(a.trigger) };
}

export function defaultAction(type: string): Action {
  switch (type) {
    case 'send-notification':
      return {
        type,
        block_document_id: '',
        subject: 'Herald: {{ automation.name }}',
        body: '{{ event.event }} fired {{ automation.name }}',
      };
    case 'call-webhook':
      return { type, block_document_id: '', payload: '{"automation": "{{ automation.name }}", "event": "{{ event.id }}"}' };
    case 'emit-event':
      return { type, event: '', resource: { 'prefect.resource.id': '' }, related: [], payload: {} };
    case 'pause-automation':
    case 'resume-automation':
      return { type, source: 'selected', automation_id: '' };
    default:
      return { type };
  }
}

/** A draft the JSON tab accepts: an object with a trigger object and an actions array. */
export function checkDraftShape(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The automation must be a JSON object.';
  const v = value as Record<string, unknown>;
  if (typeof v.trigger !== 'object' || v.trigger === null || Array.isArray(v.trigger)) return 'It needs a "trigger" object.';
  if (!Array.isArray(v.actions)) return 'It needs an "actions" array.';
  return null;
}
