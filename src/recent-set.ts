// A bounded memory of recently used keys: the `capacity` most recently added (or refreshed) are
// always remembered, at most twice as many are held, and every operation is O(1).
//
// Why not one insertion-ordered Set or Map with its oldest key evicted (`keys().next()`): V8 keeps
// deleted slots at the front of the table until it rehashes, and that walk cost about 50 µs per
// insertion at 100,000 keys — most of the event loop's ingest work (docs/storage.md "Writer
// thread"). Here keys go into the current generation; when it holds `capacity`, it becomes the
// previous one and the one before is dropped whole.

export class RecentSet {
  readonly #capacity: number;
  #current = new Set<string>();
  #previous = new Set<string>();

  constructor(capacity: number) {
    this.#capacity = Math.max(0, Math.floor(capacity));
  }

  /** Keys held: at least the `capacity` most recently used (when that many were), at most twice that. */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  has(key: string): boolean {
    return this.#current.has(key) || this.#previous.has(key);
  }

  /** Remembers `key` as just used (a key already held is refreshed). */
  add(key: string): void {
    if (this.#capacity === 0) return;
    this.#current.add(key);
    if (this.#current.size < this.#capacity) return;
    this.#previous = this.#current;
    this.#current = new Set();
  }

  clear(): void {
    this.#current = new Set();
    this.#previous = new Set();
  }
}
