// Time windows of the feed: relative presets, absolute ranges, the "previous window" step, and the
// histogram's bucket size (never more than 1,000 buckets — the server's cap — and about 120 for a
// readable chart).

import type { TimeUnit } from '@herald/sdk/browser';

export const RANGES = {
  '15m': { label: '15 m', ms: 15 * 60_000, words: 'the last 15 minutes' },
  '1h': { label: '1 h', ms: 3_600_000, words: 'the last hour' },
  '24h': { label: '24 h', ms: 86_400_000, words: 'the last 24 hours' },
  '7d': { label: '7 d', ms: 7 * 86_400_000, words: 'the last 7 days' },
} as const;
export type RangeKey = keyof typeof RANGES;
export const RANGE_KEYS = Object.keys(RANGES) as RangeKey[];
export const DEFAULT_RANGE: RangeKey = '24h';

const MINUTE = 60_000;

/** The window in epoch ms. A relative one ends at the next whole minute, so buckets line up and nothing just posted is cut off. */
export function resolveRange(s: { range?: RangeKey; since?: string; until?: string }, now: number): { since: number; until: number } {
  if (s.since) {
    const since = Date.parse(s.since);
    return { since, until: s.until ? Date.parse(s.until) : Math.ceil(now / MINUTE) * MINUTE };
  }
  const until = Math.ceil((now + 1) / MINUTE) * MINUTE;
  return { since: until - RANGES[s.range ?? DEFAULT_RANGE].ms, until };
}

/** The window of the same length just before this one (absolute). */
export function previousWindow(s: { range?: RangeKey; since?: string; until?: string }, now: number): { since: string; until: string } {
  const { since, until } = resolveRange(s, now);
  return { since: new Date(since - (until - since)).toISOString(), until: new Date(since).toISOString() };
}

export function describeRange(s: { range?: RangeKey; since?: string; until?: string }): string {
  if (s.since) return 'this time range';
  return RANGES[s.range ?? DEFAULT_RANGE].words;
}

const STEPS: { unit: TimeUnit; interval: number; ms: number }[] = [
  { unit: 'second', interval: 1, ms: 1000 },
  { unit: 'second', interval: 5, ms: 5000 },
  { unit: 'second', interval: 15, ms: 15_000 },
  { unit: 'second', interval: 30, ms: 30_000 },
  { unit: 'minute', interval: 1, ms: MINUTE },
  { unit: 'minute', interval: 5, ms: 5 * MINUTE },
  { unit: 'minute', interval: 15, ms: 15 * MINUTE },
  { unit: 'minute', interval: 30, ms: 30 * MINUTE },
  { unit: 'hour', interval: 1, ms: 60 * MINUTE },
  { unit: 'hour', interval: 3, ms: 180 * MINUTE },
  { unit: 'hour', interval: 6, ms: 360 * MINUTE },
  { unit: 'hour', interval: 12, ms: 720 * MINUTE },
  { unit: 'day', interval: 1, ms: 1440 * MINUTE },
  { unit: 'week', interval: 1, ms: 7 * 1440 * MINUTE },
];

/** The finest bucket giving at most `target` buckets over the window (and never above 1,000). */
export function bucketFor(spanMs: number, target = 120): { unit: TimeUnit; interval: number; ms: number } {
  const fit = STEPS.find((s) => spanMs / s.ms <= Math.min(target, 1000));
  return fit ?? STEPS[STEPS.length - 1];
}
