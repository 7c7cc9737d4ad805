// Per-webhook token buckets (docs/webhooks.md "Rate limit"): a webhook with `rate_limit` takes at
// most `burst` requests at once and `per_second` on average; beyond that the sender is told when to
// come back (429 + Retry-After). Per process, in memory: with several processes each has its own
// buckets (the limit protects the server, it is not a quota), and a restart refills them.

import type { Clock } from '../clock.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets of webhooks not seen for this long are dropped (a full bucket is no bucket). */
const IDLE_MS = 10 * 60_000;

export class WebhookRateLimiter {
  readonly #clock: Clock;
  readonly #buckets = new Map<string, Bucket>();
  #lastSweep = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Takes a token for webhook `id`; null when taken, else the seconds until one is available. */
  take(id: string, limit: { perSecond: number; burst: number }): number | null {
    const now = this.#clock.now();
    this.#sweep(now);
    const bucket = this.#buckets.get(id) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
    bucket.at = now;
    this.#buckets.set(id, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
  }

  /** Forgets a webhook's bucket (its limit changed, or it was deleted). */
  forget(id: string): void {
    this.#buckets.delete(id);
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < IDLE_MS) return;
    this.#lastSweep = now;
    for (const [id, bucket] of this.#buckets) if (now - bucket.at > IDLE_MS) this.#buckets.delete(id);
  }
}
