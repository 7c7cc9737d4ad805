// The clock a backtest runs the trigger engine on ([arch I7]): it only moves when the replay moves
// it, and it tells the replay when the engine's next timer is due, so the replay can stop feeding
// events there and let the deadline be judged first — as it would have been live.

import type { Clock, TimerHandle } from '../clock.js';

interface ReplayTimer {
  at: number;
  seq: number;
  fn: () => void;
}

export class ReplayClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Set<ReplayTimer>();

  constructor(startMs: number) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: ReplayTimer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.add(timer);
    return { cancel: () => this.#timers.delete(timer) };
  }

  /** When the earliest pending timer is due (ms), or null. The engine keeps one or two at a time. */
  nextDue(): number | null {
    return this.#earliest()?.at ?? null;
  }

  /** Moves time forward to `ms` without running timers (the replay fires them itself, in order). */
  moveTo(ms: number): void {
    if (ms > this.#now) this.#now = ms;
  }

  /** Runs the earliest timer due at or before `limitMs`, moving time to it; false when there is none. */
  fireNext(limitMs: number): boolean {
    const due = this.#earliest();
    if (!due || due.at > limitMs) return false;
    this.#timers.delete(due);
    this.moveTo(due.at);
    due.fn();
    return true;
  }

  #earliest(): ReplayTimer | undefined {
    let best: ReplayTimer | undefined;
    for (const t of this.#timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    return best;
  }
}
