// The in-process bus the writer publishes committed batches to.
import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../src/bus/memory.js';
import type { CommittedBatch } from '../../src/bus/bus.js';
import type { ReceivedEvent } from '../../src/events/types.js';

const batch = (id: string): CommittedBatch => ({ workspaceId: 'w', events: [{ id } as ReceivedEvent] });

describe('MemoryBus', () => {
  it('never runs subscribers inside publish (the writer must not wait for them)', async () => {
    const bus = new MemoryBus();
    const seen: string[] = [];
    bus.subscribe((b) => seen.push(b.events[0].id));
    bus.publish(batch('a'));
    expect(seen).toEqual([]);
    await bus.flushed();
    expect(seen).toEqual(['a']);
  });

  it('fans out to every subscriber in publish order; a throwing subscriber harms no one', async () => {
    const errors: unknown[] = [];
    const bus = new MemoryBus({ logger: { error: (obj: unknown) => void errors.push(obj) } as never });
    const first: string[] = [];
    const second: string[] = [];
    bus.subscribe(() => {
      throw new Error('bad consumer');
    });
    bus.subscribe((b) => first.push(b.events[0].id));
    const unsubscribe = bus.subscribe((b) => second.push(b.events[0].id));
    bus.publish(batch('a'));
    bus.publish(batch('b'));
    await bus.flushed();
    unsubscribe();
    bus.publish(batch('c'));
    await bus.close();
    expect(first).toEqual(['a', 'b', 'c']);
    expect(second).toEqual(['a', 'b']);
    expect(errors).toHaveLength(3);
  });
});
