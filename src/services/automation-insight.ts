// Answers to "why did (or didn't) my automation fire?" ([compat D10.33]: Prefect has no history API):
// the trigger engine's state for an automation, its recent firings with each action's outcome, and
// how its triggers treat one stored event — inside the caller's workspace ([arch services]).
// Everything is read from storage — the engine's state as last committed — so every process sharing
// the database answers alike, whether or not it runs the engine.

import type { AutomationStateView, ExplainView } from '../automations/engine-control.js';
import { persistedExplain, persistedStateView } from '../automations/engine/persisted-views.js';
import type { Automation, TriggeredAction } from '../model/automation.js';
import type { AutomationService } from '../automations/service.js';
import { HeraldError, objectNotFound } from '../errors.js';
import type { Event } from '../events/types.js';
import type { RequestContext } from '../request-context.js';
import type { FiringRecord, OutboxRow, OutboxStatus } from '../storage/automation-store.js';
import type { Storage } from '../storage/storage.js';
import type { EventService } from './events.js';

export interface AutomationInsightDeps {
  automations: AutomationService;
  events: EventService;
  storage: Storage;
}

interface Delivery {
  id: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  updated: string;
}

/** A firing as GET /automations/{id}/firings shows it. */
export interface FiringView {
  id: string;
  automation_id: string;
  outcome: FiringRecord['outcome'];
  recorded: string;
  /** False until the action worker has written the firing's outbox rows (`actions` and `events` empty until then). */
  expanded: boolean;
  firing: FiringRecord['firing'];
  actions: (Delivery & { action_index: number | null; type: string | null; result: unknown })[];
  events: (Delivery & { event: string | null; event_id: string | null })[];
}

export class AutomationInsightService {
  readonly #d: AutomationInsightDeps;

  constructor(deps: AutomationInsightDeps) {
    this.#d = deps;
  }

  async state(ctx: RequestContext, automationId: string): Promise<AutomationStateView> {
    const automation = await this.#load(ctx, automationId);
    return persistedStateView(this.#d.storage.automation, ctx.workspaceId, automation);
  }

  /** Newest first, each with its actions' and emitted events' delivery outcomes. */
  async firings(ctx: RequestContext, automationId: string, limit: number): Promise<FiringView[]> {
    const automation = await this.#load(ctx, automationId);
    const firings = await this.#d.storage.automation.engine.listFirings(ctx.workspaceId, automation.id, limit);
    const rows = firings.length > 0 ? await this.#d.storage.automation.outbox.byFirings(firings.map((f) => f.id)) : [];
    return firings.map((f) =>
      firingView(
        f,
        rows.filter((r) => r.firingId === f.id),
      ),
    );
  }

  async explain(ctx: RequestContext, automationId: string, eventId: string): Promise<ExplainView> {
    const automation = await this.#load(ctx, automationId);
    const event = await this.#d.events.get(ctx, eventId);
    if (!event) throw new HeraldError('HERALD_ERR_NOT_FOUND', { what: 'Event' });
    return persistedExplain(this.#d.storage.automation, ctx.workspaceId, automation, event);
  }

  /** The automation, or Prefect's 404. */
  async #load(ctx: RequestContext, id: string): Promise<Automation> {
    const automation = await this.#d.automations.get(ctx.workspaceId, id);
    if (!automation) throw objectNotFound('Automation');
    return automation;
  }
}

function firingView(record: FiringRecord, rows: OutboxRow[]): FiringView {
  const delivery = (r: OutboxRow): Delivery => ({
    id: r.id,
    status: r.status,
    attempts: r.attempts,
    last_error: r.lastError,
    next_attempt_at: r.nextAttemptAt,
    updated: r.updated,
  });
  const byIndex = (a: OutboxRow, b: OutboxRow) => (a.actionIndex ?? 0) - (b.actionIndex ?? 0);
  return {
    id: record.id,
    automation_id: record.automationId,
    outcome: record.outcome,
    recorded: record.recorded,
    expanded: record.expanded !== false,
    firing: record.firing,
    actions: rows
      .filter((r) => r.kind === 'action')
      .sort(byIndex)
      .map((r) => ({
        ...delivery(r),
        action_index: r.actionIndex,
        type: (r.body as Partial<TriggeredAction> | null)?.action?.type ?? null,
        result: r.result ?? null,
      })),
    events: rows
      .filter((r) => r.kind === 'event')
      .map((r) => ({
        ...delivery(r),
        event: (r.body as Partial<Event> | null)?.event ?? null,
        event_id: (r.body as Partial<Event> | null)?.id ?? null,
      })),
  };
}
