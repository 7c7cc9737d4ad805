// The bucket state machine of an event trigger ([compat S4.3], [compat S4.4]), on event time.
//
// A bucket is one open window [start, end) of one trigger for one `for_each` key, counting expected
// events. Prefect's semantics are kept, with these deliberate fixes (each has a named test):
// - [compat D10.6]: an immediate trigger (Reactive, within 0) counts only events inside its own window
//   [start, end] — Prefect kept counting until a 60 s sweep happened to delete the bucket.
// - [compat D10.7]: a Proactive trigger's bucket is never deleted for having reached its threshold (Prefect
//   did that on every pass, so per-key absence without `after` never fired). A window that reached
//   the threshold rolls over to a successor window; a window that did not fires. Policy for keys
//   that stop for good: a key with `for_each` fires ONCE when it goes quiet and is then forgotten
//   until it is seen again (one alert per silence, no unbounded state). Without `for_each` the
//   single bucket re-arms like Prefect's (an alert every `within` while nothing arrives).

import { MAX_TIMESTAMP, MIN_TIMESTAMP, timestampToMicros } from '../../events/index.js';
import type { ReceivedEvent } from '../../events/types.js';
import { expects, startsAfter, type CompiledEventTrigger } from './compiled.js';

/** The representable event times (years 0001–9999), microseconds. */
export const MIN_US = timestampToMicros(MIN_TIMESTAMP);
export const MAX_US = timestampToMicros(MAX_TIMESTAMP);

/**
 * `from + within`, capped at the last representable time: an event may legitimately occur in year
 * 9999, and its window must not end past what a timestamp can hold (it would fail the commit).
 */
export function windowEnd(fromUs: number, withinUs: number): number {
  return Math.min(fromUs + withinUs, MAX_US);
}

/** Times are microseconds since the epoch. */
export interface Bucket {
  start: number;
  end: number;
  count: number;
  lastEvent: ReceivedEvent | null;
}

/** What the state machine needs from the engine: bucket storage and somewhere to send firings. */
export interface BucketHost {
  get(t: CompiledEventTrigger, key: string): Bucket | undefined;
  set(t: CompiledEventTrigger, key: string, bucket: Bucket): void;
  delete(t: CompiledEventTrigger, key: string): void;
  /** `at` = the event time of the firing (the event's occurred, or the window's end). */
  fire(t: CompiledEventTrigger, key: string, at: number, event: ReceivedEvent | null): void;
}

/** [compat S4.3]: one event, one trigger. `occurredUs` is the event's occurred time. */
export function evaluateEvent(
  t: CompiledEventTrigger,
  key: string,
  event: ReceivedEvent,
  occurredUs: number,
  lookbackUs: number,
  host: BucketHost,
): void {
  const expected = expects(t, event.event);
  let bucket = host.get(t, key);
  if (startsAfter(t, event.event)) {
    if (bucket && isExpired(t, bucket, occurredUs)) bucket = undefined;
    if (!bucket) {
      // −1: the same event is counted below when it is also expected ([compat S4.3] step 2).
      bucket = { start: occurredUs, end: windowEnd(occurredUs, t.withinUs), count: expected ? -1 : 0, lastEvent: event };
    } else {
      bucket = { ...bucket, lastEvent: event };
    }
    host.set(t, key, bucket);
  } else if (t.after.length === 0 && expected) {
    if (bucket && isExpired(t, bucket, occurredUs)) bucket = undefined;
    if (!bucket) {
      // Opened lookback before the event, so late events that belong to this window still count.
      bucket = { start: Math.max(MIN_US, occurredUs - lookbackUs), end: windowEnd(occurredUs, t.withinUs), count: 0, lastEvent: event };
    } else {
      bucket = { ...bucket, lastEvent: event };
    }
    host.set(t, key, bucket);
  }
  if (!expected || !bucket) return;
  evaluate(t, key, bucket, occurredUs, event, host);
}

/**
 * An immediate trigger's window is closed once an event lands after its end: that event starts a
 * fresh window rather than being counted in an old one ([compat D10.6]).
 */
function isExpired(t: CompiledEventTrigger, bucket: Bucket, nowUs: number): boolean {
  return t.immediate && nowUs > bucket.end;
}

/** [compat S4.4] `evaluate`: with an event (reactive) or without (a proactive deadline at `nowUs`). */
export function evaluate(
  t: CompiledEventTrigger,
  key: string,
  bucket: Bucket,
  nowUs: number,
  event: ReceivedEvent | null,
  host: BucketHost,
): void {
  let toSpend = event ? 1 : 0;
  if (nowUs < bucket.start) return; // a late event for a window that already closed
  let b = bucket;
  if (toSpend && (t.immediate ? nowUs <= b.end : b.start <= nowUs && nowUs < b.end)) {
    b = { ...b, count: b.count + 1, lastEvent: event };
    host.set(t, key, b);
    toSpend = 0;
  }
  const ready = !t.proactive || b.end <= nowUs;
  const meets = t.proactive ? b.count < t.threshold : b.count >= t.threshold;
  if (ready && meets) {
    host.delete(t, key);
    host.fire(t, key, t.proactive ? b.end : nowUs, event ?? b.lastEvent);
    afterWindow(t, key, b, nowUs, toSpend ? event : null, true, host);
    return;
  }
  // An immediate trigger's window [start, end] includes its end (it is zero-length otherwise).
  if (t.immediate ? nowUs <= b.end : nowUs < b.end) {
    // Heartbeat pattern ([compat S4.4] step 5): the same event opens and satisfies the window; once the
    // threshold is met, each further one restarts the window from itself.
    if (t.proactive && event && b.count >= t.threshold && startsAfter(t, event.event) && expects(t, event.event)) {
      host.set(t, key, { start: nowUs, end: windowEnd(nowUs, t.withinUs), count: 0, lastEvent: event });
    }
    return;
  }
  afterWindow(t, key, b, nowUs, toSpend ? event : null, false, host);
}

/** [compat S4.4] step 7: what follows a window that fired or expired. */
function afterWindow(
  t: CompiledEventTrigger,
  key: string,
  old: Bucket,
  nowUs: number,
  unspent: ReceivedEvent | null,
  fired: boolean,
  host: BucketHost,
): void {
  if (t.after.length > 0 || t.immediate) {
    // A new window opens only on the next `after` event (or, immediate, on the next event).
    host.delete(t, key);
    return;
  }
  if (t.proactive && fired && t.forEach.length > 0 && !unspent) {
    // One alert per silence for a keyed absence trigger; the key is forgotten until seen again.
    host.delete(t, key);
    return;
  }
  // A Proactive window that passed without firing is followed by the window right after it, in
  // event time, even when it is judged late (a backlog, a restart, a coarse timer): that window
  // may already be over and empty, and then it fires now. After a firing, the next window starts
  // no earlier than now, so a long outage yields one firing, not one per missed window.
  const start = t.proactive && !fired ? old.end : Math.max(old.end, nowUs);
  const successor: Bucket = { start, end: windowEnd(start, t.withinUs), count: 0, lastEvent: unspent ?? old.lastEvent };
  host.set(t, key, successor);
  // An event beyond the old window belongs to the new one (and may fire it at once, Reactive).
  if (unspent || (t.proactive && successor.end <= nowUs)) evaluate(t, key, successor, nowUs, unspent, host);
}
