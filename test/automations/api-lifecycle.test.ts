// [compat D10.17]: lifecycle events only after the storage write committed — never for a write that failed —
// and the trigger engine is told about every committed change. Real storage on both backends,
// observed through a thin wrapper; a recording EngineControl takes the engine's place to log WHEN it
// is told (the real engine's reaction to changes is tested in engine-semantics and api-insight).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineControl } from '../../src/automations/engine-control.js';
import type { Storage } from '../../src/storage/storage.js';
import { DEFAULT_WORKSPACE_ID } from '../../src/storage/storage.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { backends, type Backend, type BackendFactory } from '../storage/backends.js';
import { automationBody, call, lifecycleEvents, withOverrides } from './api-helpers.js';

describe.each(backends)('automation writes and their after-commit effects ($name)', (factory: BackendFactory) => {
  let backend: Backend;
  let t: TestServer;
  let log: string[];
  let failWrites: boolean;

  /** What the engine saw in storage when it was told about a change. */
  function recordingEngine(storage: Storage): EngineControl {
    return {
      async automationChanged(ws, id) {
        const stored = await storage.automation.automations.get(ws, id);
        log.push(`engine ${id} ${stored ? (stored.enabled ? 'enabled' : 'disabled') : 'gone'}`);
      },
    };
  }

  beforeEach(async () => {
    log = [];
    failWrites = false;
    backend = await factory.create();
    const inner = backend.storage;
    const store = inner.automation.automations;
    const guarded =
      <A extends unknown[], R>(name: string, write: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        if (failWrites) throw new Error('disk on fire');
        const result = await write(...args);
        log.push(`${name} committed`);
        return result;
      };
    const automations = withOverrides(store, {
      create: guarded('create', store.create.bind(store)),
      update: guarded('update', store.update.bind(store)),
      delete: guarded('delete', store.delete.bind(store)),
    });
    const events = withOverrides(inner.events, {
      insertEvents: (ws: string, batch: Parameters<Storage['events']['insertEvents']>[1]) => {
        for (const e of batch) if (e.event.startsWith('prefect.automation.')) log.push(`event ${e.event}`);
        return inner.events.insertEvents(ws, batch);
      },
    });
    const storage = withOverrides(inner, { automation: withOverrides(inner.automation, { automations }), events });
    t = await startTestServer({
      backend: factory.name === 'postgres' ? 'postgres' : 'sqlite',
      overrides: { storage, engine: recordingEngine(storage) },
    });
  });

  afterEach(async () => {
    await t?.close();
    await backend?.cleanup();
  });

  it('commit → engine → lifecycle event, for create, PUT, PATCH and DELETE', async () => {
    const a = (await call(t, 'POST', '/automations/', automationBody())).body;
    await call(t, 'PUT', `/automations/${a.id}`, { name: 'n', trigger: a.trigger, actions: [] });
    await call(t, 'PATCH', `/automations/${a.id}`, { enabled: false });
    await call(t, 'DELETE', `/automations/${a.id}`);
    expect(log).toEqual([
      'create committed',
      `engine ${a.id} enabled`,
      'event prefect.automation.created',
      'update committed',
      `engine ${a.id} enabled`,
      'event prefect.automation.updated',
      'update committed',
      `engine ${a.id} disabled`,
      'event prefect.automation.updated',
      'delete committed',
      `engine ${a.id} gone`,
      'event prefect.automation.deleted',
    ]);
  });

  it('a write that fails emits nothing and tells the engine nothing', async () => {
    const a = (await call(t, 'POST', '/automations/', automationBody())).body;
    log = [];
    failWrites = true;
    const created = await call(t, 'POST', '/automations/', automationBody({ name: 'doomed' }));
    expect(created.status).toBe(500);
    expect((await call(t, 'PUT', `/automations/${a.id}`, { name: 'n', trigger: a.trigger, actions: [] })).status).toBe(500);
    expect((await call(t, 'PATCH', `/automations/${a.id}`, { enabled: false })).status).toBe(500);
    expect((await call(t, 'DELETE', `/automations/${a.id}`)).status).toBe(500);
    expect(log).toEqual([]);
    expect((await lifecycleEvents(backend.storage)).map((e) => e.event)).toEqual(['prefect.automation.created']);
    expect(await backend.storage.automation.automations.count(DEFAULT_WORKSPACE_ID)).toBe(1);
  });
});
