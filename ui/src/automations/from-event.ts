// "Automate" from an event (spec: Prefect's wizard): a reactive trigger on that event's name and
// resource, firing on every such event. Flow-run events also match the related flow, work-queue
// events the related work queue, and both keep one window per run/queue.

import type { ReceivedEvent } from '@herald/sdk/browser';
import type { AutomationCreate, EventTrigger } from './types';

function relatedOf(event: ReceivedEvent, role: string): Record<string, string> {
  const r = event.related.find((x) => x['prefect.resource.role'] === role);
  return r ? { 'prefect.resource.role': role, 'prefect.resource.id': r['prefect.resource.id'] } : {};
}

export function triggerFromEvent(event: ReceivedEvent): EventTrigger {
  const kind = event.event.startsWith('prefect.flow-run.') ? 'flow' : event.event.startsWith('prefect.work-queue.') ? 'work-queue' : null;
  // Keys in the order Prefect's wizard shows them.
  return {
    type: 'event',
    posture: 'Reactive',
    match: { 'prefect.resource.id': event.resource['prefect.resource.id'] },
    match_related: kind ? relatedOf(event, kind) : {},
    after: [],
    expect: [event.event],
    for_each: kind ? ['prefect.resource.id'] : [],
    threshold: 1,
    within: 0,
  };
}

export function draftFromEvent(event: ReceivedEvent): AutomationCreate {
  return { name: `On ${event.event}`, description: '', enabled: true, trigger: triggerFromEvent(event), actions: [{ type: 'do-nothing' }] };
}
