// Fan-out of committed batches to live subscribers ([compat S2.7], "distributor").
//
// One bus subscription per process however many sockets are open: the bus hands each committed
// batch over once and the distributor routes it, by workspace and filter, to the local subscribers.
// The bus subscription is taken when the first subscriber arrives and released with the last, so an
// idle server pays nothing. Subscribers must be added *before* they backfill (see subscription.ts).

import type { Logger } from 'pino';
import type { Bus, CommittedBatch } from '../bus/bus.js';
import type { ReceivedEvent } from '../events/types.js';

export interface StreamSubscriber {
  readonly workspaceId: string;
  /** The subscriber's live predicate; evaluated here so non-matching events never reach it. */
  matches(event: ReceivedEvent): boolean;
  /** Matching events of one committed batch, in commit order. Must queue and return, never throw. */
  deliver(events: ReceivedEvent[]): void;
}

export class Distributor {
  readonly #bus: Bus;
  readonly #logger: Pick<Logger, 'error'> | undefined;
  readonly #byWorkspace = new Map<string, Set<StreamSubscriber>>();
  #unsubscribeBus: (() => void) | null = null;
  #size = 0;

  constructor(bus: Bus, options: { logger?: Pick<Logger, 'error'> } = {}) {
    this.#bus = bus;
    this.#logger = options.logger;
  }

  /** Number of live subscribers. */
  get size(): number {
    return this.#size;
  }

  /** Starts routing to `subscriber` (synchronously subscribed on return); returns its removal. */
  add(subscriber: StreamSubscriber): () => void {
    let set = this.#byWorkspace.get(subscriber.workspaceId);
    if (!set) this.#byWorkspace.set(subscriber.workspaceId, (set = new Set()));
    set.add(subscriber);
    this.#size++;
    this.#unsubscribeBus ??= this.#bus.subscribe((batch) => this.#route(batch));
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      set.delete(subscriber);
      if (set.size === 0) this.#byWorkspace.delete(subscriber.workspaceId);
      if (--this.#size === 0) this.close();
    };
  }

  /** Releases the bus subscription; subscribers added later take a new one. */
  close(): void {
    this.#unsubscribeBus?.();
    this.#unsubscribeBus = null;
  }

  #route(batch: CommittedBatch): void {
    const subscribers = this.#byWorkspace.get(batch.workspaceId);
    if (!subscribers) return;
    for (const subscriber of subscribers) {
      try {
        const matching = batch.events.filter((event) => subscriber.matches(event));
        if (matching.length > 0) subscriber.deliver(matching);
      } catch (err) {
        // One broken subscriber must not starve the others of this batch.
        this.#logger?.error({ err }, 'live subscriber failed on a batch');
      }
    }
  }
}
