// The engine's in-memory state (buckets and composite child firings) and the write-behind log of
// what changed since the last commit. Memory is the source of truth while running; storage holds
// what was last committed, and a restart reloads it ([arch I8]).

import { DEFAULT_FILTER_LIMITS, microsToTimestamp, parseEventFilter, timestampToMicros } from '../../events/index.js';
import type { Timestamp } from '../../events/types.js';
import type { EventStore } from '../../storage/storage.js';
import type { StateEntry, StateKey } from '../../storage/automation-store.js';
import type { Firing } from '../../model/automation.js';
import type { Bucket } from './buckets.js';

export interface ChildFiring {
  childId: string;
  /** Event time of the child firing, microseconds. */
  at: number;
  firing: Firing;
}

/** Children of one composite, by key, by child trigger id. */
export type CompositeState = Map<string, Map<string, ChildFiring>>;

interface StoredBucket {
  kind: 'bucket';
  start: string;
  end: string;
  count: number;
  /**
   * Only the id of the bucket's last event is stored: the event itself is in the events table, and
   * writing its full JSON on every counted event made state commits several times larger.
   */
  last_event_id: string | null;
}

interface StoredChild {
  kind: 'child';
  at: string;
  firing: Firing;
}

export class EngineState {
  /** trigger id → bucketing key (JSON) → bucket. */
  readonly buckets = new Map<string, Map<string, Bucket>>();
  /** composite trigger id → composite state. */
  readonly composites = new Map<string, CompositeState>();
  /**
   * Pending writes keyed by `automation \0 trigger \0 key`: what to write is read from memory at
   * commit time (encoding once per commit, not once per counted event — the hot path).
   */
  #dirty = new Map<string, { key: StateKey; kind: 'bucket' | 'child'; child?: string; childId?: string }>();

  /** Buckets loaded from storage whose last event must be fetched (see `takeUnresolved`). */
  #unresolved: { bucket: Bucket; eventId: string }[] = [];

  /** Loaded buckets still missing their last event, handed over once (the engine fetches them). */
  takeUnresolved(): { bucket: Bucket; eventId: string }[] {
    const out = this.#unresolved;
    this.#unresolved = [];
    return out;
  }

  get dirtyCount(): number {
    return this.#dirty.size;
  }

  getBucket(triggerId: string, key: string): Bucket | undefined {
    return this.buckets.get(triggerId)?.get(key);
  }

  setBucket(automationId: string, triggerId: string, key: string, bucket: Bucket): void {
    let m = this.buckets.get(triggerId);
    if (!m) this.buckets.set(triggerId, (m = new Map()));
    m.set(key, bucket);
    this.#mark({ automationId, triggerId, key }, 'bucket');
  }

  deleteBucket(automationId: string, triggerId: string, key: string): void {
    this.buckets.get(triggerId)?.delete(key);
    this.#mark({ automationId, triggerId, key }, 'bucket');
  }

  compositeState(triggerId: string): CompositeState {
    let s = this.composites.get(triggerId);
    if (!s) this.composites.set(triggerId, (s = new Map()));
    return s;
  }

  setChild(automationId: string, parentId: string, key: string, child: ChildFiring): void {
    const s = this.compositeState(parentId);
    let m = s.get(key);
    if (!m) s.set(key, (m = new Map()));
    m.set(child.childId, child);
    this.#mark({ automationId, triggerId: parentId, key: childKey(key, child.childId) }, 'child', key, child.childId);
  }

  deleteChild(automationId: string, parentId: string, key: string, childId: string): void {
    const m = this.composites.get(parentId)?.get(key);
    m?.delete(childId);
    if (m && m.size === 0) this.composites.get(parentId)!.delete(key);
    this.#mark({ automationId, triggerId: parentId, key: childKey(key, childId) }, 'child', key, childId);
  }

  /** Forgets every trigger's state in memory (storage is cleared by `clearAutomations`). */
  forgetTriggers(triggerIds: Iterable<string>): void {
    for (const id of triggerIds) {
      this.buckets.delete(id);
      this.composites.delete(id);
    }
  }

  /** Loads one stored entry; false when it is not something this engine wrote. */
  load(entry: StateEntry): boolean {
    const v = entry.value as StoredBucket | StoredChild | null;
    if (v?.kind === 'bucket') {
      let m = this.buckets.get(entry.triggerId);
      if (!m) this.buckets.set(entry.triggerId, (m = new Map()));
      if (!Number.isSafeInteger(v.count)) throw new RangeError(`stored bucket count is not an integer: ${String(v.count)}`);
      const bucket: Bucket = { start: storedTime(v.start), end: storedTime(v.end), count: v.count, lastEvent: null };
      m.set(entry.key, bucket);
      if (v.last_event_id) this.#unresolved.push({ bucket, eventId: v.last_event_id });
      return true;
    }
    if (v?.kind === 'child') {
      const [key, childId] = JSON.parse(entry.key) as [string, string];
      if (typeof key !== 'string' || typeof childId !== 'string' || v.firing === null || typeof v.firing !== 'object') {
        throw new RangeError('stored child firing is malformed');
      }
      const s = this.compositeState(entry.triggerId);
      let m = s.get(key);
      if (!m) s.set(key, (m = new Map()));
      m.set(childId, { childId, at: storedTime(v.at), firing: v.firing });
      return true;
    }
    return false;
  }

  /** Takes the pending writes (and forgets them). */
  takeDirty(): { put: StateEntry[]; del: StateKey[] } {
    const put: StateEntry[] = [];
    const del: StateKey[] = [];
    for (const w of this.#dirty.values()) {
      const value = w.kind === 'bucket' ? this.#storedBucket(w.key) : this.#storedChild(w.key.triggerId, w.child!, w.childId!);
      if (value) put.push({ ...w.key, value });
      else del.push(w.key);
    }
    this.#dirty = new Map();
    return { put, del };
  }

  clear(): void {
    this.#unresolved = [];
    this.buckets.clear();
    this.composites.clear();
    this.#dirty = new Map();
  }

  #mark(key: StateKey, kind: 'bucket' | 'child', child?: string, childId?: string): void {
    const id = `${key.automationId}\0${key.triggerId}\0${key.key}`;
    if (!this.#dirty.has(id)) this.#dirty.set(id, { key, kind, child, childId });
  }

  #storedBucket(k: StateKey): StoredBucket | undefined {
    const b = this.buckets.get(k.triggerId)?.get(k.key);
    if (!b) return undefined;
    return {
      kind: 'bucket',
      start: microsToTimestamp(b.start),
      end: microsToTimestamp(b.end),
      count: b.count,
      last_event_id: b.lastEvent?.id ?? null,
    };
  }

  #storedChild(parentId: string, key: string, childId: string): StoredChild | undefined {
    const c = this.composites.get(parentId)?.get(key)?.get(childId);
    return c ? { kind: 'child', at: microsToTimestamp(c.at), firing: c.firing } : undefined;
  }
}

function childKey(key: string, childId: string): string {
  return JSON.stringify([key, childId]);
}

/**
 * Loaded buckets carry their last event's id; the events come from the events table (one query per
 * 200 ids). An event already deleted by retention leaves its bucket without a last event.
 */
const ID_CHUNK = 200;

export async function resolveLastEvents(
  pending: { bucket: Bucket; eventId: string }[],
  workspaces: Iterable<string>,
  events: Pick<EventStore, 'queryEvents'>,
  now: Timestamp,
): Promise<void> {
  const byId = new Map<string, Bucket[]>();
  for (const { bucket, eventId } of pending) byId.set(eventId, [...(byId.get(eventId) ?? []), bucket]);
  const ids = [...byId.keys()];
  // Its own limits: this internal query must not depend on what users may send (maxFilterListItems).
  const limits = { ...DEFAULT_FILTER_LIMITS, maxListItems: ID_CHUNK, maxTerms: ID_CHUNK };
  for (const workspaceId of workspaces) {
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = ids.slice(i, i + ID_CHUNK);
      const window = { since: '1970-01-01T00:00:00Z', until: '9999-12-31T00:00:00Z' };
      const filter = parseEventFilter({ id: { id: chunk }, occurred: window }, now, [], limits);
      if (!filter.ok) throw new Error('internal: invalid id filter');
      for (const e of await events.queryEvents(workspaceId, { filter: filter.filter, limit: chunk.length })) {
        for (const b of byId.get(e.id) ?? []) b.lastEvent = e;
      }
    }
  }
}

/**
 * A stored time, checked: rows an older version or a manual edit wrote must not become NaN windows
 * that never end (the engine drops an entry whose time throws here, see TriggerEngine#loadEntry).
 */
function storedTime(ts: unknown): number {
  const us = typeof ts === 'string' ? timestampToMicros(ts) : NaN;
  if (!Number.isFinite(us) || microsToTimestamp(us) !== ts) throw new RangeError(`stored time is not a canonical timestamp: ${String(ts)}`);
  return us;
}
