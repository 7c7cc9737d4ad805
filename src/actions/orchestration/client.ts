// The HTTP client of the orchestration actions ([compat S5.1]): Prefect's actions call Prefect's own REST
// API in-process; Herald has no orchestrator, so it calls a Prefect-compatible API at
// `orchestrationApiUrl` with the same provenance headers, which the API turns into
// `created_by`/`updated_by = {type: "AUTOMATION", …}`.
//
// Response mapping. 409/422/other 4xx (and 3xx: redirects are not followed, like Prefect's httpx
// client) are final: ActionFailed with Prefect's reason texts. Prefect treats 5xx the same way, and
// any *connection* error as an unexpected exception that the bus redelivers without a failed event
// ([compat D10.14]). Herald instead throws ActionRetry for 5xx, 408, 429, timeouts and connection errors (as
// webhooks do): the outbox
// worker retries on `actionRetrySchedule` and reports the last reason once the schedule is exhausted,
// so an orchestrator restart does not lose the action and every failure ends in a failed event.
// Retrying is safe: run-deployment sends an idempotency key, the other calls are idempotent.

import { Buffer } from 'node:buffer';
import { isPlainObject } from '../../events/index.js';
import { ActionFailed, ActionRetry, type ActionDeps, type ActionRun } from '../types.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface OrchestrationResponse {
  status: number;
  /** Parsed JSON, or null for an empty or non-JSON body. */
  body: unknown;
  text: string;
}

/** A final (non-retried) HTTP status; `detail` is the JSON body's `detail`, when it had one. */
export class OrchestrationStatusError extends ActionFailed {
  readonly status: number;
  readonly detail: unknown;
  constructor(reason: string, status: number, detail: unknown) {
    super(reason, { status_code: status });
    this.status = status;
    this.detail = detail;
  }
}

/** Longest response text quoted in a reason (the `response_body` limit of [compat S4.8]). */
const MAX_QUOTED_BODY = 1000;

export class OrchestrationClient {
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #type: string;
  readonly #deps: ActionDeps;

  private constructor(base: string, headers: Record<string, string>, type: string, deps: ActionDeps) {
    this.#base = base;
    this.#headers = headers;
    this.#type = type;
    this.#deps = deps;
  }

  /** The client for one action run; fails the action when no orchestration API is configured. */
  static for(run: ActionRun, deps: ActionDeps): OrchestrationClient {
    const type = run.triggered.action.type;
    const base = deps.settings.orchestrationApiUrl.trim().replace(/\/+$/, '');
    if (base === '') {
      throw new ActionFailed(
        `No orchestration API is configured: set HERALD_ORCHESTRATION_API_URL to a Prefect-compatible API (e.g. http://prefect:4200/api) to use '${type}' actions`,
      );
    }
    const automation = run.triggered.automation;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'Prefect-Automation-ID': automation.id,
      // Base64 because HTTP header values cannot carry arbitrary Unicode names.
      'Prefect-Automation-Name': Buffer.from(automation.name, 'utf8').toString('base64'),
    };
    if (deps.settings.orchestrationApiKey !== '') headers.authorization = `Bearer ${deps.settings.orchestrationApiKey}`;
    return new OrchestrationClient(base, headers, type, deps);
  }

  /** Sends one request; resolves with 2xx responses only (see the mapping above). */
  async request(method: HttpMethod, path: string, body?: unknown): Promise<OrchestrationResponse> {
    const headers = { ...this.#headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const controller = new AbortController();
    let timedOut = false;
    const timeoutMs = this.#deps.settings.webhookTimeout;
    // The injected clock, not AbortSignal.timeout: every wait in Herald is driven by the Clock.
    const timer = this.#deps.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const res = await this.#deps.fetch(this.#base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
        signal: controller.signal,
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      text = await res.text();
    } catch (err) {
      if (timedOut) {
        throw new ActionRetry(`The orchestration API did not answer '${this.#type}' (${method} ${path}) within ${timeoutMs} ms`);
      }
      throw new ActionRetry(`Could not reach the orchestration API for '${this.#type}' (${method} ${path}): ${describeFetchError(err)}`);
    } finally {
      timer.cancel();
    }
    const parsed = parseJson(text);
    if (status >= 200 && status < 300) return { status, body: parsed, text };
    throw this.#statusError(status, parsed, text, retryAfter);
  }

  #statusError(status: number, body: unknown, text: string, retryAfter: string | null): Error {
    const type = this.#type;
    if (status >= 500 || status === 429 || status === 408) {
      return new ActionRetry(`Unexpected status from '${type}' action: ${status}`, {
        details: { status_code: status },
        retryAfterMs: parseRetryAfter(retryAfter, this.#deps.clock.now()),
      });
    }
    const detail = isPlainObject(body) && body.detail !== undefined && body.detail !== null && body.detail !== '' ? body.detail : undefined;
    if ((status === 409 || status === 422) && detail !== undefined) {
      return new OrchestrationStatusError(`Validation error occurred for '${type}' - ${detailText(detail)}`, status, detail);
    }
    if (status === 422) return new OrchestrationStatusError(`Validation error occurred for '${type}'`, status, undefined);
    if (status === 409) {
      return new OrchestrationStatusError(`Conflict (409) occurred for '${type}' - '${text.slice(0, MAX_QUOTED_BODY)}'`, status, undefined);
    }
    return new OrchestrationStatusError(`Unexpected status from '${type}' action: ${status}`, status, detail);
  }
}

/** FastAPI details are strings, or lists of pydantic issues: quote the latter as JSON. */
function detailText(detail: unknown): string {
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Retry-After as delta-seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** undici says only "fetch failed"; the reason (ECONNREFUSED, DNS, TLS) is in `cause`. */
function describeFetchError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && !cause.message.includes(code) ? `${code} ${cause.message}` : cause.message;
  }
  return err.message;
}
