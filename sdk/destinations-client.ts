// DestinationsClient: the destinations API (`/api/destinations`: webhook, Slack, Teams and e-mail
// receivers for notifications) over a HeraldClient's requests. Secret values are write-only: the
// server answers with `secrets_set` (which are set), never the values — except the signing secret it
// generates for a new webhook, returned once by `create` (docs/automations.md "Destinations").

import type { HeraldClient, RequestOptions } from './http-client.js';

export type DestinationType = 'webhook' | 'slack' | 'teams' | 'email';

/** A destination as the server returns it; `config` holds the non-secret settings of its type. */
export interface DestinationWire {
  id: string;
  name: string;
  type: DestinationType;
  /** webhook `{url, method, headers}`; email `{host, port, secure, starttls, username, from, to}`; slack/teams `{}`. */
  config: Record<string, unknown>;
  /** Which secrets are set, as paths (`signing_secrets.0`, `headers.Authorization`, `url`, `password`). */
  secrets_set: string[];
  disabled: boolean;
  disabled_reason: string | null;
  created: string;
  updated: string;
}

/** The answer of `create`: a webhook created without a signing secret carries the generated one, this once. */
export interface CreatedDestinationWire extends DestinationWire {
  signing_secret?: string;
}

/**
 * The body of `create` and `replace`. On replace, `config` is sent in full while `secrets` merge per
 * key: a key given replaces that secret, `null` removes it, an omitted key is kept.
 */
export interface DestinationInput {
  name: string;
  type: DestinationType;
  config?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  /** `false` re-enables a destination a receiver's 410 (or an operator) disabled. */
  disabled?: boolean;
}

/** What one test message got from the receiver (no retries). */
export interface DestinationTestResult {
  ok: boolean;
  status_code: number | null;
  response_body: string | null;
  error: string | null;
}

/** An automation with an action that delivers to a destination. */
export interface DestinationUser {
  id: string;
  name: string;
  enabled: boolean;
}

/** The automations API's page size limit (`POST /automations/filter`). */
const AUTOMATIONS_PAGE = 200;

interface AutomationActions {
  id: string;
  name: string;
  enabled: boolean;
  actions?: unknown[];
  actions_on_trigger?: unknown[];
  actions_on_resolve?: unknown[];
}

export class DestinationsClient {
  readonly #client: HeraldClient;

  constructor(client: HeraldClient) {
    this.#client = client;
  }

  /** `GET /destinations`, oldest first. */
  list(options?: RequestOptions): Promise<DestinationWire[]> {
    return this.#client.requestJson('GET', '/destinations', undefined, options);
  }

  /** `POST /destinations`. Store `signing_secret` now if the answer has one: it is never returned again. */
  create(input: DestinationInput, options?: RequestOptions): Promise<CreatedDestinationWire> {
    return this.#client.requestJson('POST', '/destinations', input, options);
  }

  /** `GET /destinations/{id}`. */
  read(id: string, options?: RequestOptions): Promise<DestinationWire> {
    return this.#client.requestJson('GET', path(id), undefined, options);
  }

  /** `PUT /destinations/{id}`: name and config replaced, secrets merged per key (see DestinationInput). */
  replace(id: string, input: DestinationInput, options?: RequestOptions): Promise<DestinationWire> {
    return this.#client.requestJson('PUT', path(id), input, options);
  }

  /** `DELETE /destinations/{id}`. Automations that use it then fail with "Destination <id> not found". */
  delete(id: string, options?: RequestOptions): Promise<void> {
    return this.#client.requestJson('DELETE', path(id), undefined, options);
  }

  /** `POST /destinations/{id}/test`: one test message through the actions' delivery code (a 410 disables it). */
  test(id: string, options?: RequestOptions): Promise<DestinationTestResult> {
    return this.#client.requestJson('POST', `${path(id)}/test`, undefined, options);
  }

  /**
   * The automations whose actions (on trigger, on resolve, or either) deliver to this destination
   * (`block_document_id`). The server keeps no index of that, so this pages through every automation
   * — what a UI asks before a delete, not something to call per row of a list.
   */
  async usedBy(id: string, options?: RequestOptions): Promise<DestinationUser[]> {
    const users: DestinationUser[] = [];
    for (let offset = 0; ; offset += AUTOMATIONS_PAGE) {
      const page = await this.#client.requestJson<AutomationActions[]>(
        'POST',
        '/automations/filter',
        { limit: AUTOMATIONS_PAGE, offset, sort: 'NAME_ASC' },
        options,
      );
      for (const a of page) {
        const actions = [...(a.actions ?? []), ...(a.actions_on_trigger ?? []), ...(a.actions_on_resolve ?? [])];
        if (actions.some((action) => (action as { block_document_id?: unknown } | null)?.block_document_id === id))
          users.push({ id: a.id, name: a.name, enabled: a.enabled });
      }
      if (page.length < AUTOMATIONS_PAGE) return users;
    }
  }
}

const path = (id: string) => `/destinations/${encodeURIComponent(id)}`;
