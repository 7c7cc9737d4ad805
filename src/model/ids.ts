// Deterministic ids for everything the automation pipeline emits. An outbox row can be delivered
// more than once (a crash between delivery and bookkeeping); giving its events ids derived from the
// row makes the second delivery a duplicate that ingest drops (de-dup by id), so the event is
// stored exactly once. The layout is UUIDv7 (time-ordered, like every other Herald id) with the
// random bits taken from a hash of `name`.

import { createHash } from 'node:crypto';

export function deterministicUuid(name: string, timeMs: number): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes.writeUIntBE(Math.max(0, Math.floor(timeMs)), 0, 6);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
