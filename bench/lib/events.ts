// The benchmarks' event generator: one "realistic" Prefect-style event (~640 B as stored: UUIDv7 id,
// 3 resource labels, 2 related resources, small payload), so figures from different benches compare.
import { uuidv7 } from '../../sdk/index.js';
import type { Event, ReceivedEvent } from '../../src/events/types.js';

/** Time-ordered UUIDv7 (the SDK's): `uuidv7(ms)` embeds `ms`, ids made in one process sort in creation order. */
export { uuidv7 };

/** A wire timestamp (microsecond precision, as Prefect writes them) for `ms` since the epoch. */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

const STATES = ['COMPLETED', 'FAILED', 'RUNNING', 'PENDING', 'CANCELLED'] as const;

export interface RealisticOptions {
  /**
   * Event-name mix: `completed` (default) — every event is `prefect.flow-run.Completed`; `states` —
   * cycles through five flow-run states (Completed, Failed, Running, Pending, Cancelled).
   */
  names?: 'completed' | 'states';
  /** Adds `initial_state` / `validated_state` to the payload (about +85 B), as a state change carries. */
  stateDetail?: boolean;
}

/** What an SDK caller writes (an `EventInput`): the event without id, occurred and follows. */
export type EventContent = Pick<Event, 'event' | 'resource' | 'related' | 'payload'>;

/** The n-th realistic event as an SDK caller writes it (no id, occurred or follows yet). */
export function realisticInput(n: number, options: RealisticOptions = {}): EventContent {
  const state = options.names === 'states' ? STATES[n % STATES.length] : 'COMPLETED';
  const run = (n % 5000).toString(16).padStart(8, '0');
  return {
    event: `prefect.flow-run.${state[0]}${state.slice(1).toLowerCase()}`,
    resource: {
      'prefect.resource.id': `prefect.flow-run.0198c4b2-${run}-7000-8000-00000000${run.slice(0, 4)}`,
      'prefect.resource.name': `crimson-otter-${n % 997}`,
      'prefect.state-type': state,
    },
    related: [
      { 'prefect.resource.id': `prefect.flow.9c1a${run}`, 'prefect.resource.role': 'flow', 'prefect.resource.name': 'etl' },
      { 'prefect.resource.id': 'prefect.tag.nightly', 'prefect.resource.role': 'tag' },
    ],
    payload: {
      intended: { from: 'RUNNING', to: state },
      attempt: n % 3,
      worker: 'bench',
      ...(options.stateDetail ? { initial_state: { type: 'RUNNING', name: 'Running' }, validated_state: { type: state } } : {}),
    },
  };
}

/** The n-th realistic event as a client sends it: UUIDv7 id for `occurredMs` (default: now). */
export function realisticEvent(n: number, options: RealisticOptions & { occurredMs?: number } = {}): Event {
  const ms = options.occurredMs ?? Date.now();
  return { occurred: timestamp(ms), ...realisticInput(n, options), id: uuidv7(ms), follows: null };
}

/**
 * The n-th realistic event as storage holds it, for storage-level benches: `received` is `receivedMs`
 * if given, else the same as `occurred`.
 */
export function receivedEvent(n: number, options: RealisticOptions & { occurredMs?: number; receivedMs?: number } = {}): ReceivedEvent {
  const e = realisticEvent(n, options);
  return { ...e, received: options.receivedMs === undefined ? e.occurred : timestamp(options.receivedMs) };
}
