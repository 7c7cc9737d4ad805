import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../sdk/backoff.js';

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap, jittered within the upper half', () => {
    const low = () => 0;
    const high = () => 1;
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, { initialDelayMs: 100, maxDelayMs: 1000 }, high))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(5, { initialDelayMs: 100, maxDelayMs: 1000 }, high)).toBe(1000);
    expect(backoffDelay(60, { initialDelayMs: 100, maxDelayMs: 1000 }, low)).toBe(500);
    expect(backoffDelay(1, {}, low)).toBe(50);
  });
});
