// The SDK's view of time. Structurally identical to the server's `Clock` (src/clock.ts) so tests can
// hand the same FakeClock to both, but defined here because the SDK must not import server code.

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds of this clock's time. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
}

/** Wall-clock time; timers are unref'd so a pending retry never keeps a process alive by itself. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    // Node returns a Timeout with unref(); browsers return a number and have no process to keep alive.
    (t as unknown as { unref?: () => void }).unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

/** Resolves after `ms` of `clock` time. */
export function delay(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

/**
 * Wall-clock time whose timers keep the process alive — for waits a caller is awaiting (an HTTP
 * retry, a subscription's reconnect), where exiting mid-wait would abandon the caller.
 */
export const awaitedClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  },
};
