// A min-heap of deadlines ([compat D10.25]: no periodic full scans). Entries are never removed in place:
// a stale entry (its bucket was deleted or moved) is recognised and skipped when it is popped,
// which keeps every operation O(log n).

export interface Deadline<T> {
  at: number;
  item: T;
}

export class TimerHeap<T> {
  readonly #heap: Deadline<T>[] = [];

  get size(): number {
    return this.#heap.length;
  }

  push(at: number, item: T): void {
    const h = this.#heap;
    h.push({ at, item });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent].at <= h[i].at) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  peek(): Deadline<T> | undefined {
    return this.#heap[0];
  }

  /** Removes and returns the earliest entry due at or before `now`. */
  popDue(now: number): Deadline<T> | undefined {
    const h = this.#heap;
    if (h.length === 0 || h[0].at > now) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].at < h[m].at) m = l;
        if (r < h.length && h[r].at < h[m].at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }

  clear(): void {
    this.#heap.length = 0;
  }
}
