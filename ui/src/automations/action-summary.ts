// An action in words ("Send a notification to ops-slack", "Emit `acme.pipeline.degraded`"), with
// destinations named when the list of destinations is at hand.

import type { Action } from './types';

export const ACTION_LABELS: Record<string, string> = {
  'do-nothing': 'Do nothing',
  'send-notification': 'Send a notification',
  'call-webhook': 'Call a webhook',
  'emit-event': 'Emit an event',
  'pause-automation': 'Pause an automation',
  'resume-automation': 'Resume an automation',
  'run-deployment': 'Run a deployment',
  'pause-deployment': 'Pause a deployment',
  'resume-deployment': 'Resume a deployment',
  'cancel-flow-run': 'Cancel the flow run',
  'delete-flow-run': 'Delete the flow run',
  'change-flow-run-state': 'Change the flow run’s state',
  'suspend-flow-run': 'Suspend the flow run',
  'resume-flow-run': 'Resume the flow run',
  'pause-work-queue': 'Pause a work queue',
  'resume-work-queue': 'Resume a work queue',
  'pause-work-pool': 'Pause a work pool',
  'resume-work-pool': 'Resume a work pool',
};

export function actionLabel(type: string | null | undefined): string {
  return (type && ACTION_LABELS[type]) ?? type ?? 'Unknown action';
}

export function describeAction(action: Action, destinationName: (id: string) => string | undefined): string {
  const target = (key: string) => {
    const id = action[key];
    return typeof id === 'string' && id ? id : undefined;
  };
  const dest = target('block_document_id');
  switch (action.type) {
    case 'send-notification':
      return `Send a notification to ${dest ? (destinationName(dest) ?? dest) : '(no destination)'}`;
    case 'call-webhook':
      return `Call the webhook ${dest ? (destinationName(dest) ?? dest) : '(no destination)'}`;
    case 'emit-event':
      return `Emit ${typeof action.event === 'string' ? action.event : 'an event'}`;
    case 'pause-automation':
    case 'resume-automation': {
      const verb = action.type === 'pause-automation' ? 'Pause' : 'Resume';
      return action.source === 'inferred'
        ? `${verb} the automation of the triggering event`
        : `${verb} automation ${target('automation_id') ?? '?'}`;
    }
    default:
      return actionLabel(action.type);
  }
}
