// A cache of recently stored (workspace, id) pairs in front of the storage's unique key
// ([arch I4]). A hit means "already committed": the event is answered as a
// duplicate without touching the database. A miss proves nothing — the unique key stays the
// authority — so the cache may be small or off (size 0) without changing behaviour, only cost.
// Prefect's equivalent remembers ~1,000 ids for 5 minutes and is the only de-dup before the
// persister ([compat D10.19]); ours is sized by `dedupeCacheSize` and backed by the database.

import { RecentSet } from '../recent-set.js';

export class DedupeCache {
  readonly #recent: RecentSet;

  constructor(capacity: number) {
    this.#recent = new RecentSet(capacity);
  }

  /** Ids held: at least the `capacity` most recently used (when that many were), at most twice that. */
  get size(): number {
    return this.#recent.size;
  }

  has(workspaceId: string, id: string): boolean {
    const key = cacheKey(workspaceId, id);
    if (!this.#recent.has(key)) return false;
    // Refresh recency: retries of the same event keep it cached.
    this.#recent.add(key);
    return true;
  }

  add(workspaceId: string, id: string): void {
    this.#recent.add(cacheKey(workspaceId, id));
  }
}

function cacheKey(workspaceId: string, id: string): string {
  // Ids arrive canonical (lower-case) from validation, exactly as the unique key compares them.
  return workspaceId + ' ' + id;
}
