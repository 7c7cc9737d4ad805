// Ingest admission: decides, before a request body is read (or a WebSocket frame is parsed into
// the writer), whether Herald can take it in time; if not, ingest answers HERALD_ERR_OVERLOADED
// (429 + Retry-After) at once instead of letting the work pile up.
//
// Why: the writer's queue limit (`writerQueueMax`) only counts validated events waiting to be
// written. Under overload the cost is earlier — bodies being received, JSON-parsed and validated
// all at once on 2 cores — so latency grew to tens of seconds (clients timed out while the server
// went on storing their events) and memory to ~1 GB before the queue ever filled.
//
// What is counted: bytes of every ingest body or frame from the moment it is admitted until its
// events are durable or refused (or its client left and nothing of it is still being written).
// The budget is `maxInflightBytes`, further capped at `targetLatency` × the measured throughput:
// by Little's law, what is in flight divided by the rate it drains at is the time a newly
// admitted request waits. A request larger than the whole budget is still taken when nothing else
// is in flight — otherwise it could never succeed, however long its client waited.
//
// Throughput is bytes finished per second of *processing* time (some ticket's body fully received
// and not yet released): upload time is the client's, so a slow uploader must not make the server
// look slow and shrink everyone's budget. Under light load one request at a time measures latency
// rather than capacity, so the latency cap never goes below `MIN_BUDGET_BYTES`.

import type { Clock } from '../clock.js';
import { HeraldError } from '../errors.js';
import type { HeraldMetrics } from '../metrics.js';

export interface IngestAdmissionOptions {
  clock: Clock;
  /** Bytes of ingest bodies/frames in flight at most (a larger lone request is still taken). */
  maxInflightBytes: number;
  /** Ms of measured throughput the in-flight budget may hold; 0 = the byte budget only. */
  targetLatency: number;
  metrics?: HeraldMetrics;
  /** Events waiting in the writer, named in the refusal's message. */
  pendingEvents?: () => number;
}

/** One admitted body's (or group of frames') share of the budget. */
export interface AdmissionTicket {
  readonly bytes: number;
  /** Marks the body as fully received: from now on its time counts as processing. Idempotent. */
  start(): void;
  /** Reserves `n` more bytes (a chunked body as it streams in); false = over budget, nothing reserved. */
  grow(n: number): boolean;
  /** Gives the bytes back; idempotent. Call once the events are durable or refused. */
  release(): void;
}

/**
 * Throughput is sampled over at least this much busy time: shorter samples would swing with each
 * group commit (a write of 2,000 events takes ~0.2 s here).
 */
const SAMPLE_MS = 1000;
/** Weight of a new sample in the smoothed throughput. */
const SMOOTHING = 0.3;
/**
 * The latency cap never lowers the budget below this (nor above `maxInflightBytes`): a throughput
 * measured with little in flight is a request's latency, not the server's capacity.
 */
const MIN_BUDGET_BYTES = 1024 * 1024;
/** Retry-After is capped like the writer's: a client told to wait longer would rather fail over. */
const MAX_RETRY_AFTER_S = 60;

export class IngestAdmission {
  readonly #opts: IngestAdmissionOptions;
  #inflight = 0;
  /** Tickets whose body is fully received and not yet released. */
  #processing = 0;
  /** Bytes per second finished while processing, smoothed; 0 = not measured yet. */
  #rate = 0;
  #lastTick: number;
  #busyMs = 0;
  #doneBytes = 0;

  constructor(opts: IngestAdmissionOptions) {
    this.#opts = opts;
    this.#lastTick = opts.clock.now();
    this.#gauges();
  }

  /** Bytes admitted and not yet released. */
  get inflightBytes(): number {
    return this.#inflight;
  }

  /** Bytes per second the server has been finishing ingest work at (0 until measured). */
  get throughput(): number {
    return this.#rate;
  }

  /** The current budget: the byte limit, capped by the latency target once throughput is known. */
  get budgetBytes(): number {
    const { maxInflightBytes, targetLatency } = this.#opts;
    if (targetLatency <= 0 || this.#rate === 0) return maxInflightBytes;
    const latencyCap = Math.max(MIN_BUDGET_BYTES, Math.floor((this.#rate * targetLatency) / 1000));
    return Math.min(maxInflightBytes, latencyCap);
  }

  /** A ticket for `bytes`, or null when they do not fit (the caller refuses with `overloaded()`). */
  tryAdmit(bytes: number): AdmissionTicket | null {
    if (!this.#fits(bytes, 0)) return null;
    this.#inflight += bytes;
    this.#gauges();
    return this.#ticket(bytes);
  }

  /** Like `tryAdmit`, but throws HERALD_ERR_OVERLOADED when the bytes do not fit. */
  admit(bytes: number): AdmissionTicket {
    const ticket = this.tryAdmit(bytes);
    if (!ticket) throw this.overloaded();
    return ticket;
  }

  /** The refusal to answer (counted in `herald_ingest_overloaded_total`). */
  overloaded(): HeraldError {
    this.#opts.metrics?.overloaded.inc();
    return new HeraldError('HERALD_ERR_OVERLOADED', {
      depth: this.#opts.pendingEvents?.() ?? 0,
      inflightBytes: this.#inflight,
      retryAfter: this.retryAfterSeconds(),
    });
  }

  /** Whole seconds until what is in flight has drained at the measured rate (1–60; 1 until measured). */
  retryAfterSeconds(): number {
    if (this.#rate === 0) return 1;
    return Math.min(MAX_RETRY_AFTER_S, Math.max(1, Math.ceil(this.#inflight / this.#rate)));
  }

  /** `own` bytes are already held by the asking ticket: alone in flight, it may grow past the budget. */
  #fits(bytes: number, own: number): boolean {
    const others = this.#inflight - own;
    return others === 0 || this.#inflight + bytes <= this.budgetBytes;
  }

  #ticket(initial: number): AdmissionTicket {
    let bytes = initial;
    let started = false;
    let released = false;
    return {
      get bytes() {
        return bytes;
      },
      start: () => {
        if (started || released) return;
        started = true;
        this.#tick();
        this.#processing++;
      },
      grow: (n) => {
        if (released) return false;
        if (!this.#fits(n, bytes)) return false;
        bytes += n;
        this.#inflight += n;
        this.#gauges();
        return true;
      },
      release: () => {
        if (released) return;
        released = true;
        this.#inflight -= bytes;
        // Only processed bytes measure throughput: a body refused or abandoned mid-upload was not.
        if (started) {
          this.#tick();
          this.#processing--;
          this.#doneBytes += bytes;
          this.#sample();
        }
        this.#gauges();
      },
    };
  }

  /** Accumulates busy time: throughput is measured only while something is being processed. */
  #tick(): void {
    const now = this.#opts.clock.now();
    if (this.#processing > 0) this.#busyMs += Math.max(0, now - this.#lastTick);
    this.#lastTick = now;
  }

  #sample(): void {
    if (this.#busyMs < SAMPLE_MS) return;
    const rate = (this.#doneBytes * 1000) / this.#busyMs;
    this.#rate = this.#rate === 0 ? rate : (1 - SMOOTHING) * this.#rate + SMOOTHING * rate;
    this.#busyMs = 0;
    this.#doneBytes = 0;
  }

  #gauges(): void {
    const m = this.#opts.metrics;
    if (!m) return;
    m.admissionInflightBytes.set(this.#inflight);
    m.admissionBudgetBytes.set(this.budgetBytes);
  }
}
