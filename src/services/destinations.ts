// The destinations application service: create, read, replace, delete and test the targets of
// call-webhook and send-notification, inside the caller's workspace. Validation (named 422 issues,
// secrets redacted from the echo) and delivery are the actions layer's; this is where authorization
// and audit of destination changes will live ([arch services]).

import { uuidv7 } from '../../sdk/uuidv7.js';
import {
  destinationLimitsFrom,
  destinationRelated,
  destinationView,
  parseDestinationCreate,
  parseDestinationUpdate,
  redactedBody,
  type DestinationView,
} from '../actions/destinations.js';
import { notifiers } from '../actions/send-notification.js';
import { ActionFailed, ActionRetry, type ActionDeps } from '../actions/types.js';
import { HeraldError } from '../errors.js';
import { nowTimestamp, validationError } from '../events/index.js';
import type { RequestContext } from '../request-context.js';
import type { DestinationRecord } from '../storage/automation-store.js';

export type DestinationServiceDeps = Pick<ActionDeps, 'storage' | 'clock' | 'settings' | 'logger'>;

/** What POST /destinations/{id}/test reports. */
export interface DestinationTestResult {
  ok: boolean;
  status_code: number | null;
  response_body: string | null;
  error: string | null;
}

const TEST_MESSAGE = {
  subject: 'Herald test notification',
  body: 'This is a test message from Herald: this destination is configured correctly.',
};

const notFound = () => new HeraldError('HERALD_ERR_NOT_FOUND', { what: 'Destination' });

export class DestinationService {
  readonly #d: DestinationServiceDeps;

  constructor(deps: DestinationServiceDeps) {
    this.#d = deps;
  }

  get #store() {
    return this.#d.storage.automation.destinations;
  }

  /** A webhook created without a signing secret gets one generated, returned here once. */
  async create(ctx: RequestContext, body: unknown): Promise<DestinationView & { signing_secret?: string }> {
    const now = this.#d.clock.now();
    const parsed = parseDestinationCreate(
      body,
      { id: uuidv7(now), workspaceId: ctx.workspaceId, now: nowTimestamp(this.#d.clock) },
      destinationLimitsFrom(this.#d.settings),
    );
    if (!parsed.ok) throw validationError(parsed.issues, redactedBody(body, parsed.issues));
    await this.#store.create(parsed.record);
    const view = destinationView(parsed.record);
    return parsed.generatedSecret ? { ...view, signing_secret: parsed.generatedSecret } : view;
  }

  async list(ctx: RequestContext): Promise<DestinationView[]> {
    return (await this.#store.list(ctx.workspaceId)).map(destinationView);
  }

  async get(ctx: RequestContext, id: string): Promise<DestinationView> {
    return destinationView(await this.#load(ctx, id));
  }

  /** Omitted secrets are kept; `disabled: false` re-enables. */
  async replace(ctx: RequestContext, id: string, body: unknown): Promise<DestinationView> {
    const existing = await this.#load(ctx, id);
    const parsed = parseDestinationUpdate(body, existing, nowTimestamp(this.#d.clock), destinationLimitsFrom(this.#d.settings));
    if (!parsed.ok) throw validationError(parsed.issues, redactedBody(body, parsed.issues));
    if (!(await this.#store.update(parsed.record))) throw notFound();
    return destinationView(parsed.record);
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    if (!(await this.#store.delete(ctx.workspaceId, id))) throw notFound();
  }

  /** One test message through the same delivery code as the actions (a 410 answer disables it). */
  async test(ctx: RequestContext, id: string): Promise<DestinationTestResult> {
    const destination = await this.#load(ctx, id);
    const delivery = {
      ...this.#d,
      idempotencyKey: uuidv7(this.#d.clock.now()),
      related: destinationRelated(destination.id, destination),
    };
    try {
      const details = await notifiers[destination.type](delivery, destination, TEST_MESSAGE);
      return { ok: true, status_code: numberOrNull(details.status_code), response_body: stringOrNull(details.response_body), error: null };
    } catch (err) {
      if (!(err instanceof ActionFailed) && !(err instanceof ActionRetry)) throw err;
      return {
        ok: false,
        status_code: numberOrNull(err.details.status_code),
        response_body: stringOrNull(err.details.response_body),
        error: err.message,
      };
    }
  }

  async #load(ctx: RequestContext, id: string): Promise<DestinationRecord> {
    const record = await this.#store.get(ctx.workspaceId, id);
    if (!record) throw notFound();
    return record;
  }
}

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const stringOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
