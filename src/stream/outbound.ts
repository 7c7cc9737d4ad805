// The write side of one live subscriber, with a bounded number of events "in flight".
//
// [compat D10.21]: Prefect keeps 256 events per subscriber and silently drops the rest. Herald bounds the
// events handed to the socket but not yet written out of the process (counted with `ws` send
// callbacks, which fire once the frame has left for the kernel), and when the bound is hit it stops
// queuing and later sends ONE explicit `dropped` message saying how many events were skipped and from
// which `occurred` to re-query /events/filter — never a silent drop.
//
// The notice is a Herald message type, and Prefect's own subscriber reads `message["event"]` from
// every message without checking its type, so a notice would crash it. Clients that did not opt in
// to notices are therefore told by closing the socket instead (`onFellBehind`): Prefect's client
// reconnects on any non-OK close and backfills from its last event, so it recovers what it missed.

import type { ReceivedEvent, Timestamp } from '../events/types.js';

/** What the outbound side needs from a socket (`wsFrameChannel` in ws-channel.ts adapts a ws WebSocket). */
export interface FrameChannel {
  /** Sends one text frame; `written` (when given) runs once it has left the process (or failed). */
  send(data: Buffer, written?: (err?: Error) => void): void;
  /** Sends several text frames in order (fast path); `written` runs once all have left the process. */
  sendMany?(frames: Buffer[], written: (err?: Error) => void): void;
  /** Runs `fn`, coalescing the frames it sends into as few socket writes as possible. */
  batch?(fn: () => void): void;
}

// Every subscriber that matches an event sends the same bytes: serialise each event once, not once
// per subscriber (with 50 subscribers this was most of the fan-out cost). Keyed by the event object
// the bus delivered, so entries go away with the batch.
const frames = new WeakMap<ReceivedEvent, Buffer>();

export function eventFrame(event: ReceivedEvent): Buffer {
  let frame = frames.get(event);
  if (!frame) {
    frame = Buffer.from(JSON.stringify({ type: 'event', event }));
    frames.set(event, frame);
  }
  return frame;
}

export interface DroppedNotice {
  type: 'dropped';
  count: number;
  /** Earliest `occurred` among the dropped events: re-query from here to catch up. */
  since: Timestamp;
  detail: string;
}

export class BoundedOutbound {
  readonly #channel: FrameChannel;
  readonly #limit: number;
  #inFlight = 0;
  #dropped: { count: number; since: Timestamp } | null = null;
  #roomWaiters: (() => void)[] = [];
  /** Frames of the batch being built (see `batch`), else null. */
  #batch: Buffer[] | null = null;
  #closed = false;
  readonly #onFellBehind: ((since: Timestamp) => void) | undefined;

  /**
   * @param onFellBehind when given, the first event that does not fit ends the subscription (this
   *   outbound closes and the callback is told from which `occurred` the client missed events)
   *   instead of dropping with a later `dropped` notice.
   */
  constructor(channel: FrameChannel, limit: number, onFellBehind?: (since: Timestamp) => void) {
    this.#channel = channel;
    this.#limit = Math.max(1, limit);
    this.#onFellBehind = onFellBehind;
  }

  /** Events sent but not yet written out of the process. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Whether new events are currently being dropped (a notice is owed). */
  get falling(): boolean {
    return this.#dropped !== null;
  }

  /** Free slots, given `queued` events the caller holds for later sending. */
  room(queued = 0): number {
    return this.#limit - this.#inFlight - queued;
  }

  /**
   * Sends `event` unless the buffer is full or a notice is still owed; then the event is counted as
   * dropped. Once dropping starts it continues until the notice is out, so the client's re-query from
   * `since` covers one contiguous stretch of what it missed.
   */
  offer(event: ReceivedEvent, queued = 0): boolean {
    if (this.#closed) return false;
    if (this.#dropped || this.room(queued) <= 0) {
      this.#drop(event);
      return false;
    }
    this.send(event);
    return true;
  }

  /** Sends unconditionally (backfill pages and already-admitted events). */
  send(event: ReceivedEvent): void {
    this.#write(eventFrame(event));
  }

  /**
   * Runs `fn` and sends the frames it produced together: one coalesced socket write and ONE write
   * callback for the lot (frames on a socket are written in order, so the last one's callback
   * covers them all). Per-frame callbacks were a large share of fan-out CPU and garbage.
   */
  batch(fn: () => void): void {
    if (this.#batch) return fn();
    const frames: Buffer[] = (this.#batch = []);
    try {
      fn();
    } finally {
      this.#batch = null;
      if (frames.length > 0) this.#flush(frames);
    }
  }

  /** Resolves once there is room for more (or the subscriber closed): backfill waits here. */
  whenRoom(): Promise<void> {
    if (this.#closed || this.room() > 0) return Promise.resolve();
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  close(): void {
    this.#closed = true;
    for (const wake of this.#roomWaiters.splice(0)) wake();
  }

  #drop(event: ReceivedEvent): void {
    if (this.#onFellBehind) {
      this.close();
      this.#onFellBehind(event.occurred);
      return;
    }
    if (!this.#dropped) this.#dropped = { count: 0, since: event.occurred };
    this.#dropped.count++;
    if (event.occurred < this.#dropped.since) this.#dropped.since = event.occurred;
  }

  #write(frame: Buffer): void {
    this.#inFlight++;
    if (this.#batch) this.#batch.push(frame);
    else this.#flush([frame]);
  }

  #flush(frames: Buffer[]): void {
    const done = () => {
      // Also on error: the socket is then closing and `close()` follows.
      this.#inFlight -= frames.length;
      this.#onWritten();
    };
    if (this.#channel.sendMany) return this.#channel.sendMany(frames, done);
    const last = frames.length - 1;
    const sendAll = () => {
      for (let i = 0; i < last; i++) this.#channel.send(frames[i]);
      this.#channel.send(frames[last], done);
    };
    if (this.#channel.batch) this.#channel.batch(sendAll);
    else sendAll();
  }

  #onWritten(): void {
    if (this.#closed || this.room() <= 0) return;
    if (this.#dropped) {
      const { count, since } = this.#dropped;
      this.#dropped = null;
      const notice: DroppedNotice = {
        type: 'dropped',
        count,
        since,
        detail:
          `This subscriber fell behind and ${count} matching event(s) were not delivered. ` +
          `Re-query /events/filter from this occurred (since) to catch up; live delivery has resumed.`,
      };
      this.#write(Buffer.from(JSON.stringify(notice)));
    }
    for (const wake of this.#roomWaiters.splice(0)) wake();
  }
}
