// Shared by the webhook tests: a real server, the management API, sending to /hooks/{slug}, and
// reading back what was stored (events are queried through the public API, as a user would).

import { jsonBody, type TestServer } from '../helpers/server.js';

export interface HookApi {
  call(method: string, path: string, body?: unknown): Promise<Response>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  create(body: Record<string, unknown>): Promise<{ id: string; slug: string; signing_secret?: string } & Record<string, any>>;
  hook(
    slug: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string | Buffer; query?: string },
  ): Promise<Response>;
  /** Events of `name` stored since the test began, oldest first. */
  events(name: string, extra?: Record<string, unknown>): Promise<Record<string, any>[]>;
}

export function hookApi(t: () => TestServer): HookApi {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${t().url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    call,
    async create(body) {
      const res = await call('POST', '/webhooks', body);
      if (res.status !== 201) throw new Error(`create webhook: ${res.status} ${await res.text()}`);
      return jsonBody(res);
    },
    hook(slug, init = {}) {
      return fetch(`${t().baseUrl}/hooks/${slug}${init.query ?? ''}`, {
        method: init.method ?? 'POST',
        headers: init.headers,
        body: init.body as string | undefined,
      });
    },
    async events(name, extra = {}) {
      const res = await call('POST', '/events/filter', {
        filter: { event: { name: [name] }, order: 'ASC', occurred: { since: '2000-01-01T00:00:00Z' }, ...extra },
        limit: 50,
      });
      if (res.status !== 200) throw new Error(`filter: ${res.status} ${await res.text()}`);
      return (await jsonBody(res)).events;
    },
  };
}
