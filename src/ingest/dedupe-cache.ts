// An LRU of recently stored (workspace, id) pairs in front of the storage's unique key
// ([arch I4]). A hit means "already committed": the event is answered as a
// duplicate without touching the database. A miss proves nothing — the unique key stays the
// authority — so the cache may be small or off (size 0) without changing behaviour, only cost.
// Prefect's equivalent remembers ~1,000 ids for 5 minutes and is the only de-dup before the
// persister ([compat D10.19]); ours is sized by `dedupeCacheSize` and backed by the database.

export class DedupeCache {
  readonly #capacity: number;
  // Map iteration order is insertion order: the first key is the least recently used.
  readonly #entries = new Map<string, true>();

  constructor(capacity: number) {
    this.#capacity = Math.max(0, Math.floor(capacity));
  }

  get size(): number {
    return this.#entries.size;
  }

  has(workspaceId: string, id: string): boolean {
    const key = cacheKey(workspaceId, id);
    if (!this.#entries.has(key)) return false;
    // Refresh recency: retries of the same event keep it cached.
    this.#entries.delete(key);
    this.#entries.set(key, true);
    return true;
  }

  add(workspaceId: string, id: string): void {
    if (this.#capacity === 0) return;
    const key = cacheKey(workspaceId, id);
    this.#entries.delete(key);
    this.#entries.set(key, true);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}

function cacheKey(workspaceId: string, id: string): string {
  // Ids arrive canonical (lower-case) from validation, exactly as the unique key compares them.
  return workspaceId + ' ' + id;
}
