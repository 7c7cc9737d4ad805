// The engine's in-memory state (buckets and composite child firings) and the write-behind log of
// what changed since the last commit. Memory is the source of truth while running; storage holds
// what was last committed, and a restart reloads it (ARCHITECTURE.md invariant 8).

import { microsToTimestamp, timestampToMicros } from '../../events/index.js';
import type { ReceivedEvent } from '../../events/types.js';
import type { StateEntry, StateKey } from '../../storage/automation-store.js';
import type { Firing } from '../model.js';
import type { Bucket } from './buckets.js';
import type { ChildFiring, CompositeState } from './composites.js';

interface StoredBucket {
  kind: 'bucket';
  start: string;
  end: string;
  count: number;
  last_event: ReceivedEvent | null;
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
  /** Pending writes keyed by `automation \0 trigger \0 key`: an entry to put, or a key to delete. */
  #dirty = new Map<string, { put?: StateEntry; del?: StateKey }>();

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
    const value: StoredBucket = {
      kind: 'bucket',
      start: microsToTimestamp(bucket.start),
      end: microsToTimestamp(bucket.end),
      count: bucket.count,
      last_event: bucket.lastEvent,
    };
    this.#mark({ automationId, triggerId, key }, value);
  }

  deleteBucket(automationId: string, triggerId: string, key: string): void {
    this.buckets.get(triggerId)?.delete(key);
    this.#mark({ automationId, triggerId, key }, undefined);
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
    const value: StoredChild = { kind: 'child', at: microsToTimestamp(child.at), firing: child.firing };
    this.#mark({ automationId, triggerId: parentId, key: childKey(key, child.childId) }, value);
  }

  deleteChild(automationId: string, parentId: string, key: string, childId: string): void {
    const m = this.composites.get(parentId)?.get(key);
    m?.delete(childId);
    if (m && m.size === 0) this.composites.get(parentId)!.delete(key);
    this.#mark({ automationId, triggerId: parentId, key: childKey(key, childId) }, undefined);
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
      m.set(entry.key, { start: timestampToMicros(v.start), end: timestampToMicros(v.end), count: v.count, lastEvent: v.last_event });
      return true;
    }
    if (v?.kind === 'child') {
      const [key, childId] = JSON.parse(entry.key) as [string, string];
      const s = this.compositeState(entry.triggerId);
      let m = s.get(key);
      if (!m) s.set(key, (m = new Map()));
      m.set(childId, { childId, at: timestampToMicros(v.at), firing: v.firing });
      return true;
    }
    return false;
  }

  /** Takes the pending writes (and forgets them). */
  takeDirty(): { put: StateEntry[]; del: StateKey[] } {
    const put: StateEntry[] = [];
    const del: StateKey[] = [];
    for (const w of this.#dirty.values()) {
      if (w.put) put.push(w.put);
      else if (w.del) del.push(w.del);
    }
    this.#dirty = new Map();
    return { put, del };
  }

  clear(): void {
    this.buckets.clear();
    this.composites.clear();
    this.#dirty = new Map();
  }

  #mark(key: StateKey, value: StoredBucket | StoredChild | undefined): void {
    const id = `${key.automationId}\0${key.triggerId}\0${key.key}`;
    this.#dirty.set(id, value === undefined ? { del: key } : { put: { ...key, value } });
  }
}

function childKey(key: string, childId: string): string {
  return JSON.stringify([key, childId]);
}
