// send-notification (spec §5.2): render `subject` and `body`, then deliver to the destination the
// action names — Slack, Microsoft Teams, a generic (signed) webhook or e-mail. Failures carry a
// `notification_log`; transient ones are retried on the schedule (Prefect fails at once with
// "Notification failed"), and a 410 disables the destination as for call-webhook.

import type { DestinationRecord, DestinationType } from '../storage/automation-store.js';
import { loadDestination } from './call-webhook.js';
import { destinationRelated } from './destinations.js';
import { sendEmail } from './notify/email.js';
import type { NotificationMessage, NotifyContext } from './notify/http.js';
import { sendSlack } from './notify/slack.js';
import { sendTeams } from './notify/teams.js';
import { sendWebhookNotification } from './notify/webhook.js';
import { renderActionTemplate } from './template-context.js';
import { ActionFailed, type ActionDeps, type ActionExecutor, type ActionOutcome, type ActionRun } from './types.js';

/** Prefect's default subject (§5.2). */
export const DEFAULT_SUBJECT = 'Prefect automated notification';

export type Notifier = (ctx: NotifyContext, destination: DestinationRecord, message: NotificationMessage) => Promise<Record<string, unknown>>;

export const notifiers: Record<DestinationType, Notifier> = {
  slack: sendSlack,
  teams: sendTeams,
  webhook: sendWebhookNotification,
  email: sendEmail,
};

export const sendNotificationExecutor: ActionExecutor = {
  async execute(run: ActionRun, deps: ActionDeps): Promise<ActionOutcome> {
    const destination = await loadDestination(run, deps, () => null);
    const related = destinationRelated(destination.id, destination);
    const action = run.triggered.action;
    const subjectSource = typeof action.subject === 'string' ? action.subject : DEFAULT_SUBJECT;
    const bodySource = typeof action.body === 'string' ? action.body : '';
    let message: NotificationMessage;
    try {
      message = { subject: renderActionTemplate(subjectSource, run, deps), body: renderActionTemplate(bodySource, run, deps) };
    } catch (err) {
      if (err instanceof ActionFailed) throw new ActionFailed(err.message, err.details, related);
      throw err;
    }
    const details = await notifiers[destination.type]({ ...deps, idempotencyKey: run.idempotencyKey, related }, destination, message);
    return { details, related };
  },
};
