// The bus carries committed batches of events to consumers (live stream, trigger engine, metrics).
// Publishing happens only after the batch is durable, so a consumer never sees an event that a
// crash could still lose. The in-process implementation is the default; Redis Streams come later.

import type { ReceivedEvent } from '../events/types.js';

export interface CommittedBatch {
  workspaceId: string;
  events: readonly ReceivedEvent[];
}

export type BatchHandler = (batch: CommittedBatch) => void;

export interface Bus {
  publish(batch: CommittedBatch): void;
  /** Returns an unsubscribe function. Handlers must not throw; they should queue and return. */
  subscribe(handler: BatchHandler): () => void;
  close(): Promise<void>;
}
