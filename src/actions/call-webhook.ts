// call-webhook ([compat S5.2]): render `payload` and send it to a webhook destination, signed with
// Standard Webhooks headers. Unlike Prefect, the HTTP status decides the outcome ([compat D10.15]): only a
// 2xx is success, transient failures are retried on the schedule, 410 disables the destination.

import { stringField, templateField } from '../model/parse-fields.js';
import type { DestinationRecord } from '../storage/automation-store.js';
import type { ActionBase, ActionDefinition, ActionFields, FieldsParser } from './definition.js';
import { destinationRelated } from './destinations.js';
import { blockDocument } from './parse-shared.js';
import { renderActionTemplate } from './template-context.js';
import { ActionFailed, type ActionDeps, type ActionExecutor, type ActionOutcome, type ActionRun } from './types.js';
import { attemptHttp, responseDetails, settleAttempt } from './webhook/http-destination.js';
import { signatureHeaders } from './webhook/signing.js';

const FAILED = 'Webhook call failed';

export interface CallWebhookAction extends ActionBase<'call-webhook'> {
  /** The webhook destination's id (Prefect's webhook block). */
  block_document_id: string;
  /** A template; '' sends an empty body. */
  payload: string;
}

const parse: FieldsParser<ActionFields<CallWebhookAction>> = (o, loc, opts, issues) => {
  const before = issues.length;
  const block = blockDocument(o, loc, issues);
  let payload: string | null = '';
  if (o.payload !== undefined) {
    // Older UIs send an object: Prefect stores it as indented JSON text (a template that renders
    // to itself).
    payload =
      o.payload !== null && typeof o.payload !== 'string'
        ? JSON.stringify(o.payload, null, 2)
        : stringField(o.payload, [...loc, 'payload'], issues);
  }
  if (payload) templateField(payload, [...loc, 'payload'], 'payload', opts.limits, issues);
  // Every null below came with an issue.
  if (issues.length > before || block === null || payload === null) return null;
  return { block_document_id: block, payload };
};

/** Loads the destination an action names; ActionFailed when it is missing, of another type or disabled. */
export async function loadDestination(
  run: ActionRun,
  deps: ActionDeps,
  accept: (d: DestinationRecord) => string | null,
): Promise<DestinationRecord> {
  const id = run.triggered.action.block_document_id;
  if (typeof id !== 'string' || id === '') throw new ActionFailed('The action has no block_document_id');
  const destination = await deps.storage.automation.destinations.get(run.workspaceId, id);
  if (!destination) throw new ActionFailed(`Destination ${id} not found`, {}, destinationRelated(id, null));
  const related = destinationRelated(id, destination);
  const wrongType = accept(destination);
  if (wrongType) throw new ActionFailed(wrongType, {}, related);
  if (destination.disabled) {
    throw new ActionFailed(
      `Destination "${destination.name}" is disabled: ${destination.disabledReason ?? 'no reason recorded'}`,
      {},
      related,
    );
  }
  return destination;
}

/** The body as sent and its content type: JSON when it parses as JSON, plain text otherwise. */
export function webhookBody(text: string): { body: string; contentType: string } {
  try {
    JSON.parse(text);
    return { body: text, contentType: 'application/json' };
  } catch {
    return { body: text, contentType: 'text/plain; charset=utf-8' };
  }
}

/** Headers of a webhook destination for one attempt: configured, secret, content type, signatures. */
export function webhookHeaders(
  destination: DestinationRecord,
  contentType: string,
  id: string,
  nowMs: number,
  body: string,
): Record<string, string> {
  const config = destination.config as { headers?: Record<string, string> };
  const secrets = destination.secrets as { headers?: Record<string, string>; signing_secrets?: string[] };
  return {
    'content-type': contentType,
    ...config.headers,
    ...secrets.headers,
    ...signatureHeaders(secrets.signing_secrets ?? [], id, nowMs, body),
  };
}

export const callWebhookExecutor: ActionExecutor = {
  async execute(run: ActionRun, deps: ActionDeps): Promise<ActionOutcome> {
    const destination = await loadDestination(run, deps, (d) =>
      d.type === 'webhook' ? null : `Destination "${d.name}" is a ${d.type} destination; call-webhook needs a webhook destination`,
    );
    const related = destinationRelated(destination.id, destination);
    // Checked again: an action stored before these rules, or written by hand, may hold an object.
    const payload: unknown = run.triggered.action.payload;
    const source =
      typeof payload === 'string' ? payload : payload === undefined || payload === null ? '' : JSON.stringify(payload, null, 2);
    let rendered: string;
    try {
      rendered = renderActionTemplate(source, run, deps);
    } catch (err) {
      if (err instanceof ActionFailed) throw new ActionFailed(err.message, err.details, related);
      throw err;
    }
    const { body, contentType } = webhookBody(rendered);
    const config = destination.config as { url: string; method: string };
    const attempt = await attemptHttp(deps, {
      url: config.url,
      method: config.method,
      headers: webhookHeaders(destination, contentType, run.idempotencyKey, deps.clock.now(), body),
      body,
    });
    const details = responseDetails(attempt.response);
    await settleAttempt(deps, destination, attempt, FAILED, details, related);
    return { details, related };
  },
};

export const callWebhook: ActionDefinition<CallWebhookAction> = { type: 'call-webhook', parse, executor: callWebhookExecutor };
