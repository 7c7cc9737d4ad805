// When a failing action is tried again ([arch standard-webhooks]: Standard Webhooks / Svix schedules).
// `actionRetrySchedule` lists the waits in seconds after the 1st, 2nd, … failed attempt; its length
// is the number of retries. Each wait is jittered ±20% so a receiver that went down for everyone
// is not hit by every queued delivery in the same second when it comes back. A receiver's
// Retry-After wins when it asks for longer (capped at 24 h, classify.ts).

import { HeraldError } from '../errors.js';
import { MAX_RETRY_AFTER_MS } from './webhook/classify.js';

export const JITTER = 0.2;

/** The schedule from settings, checked: a JSON array of seconds ≥ 0. */
export function parseRetrySchedule(value: unknown): number[] {
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'number' && Number.isFinite(s) && s >= 0)) {
    throw new HeraldError('HERALD_ERR_CONFIG', {
      name: 'actionRetrySchedule (HERALD_ACTION_RETRY_SCHEDULE)',
      reason: `must be a JSON array of seconds (numbers ≥ 0), got ${JSON.stringify(value)}`,
    });
  }
  return value as number[];
}

/**
 * Milliseconds until the next attempt after `attempts` failed ones, or null when the schedule is
 * exhausted. `random` returns [0, 1) (Math.random; injectable for tests).
 */
export function retryDelayMs(
  schedule: readonly number[],
  attempts: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number | null {
  const index = attempts - 1;
  if (index < 0 || index >= schedule.length) return null;
  const jittered = schedule[index] * 1000 * (1 - JITTER + 2 * JITTER * random());
  const asked = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  return Math.round(Math.max(jittered, asked));
}
