// Action type → executor (spec §5.1's catalogue plus Herald's emit-event). The outbox worker looks
// executors up here; an action whose type is missing fails with "Unknown action type".

import { automationExecutors } from './automation-actions.js';
import { callWebhookExecutor } from './call-webhook.js';
import { doNothingExecutor, emitEventExecutor } from './emit-event.js';
import { orchestrationExecutors } from './orchestration/index.js';
import { sendNotificationExecutor } from './send-notification.js';
import type { ActionExecutor } from './types.js';

export function defaultExecutors(): Record<string, ActionExecutor> {
  return {
    ...orchestrationExecutors,
    ...automationExecutors,
    'do-nothing': doNothingExecutor,
    'emit-event': emitEventExecutor,
    'call-webhook': callWebhookExecutor,
    'send-notification': sendNotificationExecutor,
  };
}
