// A cache of recently stored (workspace, id) pairs in front of the storage's unique key
// ([arch I4]). A hit means "already committed": the event is answered as a
// duplicate without touching the database. A miss proves nothing — the unique key stays the
// authority — so the cache may be small or off (size 0) without changing behaviour, only cost.
// Prefect's equivalent remembers ~1,000 ids for 5 minutes and is the only de-dup before the
// persister ([compat D10.19]); ours is sized by `dedupeCacheSize` and backed by the database.
//
// Two generations instead of one LRU Map: evicting a Map's oldest key (`keys().next()`) walks the
// deleted slots V8 keeps at the front of the table until it rehashes — about 50 µs per event at
// 100,000 ids, which was most of the event loop's ingest work (docs/storage.md "Writer thread").
// Here ids go into the current generation; when it holds `capacity`, it becomes the previous one
// and the one before is dropped whole. So the `capacity` most recently used ids are always
// remembered (at most twice as many are held), each operation is O(1).

export class DedupeCache {
  readonly #capacity: number;
  #current = new Set<string>();
  #previous = new Set<string>();

  constructor(capacity: number) {
    this.#capacity = Math.max(0, Math.floor(capacity));
  }

  /** Ids held: at least the `capacity` most recently used (when that many were), at most twice that. */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  has(workspaceId: string, id: string): boolean {
    const key = cacheKey(workspaceId, id);
    if (this.#current.has(key)) return true;
    if (!this.#previous.has(key)) return false;
    // Refresh recency: retries of the same event keep it cached.
    this.#remember(key);
    return true;
  }

  add(workspaceId: string, id: string): void {
    if (this.#capacity === 0) return;
    this.#remember(cacheKey(workspaceId, id));
  }

  #remember(key: string): void {
    this.#current.add(key);
    if (this.#current.size < this.#capacity) return;
    this.#previous = this.#current;
    this.#current = new Set();
  }
}

function cacheKey(workspaceId: string, id: string): string {
  // Ids arrive canonical (lower-case) from validation, exactly as the unique key compares them.
  return workspaceId + ' ' + id;
}
