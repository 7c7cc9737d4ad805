// Small HTTP helpers for the automations API tests: a real server, real requests.
import { MAX_TIMESTAMP, MIN_TIMESTAMP } from '../../src/events/index.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import { DEFAULT_WORKSPACE_ID, type Storage } from '../../src/storage/storage.js';
import type { TestServer } from '../helpers/server.js';

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

export async function call(t: Pick<TestServer, 'url'>, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : undefined };
}

export const DEPLOYMENT_A = '5d0c6a3e-1b2c-4d5e-8f90-1a2b3c4d5e6f';
export const DEPLOYMENT_B = '6e1d7b4f-2c3d-4e6f-9a01-2b3c4d5e6f70';

export function automationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'crashed runs',
    description: 'restart them',
    tags: ['ops'],
    trigger: {
      type: 'event',
      match: { 'prefect.resource.id': 'prefect.flow-run.*' },
      expect: ['prefect.flow-run.Crashed'],
      for_each: ['prefect.resource.id'],
      posture: 'Reactive',
      threshold: 1,
      within: 0,
    },
    actions: [{ type: 'run-deployment', deployment_id: DEPLOYMENT_A, parameters: { run: '{{ event.resource.id }}' } }],
    ...overrides,
  };
}

/** Stored `prefect.automation.*` events, oldest first. */
export async function lifecycleEvents(storage: Storage): Promise<ReceivedEvent[]> {
  return storage.events.queryEvents(DEFAULT_WORKSPACE_ID, {
    filter: { occurred: { since: MIN_TIMESTAMP, until: MAX_TIMESTAMP }, event: { prefix: ['prefect.automation.'] }, order: 'ASC' },
    limit: 50,
  });
}

/** A view of `target` whose listed methods are replaced (others delegate, bound to the original). */
export function withOverrides<T extends object>(target: T, overrides: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(obj, prop) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof T];
      const value = Reflect.get(obj, prop, obj) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(obj) : value;
    },
  });
}
