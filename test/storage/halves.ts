// The two halves of Storage as backends of their own: the event suites (conformance.test.ts,
// event-feed-conformance.test.ts) are typed against EventStorageBackend and the automation suites
// (automations-conformance.test.ts, automation-outbox-conformance.test.ts) against
// AutomationStorageBackend, so neither can lean on the other half — each runs against any backend
// that implements its half, whether or not it implements the other.

import type { AutomationStorageBackend, EventStorageBackend, StorageBackend } from '../../src/storage/storage.js';
import { backends, type Backend, type BackendFactory, sqliteThreadsBackend } from './backends.js';

/** A backend seen through one half of the contract (the test helpers of Backend kept). */
export type HalfBackend<S extends StorageBackend> = Omit<Backend, 'storage' | 'open'> & {
  storage: S;
  /** A second handle on the same database (after close: reopening). */
  open(): S;
};

export interface HalfFactory<S extends StorageBackend> {
  name: BackendFactory['name'];
  create(): Promise<HalfBackend<S>>;
}

// Only the type narrows (Storage implements both halves), so a suite cannot reach the other half.
export const eventBackends: HalfFactory<EventStorageBackend>[] = [...backends, sqliteThreadsBackend].map((f) => ({
  name: f.name,
  create: (): Promise<HalfBackend<EventStorageBackend>> => f.create(),
}));

export const automationBackends: HalfFactory<AutomationStorageBackend>[] = backends.map((f) => ({
  name: f.name,
  create: (): Promise<HalfBackend<AutomationStorageBackend>> => f.create(),
}));

/** Runs `test` on a backend of its own (for tests that read or write global state), then drops it. */
export async function withFresh<S extends StorageBackend>(
  factory: HalfFactory<S>,
  test: (b: HalfBackend<S>) => Promise<void>,
): Promise<void> {
  const own = await factory.create();
  try {
    await test(own);
  } finally {
    await own.cleanup();
  }
}
