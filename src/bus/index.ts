export type { BatchHandler, Bus, CommittedBatch } from './bus.js';
export { MemoryBus } from './memory.js';
