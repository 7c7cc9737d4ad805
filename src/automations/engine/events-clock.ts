// The engine's events clock ([compat S4.6]): how far event time has got, and up to which event time absence
// may be judged. Reactive evaluation uses each event's own `occurred`; Proactive deadlines are
// judged at `asOf()`, wall time minus the processing lag observed on recent events.

import type { Clock } from '../../clock.js';

export class EventsClock {
  readonly #clock: Clock;
  readonly #lookbackUs: number;
  #lagUs = 0;
  #maxOccurredUs = 0;
  /** The newest event time evaluated (clamped to wall time), or null before the first event. */
  reached: number | null = null;
  /** True while the engine is still reading a backlog (its last page was full). */
  backlog = false;

  constructor(clock: Clock, lookbackUs: number) {
    this.#clock = clock;
    this.#lookbackUs = lookbackUs;
  }

  /** Processing lag, microseconds (timers are scheduled this much after their event-time deadline). */
  get lagUs(): number {
    return this.#lagUs;
  }

  /**
   * The events clock committed before a (re)start: `reached` only moves forward from what was last
   * shown, so a restart does not reset the `events_clock` that GET /automations/{id}/state reads from
   * storage. The lag is not restored: it is re-measured on the next event, as before.
   */
  restoreReached(reachedUs: number | null): void {
    if (reachedUs !== null) this.reached = Math.max(this.reached ?? reachedUs, reachedUs);
  }

  note(occurredUs: number): void {
    const wallUs = this.#clock.now() * 1000;
    const seen = Math.min(occurredUs, wallUs);
    this.#maxOccurredUs = Math.max(this.#maxOccurredUs, seen);
    this.reached = Math.max(this.reached ?? 0, seen);
    // A backfill of old events says nothing about processing lag: it must not hold deadlines back.
    const lag = wallUs - seen;
    if (lag <= this.#lookbackUs) this.#lagUs = lag;
  }

  /**
   * Event time up to which absence can be judged: wall time minus the processing lag; while the
   * engine is still working through a backlog, no later than the newest event it has evaluated —
   * so a restart after downtime never fires windows whose events are still unread.
   */
  asOf(): number {
    const wallUs = this.#clock.now() * 1000;
    if (this.backlog) return Math.min(wallUs, this.#maxOccurredUs);
    return wallUs - this.#lagUs;
  }
}
