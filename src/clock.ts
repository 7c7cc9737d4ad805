// Every component that waits, windows or expires takes a Clock ([arch I7]).
// Tests drive a FakeClock by hand; nothing in Herald calls Date.now() or setTimeout directly.

// The Clock contract lives in the standalone SDK (which must not import server code); the server
// shares it so one FakeClock drives both in tests.
import type { Clock, TimerHandle } from '../sdk/clock.js';

export { systemClock, type Clock, type TimerHandle } from '../sdk/clock.js';

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** A clock that only moves when told to; timers fire in deadline order during `advance`. */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: PendingTimer[] = [];

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: PendingTimer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn, cancelled: false };
    this.#timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => !t.cancelled && t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = due.at;
      due.fn();
    }
    this.#now = target;
  }

  /** Sets the time directly (forward only). */
  set(to: number | Date): void {
    const t = typeof to === 'number' ? to : to.getTime();
    if (t < this.#now) throw new Error('FakeClock cannot go backwards');
    this.advance(t - this.#now);
  }

  get pendingTimers(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }
}
