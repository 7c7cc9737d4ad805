// In-process bus: fan-out of committed batches to every subscriber.
//
// The group-commit writer publishes from its commit path, so `publish` must never run consumer code
// inline: each batch is handed to the subscribers on a later turn of the event loop (setImmediate),
// and a throwing handler is logged, not propagated — one bad consumer cannot stall ingest or the
// others. Unlike Prefect's memory broker ([compat D10.19]) nothing is dropped here; consumers that can fall
// behind keep their own bounded buffers (the live stream does).

import type { Logger } from 'pino';
import type { BatchHandler, Bus, CommittedBatch } from './bus.js';

export class MemoryBus implements Bus {
  #handlers = new Set<BatchHandler>();
  #pending = 0;
  #idle: (() => void)[] = [];
  #closed = false;
  readonly #logger: Pick<Logger, 'error'> | undefined;

  constructor(options: { logger?: Pick<Logger, 'error'> } = {}) {
    this.#logger = options.logger;
  }

  publish(batch: CommittedBatch): void {
    if (this.#closed || this.#handlers.size === 0 || batch.events.length === 0) return;
    // Snapshot: a handler subscribed after publish does not see this batch.
    const handlers = [...this.#handlers];
    this.#pending++;
    setImmediate(() => {
      for (const handler of handlers) {
        try {
          handler(batch);
        } catch (err) {
          this.#logger?.error({ err }, 'bus subscriber threw; batch skipped for that subscriber');
        }
      }
      if (--this.#pending === 0) for (const resolve of this.#idle.splice(0)) resolve();
    });
  }

  subscribe(handler: BatchHandler): () => void {
    this.#handlers.add(handler);
    return () => {
      this.#handlers.delete(handler);
    };
  }

  /** Resolves once every batch published so far has been handed to its subscribers. */
  flushed(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async close(): Promise<void> {
    await this.flushed();
    this.#closed = true;
    this.#handlers.clear();
  }
}
