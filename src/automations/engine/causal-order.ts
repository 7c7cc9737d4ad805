// Causal ordering by `follows` ([compat S1.6]) for the trigger engine, durable (fixes [compat D10.22]).
//
// The engine evaluates events in commit order. An event F that says it follows L is held back
// ("parked") until L has been evaluated, then evaluated right after it. Parked followers are
// committed with the engine state, so a restart loses none. "L has been evaluated" = L is in the
// recent-ids memory, or L is stored with a seq the engine's cursor has passed (after a restart the
// memory is empty; storage answers). A follower whose leader has not shown up within the lookback
// (15 min) is evaluated without it, like Prefect's "lost followers".

import { timestampToMicros } from '../../events/index.js';
import { RecentSet } from '../../recent-set.js';
import type { ReceivedEvent } from '../../events/types.js';
import type { EventStore } from '../../storage/storage.js';
import type { FollowerEntry } from '../../storage/automation-store.js';

/** Prefect: 20 levels of followers released recursively. */
export const MAX_FOLLOWER_DEPTH = 20;
const SEEN_LIMIT = 200_000;

export class CausalOrder {
  /** `ws id` of recently evaluated events (at least the SEEN_LIMIT latest). */
  readonly #seen = new RecentSet(SEEN_LIMIT);
  /** `ws leader` → parked followers. */
  readonly #parked = new Map<string, { workspaceId: string; event: ReceivedEvent }[]>();
  /** `ws id` of every parked follower (a follower of a parked event must wait too). */
  readonly #parkedIds = new Set<string>();
  #added: FollowerEntry[] = [];
  #removed: { workspaceId: string; eventId: string }[] = [];

  get parkedCount(): number {
    let n = 0;
    for (const list of this.#parked.values()) n += list.length;
    return n;
  }

  markSeen(workspaceId: string, id: string): void {
    this.#seen.add(`${workspaceId} ${id}`);
  }

  seen(workspaceId: string, id: string): boolean {
    return this.#seen.has(`${workspaceId} ${id}`);
  }

  isParked(workspaceId: string, id: string): boolean {
    return this.#parkedIds.has(`${workspaceId} ${id}`);
  }

  /**
   * The gate ([compat S1.6]): true = evaluate `event` (at position `seq`) now; false = it was parked until
   * its leader has been evaluated. `leaders` are stored leader seqs (see `leaderSeqs`); events
   * received before `tooOldUs` go through (their leader's bookkeeping window has passed).
   */
  admit(workspaceId: string, event: ReceivedEvent, seq: number, leaders: Map<string, number>, tooOldUs: number): boolean {
    const leader = event.follows;
    if (!leader || leader === event.id) return true;
    if (timestampToMicros(event.received) <= tooOldUs) return true;
    if (!this.isParked(workspaceId, leader)) {
      if (this.seen(workspaceId, leader)) return true;
      const leaderSeq = leaders.get(`${workspaceId} ${leader}`);
      if (leaderSeq !== undefined && leaderSeq < seq) return true;
    }
    this.park(workspaceId, event);
    return false;
  }

  park(workspaceId: string, event: ReceivedEvent, persist = true): void {
    const key = `${workspaceId} ${event.follows}`;
    let list = this.#parked.get(key);
    if (!list) this.#parked.set(key, (list = []));
    if (list.some((f) => f.event.id === event.id)) return;
    list.push({ workspaceId, event });
    this.#parkedIds.add(`${workspaceId} ${event.id}`);
    if (persist) this.#added.push({ workspaceId, leaderId: event.follows!, event });
  }

  /** Followers parked on `leaderId`, in occurred order, now released. */
  release(workspaceId: string, leaderId: string): ReceivedEvent[] {
    const key = `${workspaceId} ${leaderId}`;
    const list = this.#parked.get(key);
    if (!list) return [];
    this.#parked.delete(key);
    for (const f of list) this.#unpark(workspaceId, f.event.id);
    return list.map((f) => f.event).sort((a, b) => (a.occurred < b.occurred ? -1 : a.occurred > b.occurred ? 1 : 0));
  }

  /** Followers that waited longer than the lookback (by `received`), released without a leader. */
  releaseLost(receivedBefore: string): { workspaceId: string; event: ReceivedEvent }[] {
    const lost: { workspaceId: string; event: ReceivedEvent }[] = [];
    for (const [key, list] of this.#parked) {
      const keep = list.filter((f) => f.event.received >= receivedBefore);
      for (const f of list) if (f.event.received < receivedBefore) lost.push(f);
      if (keep.length === 0) this.#parked.delete(key);
      else this.#parked.set(key, keep);
    }
    for (const f of lost) this.#unpark(f.workspaceId, f.event.id);
    return lost.sort((a, b) => (a.event.occurred < b.event.occurred ? -1 : a.event.occurred > b.event.occurred ? 1 : 0));
  }

  /** Earliest `received` among parked followers (their lookback deadline starts there). */
  oldestReceived(): string | null {
    let oldest: string | null = null;
    for (const list of this.#parked.values())
      for (const f of list) if (oldest === null || f.event.received < oldest) oldest = f.event.received;
    return oldest;
  }

  #unpark(workspaceId: string, eventId: string): void {
    this.#parkedIds.delete(`${workspaceId} ${eventId}`);
    this.#removed.push({ workspaceId, eventId });
  }

  takeChanges(): { added: FollowerEntry[]; removed: { workspaceId: string; eventId: string }[] } {
    const changes = { added: this.#added, removed: this.#removed };
    this.#added = [];
    this.#removed = [];
    return changes;
  }

  clear(): void {
    this.#seen.clear();
    this.#parked.clear();
    this.#parkedIds.clear();
    this.#added = [];
    this.#removed = [];
  }
}

/** Seqs of the stored leaders a page's followers name (those not already known as evaluated). */
export async function leaderSeqs(
  page: readonly { workspaceId: string; event: ReceivedEvent }[],
  order: CausalOrder,
  events: Pick<EventStore, 'seqsOf'>,
): Promise<Map<string, number>> {
  const wanted = new Map<string, Set<string>>();
  for (const { workspaceId, event } of page) {
    const leader = event.follows;
    if (!leader || leader === event.id || order.seen(workspaceId, leader)) continue;
    let ids = wanted.get(workspaceId);
    if (!ids) wanted.set(workspaceId, (ids = new Set()));
    ids.add(leader);
  }
  const seqs = new Map<string, number>();
  for (const [workspaceId, ids] of wanted) {
    for (const [id, seq] of await events.seqsOf(workspaceId, [...ids])) seqs.set(`${workspaceId} ${id}`, seq);
  }
  return seqs;
}
