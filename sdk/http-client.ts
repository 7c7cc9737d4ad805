// HeraldClient: the request/response half of the SDK over HTTP — emit a batch, query with paging,
// count. For a steady stream of events use EventsWorker (one WebSocket, acks, bounded queue).

import type { Countable, Event, EventCount, EventFilterInput, HeraldEventPage, ReceivedEvent, TimeUnit } from './wire-types.js';
import { type EventInput, type EventLimits, defaultEventLimits, prepareEvent } from './build-event.js';
import { type Clock, awaitedClock, delay } from './clock.js';
import { apiRoot } from './endpoint.js';
import { HeraldSdkError, describeValidationDetail } from './errors.js';

export interface HeraldClientOptions {
  /** Server base URL, e.g. `http://127.0.0.1:4200` (the API is under `/api`). */
  url: string;
  /** Sent as `Authorization: Bearer <key>` when the server has an API key. */
  apiKey?: string;
  /** Replacement for the global fetch (proxies, instrumentation). */
  fetch?: typeof fetch;
  /** Local validation limits; default to the server's defaults. */
  limits?: Partial<EventLimits>;
  /** Retries of a request answered 429/503 or not answered at all (default 3). Safe: ids de-dup. */
  retries?: number;
  clock?: Clock;
}

export interface EmitResult {
  events: Event[];
  /** Ids stored by this request. */
  accepted: string[];
  /** Ids the server already had (stored once, not again). */
  duplicates: string[];
}

export interface QueryOptions {
  /** Stop after this many events in total (default: all pages). */
  limit?: number;
  /** Events per request, at most 50 (the server's cap, [compat S2.2]). */
  pageSize?: number;
}

/** Per-request options of the query calls. */
export interface RequestOptions {
  /** Cancels the request (e.g. a UI whose filter changed); the call rejects with the signal's reason, unretried. */
  signal?: AbortSignal;
}

export interface CountByOptions extends RequestOptions {
  timeUnit?: TimeUnit;
  timeInterval?: number;
}

/** Results of `queryEvents`: iterate it; `total` is known once the first page has arrived. */
export interface EventQueryResult extends AsyncIterable<ReceivedEvent> {
  readonly total: number | undefined;
}

export class HeraldClient {
  readonly #api: string;
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #limits: EventLimits;
  readonly #retries: number;
  readonly #clock: Clock;

  constructor(options: HeraldClientOptions) {
    this.#api = apiRoot(options.url);
    this.#apiKey = options.apiKey || undefined;
    // Called unbound: a browser's fetch throws "Illegal invocation" when called as a method of
    // another object (this.#fetch(...) would make the client its `this`).
    const fetchFn = options.fetch ?? globalThis.fetch;
    this.#fetch = (input, init) => fetchFn(input, init);
    this.#limits = { ...defaultEventLimits, ...options.limits };
    this.#retries = options.retries ?? 3;
    this.#clock = options.clock ?? awaitedClock;
  }

  /** Sends one event; resolves once it is durably stored. Throws on invalid input before sending. */
  async emitEvent(input: EventInput): Promise<Event> {
    const { events } = await this.emitEvents([input]);
    return events[0];
  }

  /** Sends a batch in one request (all or nothing: one invalid event fails the batch). */
  async emitEvents(inputs: readonly EventInput[]): Promise<EmitResult> {
    const now = this.#clock.now();
    const prepared = inputs.map((input) => prepareEvent(input, now, this.#limits));
    const events = prepared.map((p) => p.event);
    const body = `[${prepared.map((p) => p.json).join(',')}]`;
    // Herald answers 200 with accepted/duplicate ids; a Prefect server ignores the header and sends 204.
    const res = await this.#request('POST', '/events', body, { Prefer: 'return=representation' });
    if (res.status === 204) return { events, accepted: events.map((e) => e.id), duplicates: [] };
    const answer = (await res.json()) as { accepted?: string[]; duplicates?: string[] };
    return { events, accepted: answer.accepted ?? [], duplicates: answer.duplicates ?? [] };
  }

  /** First page of a query (at most 50 events; [compat S2.2]). */
  async queryPage(filter: EventFilterInput = {}, limit = 50, options: RequestOptions = {}): Promise<HeraldEventPage> {
    const body = JSON.stringify({ filter, limit: Math.min(limit, 50) });
    const res = await this.#request('POST', '/events/filter', body, {}, options.signal);
    return (await res.json()) as HeraldEventPage;
  }

  /** Follows a `next_page` link verbatim ([compat S8.5]). */
  async nextPage(nextPageUrl: string, options: RequestOptions = {}): Promise<HeraldEventPage> {
    const res = await this.#request('GET', nextPageUrl, undefined, {}, options.signal);
    return (await res.json()) as HeraldEventPage;
  }

  /** Every event matching `filter`, page after page (server order: `filter.order`, default DESC). */
  queryEvents(filter: EventFilterInput = {}, options: QueryOptions = {}): EventQueryResult {
    const client = this;
    const limit = options.limit ?? Infinity;
    const pageSize = Math.min(options.pageSize ?? 50, 50, limit);
    let total: number | undefined;
    return {
      get total() {
        return total;
      },
      async *[Symbol.asyncIterator]() {
        let yielded = 0;
        let page = await client.queryPage(filter, pageSize);
        total = page.total;
        for (;;) {
          for (const event of page.events) {
            if (yielded >= limit) return;
            yielded++;
            yield event;
          }
          if (!page.next_page || yielded >= limit || page.events.length === 0) return;
          page = await client.nextPage(page.next_page);
        }
      },
    };
  }

  /** `POST /events/count-by/{countable}` ([compat S2.4]). */
  async countBy(countable: Countable, filter: EventFilterInput = {}, options: CountByOptions = {}): Promise<EventCount[]> {
    const body = { filter, time_unit: options.timeUnit ?? 'day', time_interval: options.timeInterval ?? 1 };
    const res = await this.#request('POST', `/events/count-by/${countable}`, JSON.stringify(body), {}, options.signal);
    return (await res.json()) as EventCount[];
  }

  /**
   * Any JSON endpoint of the API (`path` under `/api`, or an absolute URL): sends `body` as JSON,
   * returns the parsed answer (`undefined` for 204). The typed clients (AutomationsClient,
   * DestinationsClient) are built on it; non-2xx answers throw HeraldSdkError like every call.
   */
  async requestJson<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const res = await this.#request(method, path, body === undefined ? undefined : JSON.stringify(body), {}, options.signal);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async #request(
    method: string,
    pathOrUrl: string,
    body: string | undefined,
    extraHeaders: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<Response> {
    const url = /^https?:/.test(pathOrUrl) ? pathOrUrl : this.#api + pathOrUrl;
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.#apiKey) headers.authorization = `Bearer ${this.#apiKey}`;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.#fetch(url, { method, headers, body, signal });
      } catch (err) {
        // Cancelled by the caller: not a failure to retry or to report as unreachable.
        if (signal?.aborted) throw signal.reason;
        if (attempt < this.#retries) {
          await delay(this.#clock, 200 * 2 ** attempt);
          continue;
        }
        const reason = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new HeraldSdkError(
          'HERALD_SDK_UNREACHABLE',
          `Cannot reach Herald at ${url}: ${reason?.code ?? reason?.message ?? (err as Error).message}`,
          { cause: err },
        );
      }
      if (res.ok) return res;
      if ((res.status === 429 || res.status === 503) && attempt < this.#retries) {
        // The server is shedding load (429) or restarting (503): wait as told, then retry.
        const retryAfterS = Number(res.headers.get('retry-after'));
        await res.body?.cancel();
        await delay(this.#clock, Number.isFinite(retryAfterS) && retryAfterS > 0 ? retryAfterS * 1000 : 500 * 2 ** attempt);
        continue;
      }
      throw await httpError(method, url, res);
    }
  }
}

/** The SDK error for a non-2xx answer: Prefect's or Herald's error body summarised in the message. */
export async function httpError(method: string, url: string, res: Response): Promise<HeraldSdkError> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const detail = b.exception_detail ?? (Array.isArray(b.detail) ? b.detail : undefined);
  const summary = [
    b.exception_message ?? b.message ?? (typeof b.detail === 'string' ? b.detail : undefined),
    detail ? describeValidationDetail(detail) : undefined,
  ]
    .filter(Boolean)
    .join(' — ');
  const code = res.status === 401 ? 'HERALD_SDK_UNAUTHORIZED' : 'HERALD_SDK_HTTP';
  const message = `${method} ${url} failed: ${res.status} ${res.statusText}${summary ? ': ' + summary : typeof body === 'string' && body ? ': ' + body.slice(0, 200) : ''}`;
  return new HeraldSdkError(code, message, {
    status: res.status,
    body,
    detail,
    serverCode: typeof b.code === 'string' ? b.code : undefined,
  });
}
