// What an HTTP answer means for an outbound delivery (Standard Webhooks etiquette, [arch standard-webhooks]).
// Prefect's call-webhook counts any answer, even a 500, as success ([compat D10.15]); Herald does not:
//   2xx                                  → success
//   410 Gone                             → the receiver asked us to stop: disable the destination, fail
//   408, 429, 5xx, timeouts, connections → transient: retry on the schedule, honouring Retry-After
//   other 4xx, 3xx (never followed)      → final failure
//   refused by the SSRF guard, bad URL   → final failure (retrying cannot change the answer)

import { DeliveryError, type DeliveryResponse } from './deliver.js';

export type Verdict =
  | { kind: 'success' }
  | { kind: 'gone'; reason: string }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'fail'; reason: string };

/** Longest Retry-After honoured; a receiver asking for more is retried after this. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

export function classifyResponse(res: Pick<DeliveryResponse, 'status' | 'retryAfter'>, nowMs: number): Verdict {
  const s = res.status;
  if (s >= 200 && s < 300) return { kind: 'success' };
  if (s === 410) return { kind: 'gone', reason: 'HTTP 410 Gone: the receiver asked not to be called again' };
  if (s === 408 || s === 429 || s >= 500) {
    const retryAfterMs = res.retryAfter === null ? undefined : parseRetryAfter(res.retryAfter, nowMs);
    return retryAfterMs === undefined ? { kind: 'retry', reason: `HTTP ${s}` } : { kind: 'retry', reason: `HTTP ${s}`, retryAfterMs };
  }
  if (s >= 300 && s < 400) return { kind: 'fail', reason: `HTTP ${s} (redirects are not followed)` };
  return { kind: 'fail', reason: `HTTP ${s}` };
}

export function classifyError(err: unknown): Verdict {
  if (err instanceof DeliveryError) {
    if (err.kind === 'blocked' || err.kind === 'invalid-url') return { kind: 'fail', reason: err.message };
    if (err.kind === 'timeout') return { kind: 'retry', reason: `timed out: ${err.message}` };
    return { kind: 'retry', reason: `connection failed: ${err.message}` };
  }
  return { kind: 'retry', reason: err instanceof Error ? err.message : String(err) };
}

/**
 * Milliseconds to wait from a Retry-After value: delta-seconds (`120`) or an HTTP date; undefined
 * when it is neither. Capped at MAX_RETRY_AFTER_MS; a date in the past means "now" (0).
 */
export function parseRetryAfter(value: string, nowMs: number): number | undefined {
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}
