// The automations API as the CLI uses it ([compat S3.2], plus Herald's state/firings/explain).
// Failures are HeraldSdkErrors like the SDK's, so cli-error.ts reports them the same way
// (unreachable → hint to start a server, 401 → hint about the key, 422 → field by field).

import { apiRoot } from '../../sdk/endpoint.js';
import { httpError } from '../../sdk/http-client.js';
import { HeraldSdkError } from '../../sdk/index.js';
import type { BacktestResult } from '../automations/backtest.js';
import type { AutomationStateView, ExplainView } from '../automations/engine-control.js';
import type { Automation } from '../model/automation.js';
import { CliFailure } from './cli-error.js';
import type { Connection } from './connection-options.js';

/** The server's page size cap for POST /automations/filter (Prefect's default limit). */
const PAGE = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class AutomationsClient {
  readonly #api: string;
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof fetch;

  constructor(connection: Connection, fetchImpl: typeof fetch = globalThis.fetch) {
    this.#api = apiRoot(connection.url);
    this.#apiKey = connection.apiKey || undefined;
    this.#fetch = fetchImpl;
  }

  /** Every automation, sorted by name (paged with offset: there are thousands at most). */
  async list(names?: readonly string[]): Promise<Automation[]> {
    const all: Automation[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const body = { sort: 'NAME_ASC', limit: PAGE, offset, automations: names ? { name: { any_: names } } : null };
      const page = (await (await this.#request('POST', '/automations/filter', body)).json()) as Automation[];
      all.push(...page);
      if (page.length < PAGE) return all;
    }
  }

  /** Null when there is no automation with this id. */
  async get(id: string): Promise<Automation | null> {
    try {
      return (await (await this.#request('GET', `/automations/${encodeURIComponent(id)}`)).json()) as Automation;
    } catch (err) {
      if (err instanceof HeraldSdkError && err.status === 404) return null;
      throw err;
    }
  }

  async create(body: Record<string, unknown>): Promise<Automation> {
    return (await (await this.#request('POST', '/automations/', body)).json()) as Automation;
  }

  async replace(id: string, body: Record<string, unknown>): Promise<void> {
    await this.#request('PUT', `/automations/${encodeURIComponent(id)}`, body);
  }

  async setEnabled(id: string, enabled: boolean): Promise<void> {
    await this.#request('PATCH', `/automations/${encodeURIComponent(id)}`, { enabled });
  }

  async delete(id: string): Promise<void> {
    await this.#request('DELETE', `/automations/${encodeURIComponent(id)}`);
  }

  async state(id: string): Promise<AutomationStateView> {
    return (await (await this.#request('GET', `/automations/${encodeURIComponent(id)}/state`)).json()) as AutomationStateView;
  }

  async firings(id: string, limit: number): Promise<unknown[]> {
    return (await (await this.#request('GET', `/automations/${encodeURIComponent(id)}/firings?limit=${limit}`)).json()) as unknown[];
  }

  async explain(id: string, eventId: string): Promise<ExplainView> {
    return (await (
      await this.#request('POST', `/automations/${encodeURIComponent(id)}/explain`, { event_id: eventId })
    ).json()) as ExplainView;
  }

  /** POST /automations/backtest: `{automation, since?, until?}` → what it would have fired. */
  async backtest(body: { automation: Record<string, unknown>; since?: string; until?: string }): Promise<BacktestResult> {
    return (await (await this.#request('POST', '/automations/backtest', body)).json()) as BacktestResult;
  }

  /**
   * An automation by id or by name. An id-shaped reference is tried as an id first, then as a name
   * (Prefect allows any text as a name). Several automations with the name → an error listing them.
   */
  async resolve(ref: string): Promise<Automation> {
    if (UUID.test(ref)) {
      const found = await this.get(ref);
      if (found) return found;
    }
    const named = await this.list([ref]);
    if (named.length === 1) return named[0];
    if (named.length === 0) {
      throw new CliFailure(
        `no automation has the ${UUID.test(ref) ? 'id or name' : 'name'} "${ref}" (list them with \`herald automations ls\`)`,
      );
    }
    throw new CliFailure(`${named.length} automations are named "${ref}" (${named.map((a) => a.id).join(', ')}); pass the id instead`);
  }

  async #request(method: string, path: string, body?: unknown): Promise<Response> {
    const url = this.#api + path;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.#apiKey) headers.authorization = `Bearer ${this.#apiKey}`;
    let res: Response;
    try {
      res = await this.#fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      const reason = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new HeraldSdkError(
        'HERALD_SDK_UNREACHABLE',
        `Cannot reach Herald at ${url}: ${reason?.code ?? reason?.message ?? (err as Error).message}`,
        { cause: err },
      );
    }
    if (res.ok) return res;
    throw await httpError(method, url, res);
  }
}

/** What the server said about a rejected automation, one `  - loc: msg` line per problem. */
export function describeRejection(err: HeraldSdkError): string {
  if (Array.isArray(err.detail) && err.detail.length > 0) {
    return err.detail
      .map((d) => {
        const item = (typeof d === 'object' && d !== null ? d : { msg: String(d) }) as { loc?: unknown[]; msg?: unknown; type?: unknown };
        // `loc` starts with "body" (pydantic's request part); in a file the body is the document.
        const loc = Array.isArray(item.loc) ? item.loc.filter((part, i) => !(i === 0 && part === 'body')).join('.') : '';
        return `  - ${loc ? loc + ': ' : ''}${String(item.msg ?? item.type ?? JSON.stringify(d))}`;
      })
      .join('\n');
  }
  const b = (typeof err.body === 'object' && err.body !== null ? err.body : {}) as Record<string, unknown>;
  const said = b.exception_message ?? b.detail ?? b.message ?? (typeof err.body === 'string' ? err.body : undefined);
  return `  - ${typeof said === 'string' && said ? said : err.message}`;
}
