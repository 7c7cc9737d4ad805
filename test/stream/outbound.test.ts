// Bounded per-subscriber buffer and the explicit `dropped` notice ([compat D10.21]), with a channel whose
// writes complete only when the test says so — the slow socket, made deterministic.
import { describe, expect, it } from 'vitest';
import { BoundedOutbound, type FrameChannel } from '../../src/stream/outbound.js';
import type { ReceivedEvent } from '../../src/events/types.js';

class ManualChannel implements FrameChannel {
  frames: unknown[] = [];
  #callbacks: (() => void)[] = [];
  send(data: Buffer, written?: () => void): void {
    this.frames.push(JSON.parse(data.toString()));
    if (written) this.#callbacks.push(written);
  }
  /** Completes the oldest `n` writes. */
  drain(n = Infinity): void {
    for (const cb of this.#callbacks.splice(0, n)) cb();
  }
}

const ev = (n: number, occurred = `2026-01-01T00:00:${String(n).padStart(2, '0')}.000000Z`): ReceivedEvent => ({
  id: `id-${n}`,
  occurred,
  received: occurred,
  event: 'e',
  resource: { 'prefect.resource.id': 'r' },
  related: [],
  payload: {},
  follows: null,
});

describe('BoundedOutbound', () => {
  it('sends while in-flight writes stay under the limit', () => {
    const ch = new ManualChannel();
    const out = new BoundedOutbound(ch, 3);
    expect([1, 2, 3].map((n) => out.offer(ev(n)))).toEqual([true, true, true]);
    expect(out.inFlight).toBe(3);
    ch.drain();
    expect(out.inFlight).toBe(0);
    expect(ch.frames).toHaveLength(3);
  });

  it('drops beyond the limit, then sends ONE notice with count and earliest occurred once there is room', () => {
    const ch = new ManualChannel();
    const out = new BoundedOutbound(ch, 2);
    for (const n of [1, 2, 5, 3, 4]) out.offer(ev(n));
    expect(ch.frames.map((f: any) => f.event?.id)).toEqual(['id-1', 'id-2']);
    expect(out.falling).toBe(true);
    ch.drain(1); // room again
    expect(ch.frames).toHaveLength(3);
    expect(ch.frames[2]).toMatchObject({ type: 'dropped', count: 3, since: '2026-01-01T00:00:03.000000Z' });
    expect((ch.frames[2] as any).detail).toMatch(/\/events\/filter/);
    expect(out.falling).toBe(false);
    ch.drain();
    expect(out.offer(ev(6))).toBe(true);
    expect(ch.frames.filter((f: any) => f.type === 'dropped')).toHaveLength(1);
  });

  it('keeps dropping until the notice is out, even if a slot frees in between', () => {
    const ch = new ManualChannel();
    const out = new BoundedOutbound(ch, 1);
    out.offer(ev(1));
    out.offer(ev(2)); // dropped
    // The write completes: the notice takes the free slot, so event 3 is dropped and counted again.
    ch.drain(1);
    out.offer(ev(3));
    ch.drain(1);
    expect(ch.frames.map((f: any) => f.type + ':' + (f.event?.id ?? f.count))).toEqual(['event:id-1', 'dropped:1', 'dropped:1']);
  });

  it('sends a batch with one write callback and counts every frame of it as in flight', () => {
    const ch = new ManualChannel();
    const out = new BoundedOutbound(ch, 3);
    out.batch(() => {
      for (const n of [1, 2, 3, 4]) out.offer(ev(n));
    });
    expect(ch.frames.map((f: any) => f.event?.id)).toEqual(['id-1', 'id-2', 'id-3']);
    expect(out.inFlight).toBe(3);
    ch.drain(1); // the batch's single callback
    expect(out.inFlight).toBe(1); // the notice for event 4
    expect(ch.frames[3]).toMatchObject({ type: 'dropped', count: 1 });
  });

  it('wakes a waiting producer when room frees up, and on close', async () => {
    const ch = new ManualChannel();
    const out = new BoundedOutbound(ch, 1);
    out.send(ev(1));
    let woke = false;
    const waiting = out.whenRoom().then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    ch.drain();
    await waiting;
    expect(woke).toBe(true);
    out.send(ev(2));
    const closing = out.whenRoom();
    out.close();
    await closing;
  });
});

describe('BoundedOutbound for clients without notices', () => {
  it('ends the subscription at the first event that does not fit, naming its occurred, and sends no notice', () => {
    const ch = new ManualChannel();
    const fellBehind: string[] = [];
    const out = new BoundedOutbound(ch, 2, (since) => fellBehind.push(since));
    expect(out.offer(ev(1))).toBe(true);
    expect(out.offer(ev(2))).toBe(true);
    expect(out.offer(ev(3))).toBe(false);
    expect(out.offer(ev(4))).toBe(false);
    ch.drain();
    expect(fellBehind).toEqual([ev(3).occurred]);
    expect(ch.frames.map((f: any) => f.type)).toEqual(['event', 'event']);
  });
});
