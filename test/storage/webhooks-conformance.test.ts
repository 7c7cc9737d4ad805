// The webhook store on both backends ([arch I9]): JSON settings round-trip, slugs unique across
// workspaces (a taken slug inserts nothing, so the service can draw again), lookups scoped to the
// workspace except by slug, and update/delete reporting whether the webhook existed.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookRecord, WebhookStore } from '../../src/storage/webhook-store.js';
import { backends, type Backend, type BackendFactory } from './backends.js';

function record(workspaceId: string, overrides: Partial<WebhookRecord> = {}): WebhookRecord {
  return {
    id: randomUUID(),
    workspaceId,
    slug: randomUUID().replace(/-/g, '').slice(0, 22),
    settings: {
      name: 'Ünïcødé 🚀 "hook"',
      description: 'line\nbreak',
      enabled: true,
      template: '{"event": "{{ body.x }}"}',
      serviceAccountId: null,
      signature: { preset: 'hmac', header: 'x-sig', algorithm: 'sha256', encoding: 'hex', prefix: '' },
      dedupKey: "{{ headers['x-id'] }}",
      rateLimit: { perSecond: 2.5, burst: 5 },
      emitReceived: true,
    },
    secrets: { current: 's3cret', previous: { secret: 'old', expires: '2026-01-02T00:00:00.000000Z' } },
    created: '2026-01-01T00:00:00.000001Z',
    updated: '2026-01-01T00:00:00.000002Z',
    ...overrides,
  };
}

describe.each(backends)('Webhook storage conformance: $name', (factory: BackendFactory) => {
  let b: Backend;
  let store: WebhookStore;
  beforeAll(async () => {
    b = await factory.create();
    store = b.storage.webhooks;
  });
  afterAll(async () => {
    await b?.cleanup();
  });

  it('round-trips a webhook exactly and finds it by id in its workspace and by slug from anywhere', async () => {
    const ws = randomUUID();
    const hook = record(ws);
    expect(await store.create(hook)).toBe(true);
    expect(await store.get(ws, hook.id)).toEqual(hook);
    expect(await store.get(randomUUID(), hook.id)).toBeNull();
    expect(await store.bySlug(hook.slug)).toEqual(hook);
    expect(await store.bySlug('no-such-slug')).toBeNull();
  });

  it('refuses a taken slug, even in another workspace, by inserting nothing', async () => {
    const first = record(randomUUID());
    expect(await store.create(first)).toBe(true);
    const clash = record(randomUUID(), { slug: first.slug });
    expect(await store.create(clash)).toBe(false);
    expect(await store.get(clash.workspaceId, clash.id)).toBeNull();
  });

  it('lists oldest first, updates every field but the id and workspace, and deletes', async () => {
    const ws = randomUUID();
    const older = record(ws, { created: '2026-01-01T00:00:00.000000Z' });
    const newer = record(ws, { created: '2026-01-02T00:00:00.000000Z' });
    await store.create(newer);
    await store.create(older);
    expect((await store.list(ws)).map((h) => h.id)).toEqual([older.id, newer.id]);
    const changed: WebhookRecord = {
      ...older,
      slug: 'rotated-slug-000000000a',
      settings: { ...older.settings, enabled: false, signature: null, rateLimit: null },
      secrets: { current: null, previous: null },
      updated: '2026-01-03T00:00:00.000000Z',
    };
    expect(await store.update(changed)).toBe(true);
    expect(await store.get(ws, older.id)).toEqual(changed);
    expect(await store.bySlug(older.slug)).toBeNull();
    expect(await store.update({ ...changed, id: randomUUID() })).toBe(false);
    expect(await store.delete(ws, older.id)).toBe(true);
    expect(await store.delete(ws, older.id)).toBe(false);
    expect((await store.list(ws)).map((h) => h.id)).toEqual([newer.id]);
  });
});
