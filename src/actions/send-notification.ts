// send-notification ([compat S5.2]): render `subject` and `body`, then deliver to the destination the
// action names — Slack, Microsoft Teams, a generic (signed) webhook or e-mail. Failures carry a
// `notification_log`; transient ones are retried on the schedule (Prefect fails at once with
// "Notification failed"), and a 410 disables the destination as for call-webhook.

import { requiredString, stringField, templateField } from '../model/parse-fields.js';
import type { DestinationRecord, DestinationType } from '../storage/automation-store.js';
import { loadDestination } from './call-webhook.js';
import type { ActionBase, ActionDefinition, ActionFields, FieldsParser } from './definition.js';
import { destinationRelated } from './destinations.js';
import { sendEmail } from './notify/email.js';
import type { NotificationMessage, NotifyContext } from './notify/http.js';
import { sendSlack } from './notify/slack.js';
import { sendTeams } from './notify/teams.js';
import { sendWebhookNotification } from './notify/webhook.js';
import { blockDocument } from './parse-shared.js';
import { renderActionTemplate } from './template-context.js';
import { ActionFailed, type ActionDeps, type ActionExecutor, type ActionOutcome, type ActionRun } from './types.js';

/** Prefect's default subject ([compat S5.2]). */
export const DEFAULT_SUBJECT = 'Prefect automated notification';

export interface SendNotificationAction extends ActionBase<'send-notification'> {
  /** The destination's id (Prefect's notification block). */
  block_document_id: string;
  /** Templates. */
  subject: string;
  body: string;
}

const parse: FieldsParser<ActionFields<SendNotificationAction>> = (o, loc, opts, issues) => {
  const before = issues.length;
  const block = blockDocument(o, loc, issues);
  const subject = o.subject === undefined ? DEFAULT_SUBJECT : stringField(o.subject, [...loc, 'subject'], issues);
  if (subject !== null) templateField(subject, [...loc, 'subject'], 'subject', opts.limits, issues);
  const body = requiredString(o, 'body', loc, issues);
  if (body !== null) templateField(body, [...loc, 'body'], 'body', opts.limits, issues);
  // Every null below came with an issue.
  if (issues.length > before || block === null || subject === null || body === null) return null;
  return { block_document_id: block, subject, body };
};

export type Notifier = (
  ctx: NotifyContext,
  destination: DestinationRecord,
  message: NotificationMessage,
) => Promise<Record<string, unknown>>;

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
    // Checked again: an action stored before these rules, or written by hand, may lack them.
    const subject: unknown = action.subject;
    const body: unknown = action.body;
    const subjectSource = typeof subject === 'string' ? subject : DEFAULT_SUBJECT;
    const bodySource = typeof body === 'string' ? body : '';
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

export const sendNotification: ActionDefinition<SendNotificationAction> = {
  type: 'send-notification',
  parse,
  executor: sendNotificationExecutor,
};
