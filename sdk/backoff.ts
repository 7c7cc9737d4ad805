// Reconnect delays: exponential with "full jitter" so many clients cut off by one server restart do
// not reconnect in lock-step and knock it over again.

import type { HeraldSdkError } from './errors.js';

export interface BackoffOptions {
  /** Upper bound of the first retry delay (default 100 ms). */
  initialDelayMs?: number;
  /** Cap on any delay (default 10 s). */
  maxDelayMs?: number;
}

/** Delay before retry number `attempt` (1-based): random in [cap/2, cap], cap = initial·2^(attempt−1). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialDelayMs ?? 100;
  const max = options.maxDelayMs ?? 10_000;
  const cap = Math.min(max, initial * 2 ** Math.min(attempt - 1, 30));
  return Math.round(cap / 2 + random() * (cap / 2));
}

/** What `onReconnecting` / the `reconnecting` event report before each retry. */
export interface ReconnectNotice {
  /** 1 for the first retry after a failure, growing until a connection succeeds. */
  attempt: number;
  delayMs: number;
  error?: HeraldSdkError;
}
