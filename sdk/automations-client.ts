// AutomationsClient: the automations API (`/api/automations`, Prefect's shapes plus Herald's state,
// firings, explain and backtest) over a HeraldClient's requests. The wire types below are what the
// web UI and scripts read; fields a newer server adds survive in the index signatures.

import type { HeraldClient, RequestOptions } from './http-client.js';
import type { ReceivedEvent, ResourceSpecification } from './wire-types.js';

export type Posture = 'Reactive' | 'Proactive';

export interface EventTriggerWire {
  type: 'event';
  id?: string;
  posture: Posture;
  match?: ResourceSpecification;
  match_related?: ResourceSpecification | ResourceSpecification[];
  after?: string[];
  expect?: string[];
  for_each?: string[];
  threshold?: number;
  /** Seconds. */
  within?: number;
}

export interface CompositeTriggerWire {
  type: 'compound' | 'sequence';
  id?: string;
  triggers: TriggerWire[];
  /** Compound only: `any`, `all` or a count. */
  require?: 'any' | 'all' | number;
  /** Seconds, or null for no limit. */
  within?: number | null;
}

export type TriggerWire = EventTriggerWire | CompositeTriggerWire;

/** An action: `type` plus its own fields (docs/automations.md "Actions"). */
export type ActionWire = { type: string } & Record<string, unknown>;

/** The body of `POST /automations/` and `PUT /automations/{id}` (Prefect's AutomationCreate). */
export interface AutomationCreateWire {
  name: string;
  description?: string;
  enabled?: boolean;
  tags?: string[];
  trigger: TriggerWire;
  actions: ActionWire[];
  actions_on_trigger?: ActionWire[];
  actions_on_resolve?: ActionWire[];
  [field: string]: unknown;
}

/** An automation as the server returns it (Prefect's `Automation`; see docs/automations.md). */
export type AutomationWire = AutomationCreateWire & {
  id: string;
  name: string;
  enabled: boolean;
  created?: string;
  updated?: string;
};

export interface AutomationFilterBody {
  sort?: 'CREATED_DESC' | 'UPDATED_DESC' | 'NAME_ASC' | 'NAME_DESC';
  /** At most 200. */
  limit?: number;
  offset?: number;
  automations?: Record<string, unknown>;
}

export interface WindowWire {
  key: Record<string, string>;
  start: string;
  end: string;
  count: number;
  threshold: number;
  next_deadline: string | null;
  last_event_id: string | null;
}

/** `GET /automations/{id}/state`: the engine's open windows per trigger and key. */
export interface AutomationStateWire {
  automation_id: string;
  enabled: boolean;
  events_clock: string | null;
  triggers: {
    trigger_id: string;
    type: 'event' | 'compound' | 'sequence';
    posture?: Posture;
    windows: WindowWire[];
    child_firings: { child_trigger_id: string; key: Record<string, string>; fired_at: string; firing_id: string }[];
  }[];
}

/** A Firing ([compat S4.1]). */
export interface FiringWire {
  id: string;
  trigger: TriggerWire;
  trigger_states: ('Triggered' | 'Resolved')[];
  triggered: string;
  triggering_labels: Record<string, string>;
  triggering_firings: FiringWire[];
  triggering_event: ReceivedEvent | null;
  triggering_value?: unknown;
  [field: string]: unknown;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

interface DeliveryWire {
  id: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  updated: string;
}

/** One entry of `GET /automations/{id}/firings`: the firing and what became of its actions. */
export interface FiringRecordWire {
  id: string;
  automation_id: string;
  outcome: 'acted' | 'loop-stopped';
  recorded: string;
  /** False for a moment after the firing: its actions are queued, their rows not written yet. */
  expanded: boolean;
  firing: FiringWire;
  actions: (DeliveryWire & { action_index: number | null; type: string | null; result: unknown })[];
  events: (DeliveryWire & { event: string | null; event_id: string | null })[];
}

export interface TriggerExplanationWire {
  trigger_id: string;
  type: 'event' | 'compound' | 'sequence';
  matched: boolean;
  role?: string;
  reasons: string[];
  key?: Record<string, string>;
  window?: { start: string; end: string; count: number; contains_event: boolean } | null;
  children?: TriggerExplanationWire[];
}

/** `POST /automations/{id}/explain`. */
export interface ExplanationWire {
  automation_id: string;
  event_id: string;
  matched: boolean;
  triggers: TriggerExplanationWire[];
}

export interface BacktestRequest {
  automation: AutomationCreateWire;
  since: string;
  until: string;
}

export interface BacktestFiringWire {
  occurred: string;
  trigger_id: string;
  key: string;
  state: 'Triggered' | 'Resolved';
  triggering_event: { id: string; event: string; occurred: string; resource_id: string } | null;
  events: { id: string; event: string; occurred: string }[];
  actions: { type: string; summary: string }[];
  firing: FiringWire;
}

/** `POST /automations/backtest`: the firings a draft would have produced over stored events. */
export interface BacktestResultWire {
  since: string;
  until: string;
  events_replayed: number;
  firings: BacktestFiringWire[];
  truncated: boolean;
}

/** `POST /templates/validate`: valid, or the first error with its line (0 = the whole template). */
export type TemplateCheck = { valid: true } | { valid: false; line: number; message: string };

const path = (id: string, rest = '') => `/automations/${encodeURIComponent(id)}${rest}`;

export class AutomationsClient {
  readonly #client: HeraldClient;

  constructor(client: HeraldClient) {
    this.#client = client;
  }

  /** `POST /automations/filter` (default sort `NAME_ASC`; `limit` ≤ 200). */
  list(body: AutomationFilterBody = {}, options?: RequestOptions): Promise<AutomationWire[]> {
    return this.#client.requestJson('POST', '/automations/filter', body, options);
  }

  /** `GET /automations/{id}`. */
  read(id: string, options?: RequestOptions): Promise<AutomationWire> {
    return this.#client.requestJson('GET', path(id), undefined, options);
  }

  /** `POST /automations/` → the stored automation (trigger ids assigned by the server). */
  create(body: AutomationCreateWire, options?: RequestOptions): Promise<AutomationWire> {
    return this.#client.requestJson('POST', '/automations/', body, options);
  }

  /** `PUT /automations/{id}` (204): replaces it; trigger ids are regenerated. */
  async replace(id: string, body: AutomationCreateWire, options?: RequestOptions): Promise<void> {
    await this.#client.requestJson('PUT', path(id), body, options);
  }

  /** `PATCH /automations/{id}` `{enabled}` (204): pause or resume. */
  async setEnabled(id: string, enabled: boolean, options?: RequestOptions): Promise<void> {
    await this.#client.requestJson('PATCH', path(id), { enabled }, options);
  }

  /** `DELETE /automations/{id}` (204). */
  async delete(id: string, options?: RequestOptions): Promise<void> {
    await this.#client.requestJson('DELETE', path(id), undefined, options);
  }

  /** `GET /automations/{id}/state`. */
  state(id: string, options?: RequestOptions): Promise<AutomationStateWire> {
    return this.#client.requestJson('GET', path(id, '/state'), undefined, options);
  }

  /** `GET /automations/{id}/firings?limit=N`, newest first (`limit` 1–500, server default 50). */
  firings(id: string, limit?: number, options?: RequestOptions): Promise<FiringRecordWire[]> {
    return this.#client.requestJson('GET', path(id, `/firings${limit === undefined ? '' : `?limit=${limit}`}`), undefined, options);
  }

  /** `POST /automations/{id}/explain`: how each trigger treats a stored event. */
  explain(id: string, eventId: string, options?: RequestOptions): Promise<ExplanationWire> {
    return this.#client.requestJson('POST', path(id, '/explain'), { event_id: eventId }, options);
  }

  /** `POST /automations/backtest`: replays stored events in [since, until) through a draft. */
  backtest(request: BacktestRequest, options?: RequestOptions): Promise<BacktestResultWire> {
    return this.#client.requestJson('POST', '/automations/backtest', request, options);
  }

  /** `POST /templates/validate`: a 422 is an answer here (`valid: false`), not an error. */
  async validateTemplate(template: string, options?: RequestOptions): Promise<TemplateCheck> {
    try {
      await this.#client.requestJson('POST', '/templates/validate', template, options);
      return { valid: true };
    } catch (err) {
      const body = (err as { status?: number; body?: { error?: { line?: number; message?: string } } }).body;
      if ((err as { status?: number }).status !== 422 || !body?.error) throw err;
      return { valid: false, line: body.error.line ?? 0, message: body.error.message ?? 'Invalid template' };
    }
  }
}
