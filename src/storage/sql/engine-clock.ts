// The engine's events clock lives in the cursor's row (migration 'engine_clock'): writing it costs
// no extra statement per commit, and a clock can never be committed ahead of or behind its cursor.

import type { EngineCommit } from '../automation-store.js';

/** A clock without a cursor has no row to go in: refused loudly rather than dropped ([arch I3]). */
export function assertClockWithCursor(c: EngineCommit): void {
  if (c.clock && c.cursor === undefined) throw new Error('internal: an engine commit with a clock must carry the cursor');
}
