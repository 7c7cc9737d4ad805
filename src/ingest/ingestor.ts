// The ingest layer's contract: what the API, the actions and the automations hand validated events
// to. It lives here, with its implementation (group-commit-writer.ts), so `ingest/` does not depend
// on `api/` (issue #10).

import type { Event } from '../events/types.js';
import type { InsertResult } from '../storage/storage.js';

/** Accepts validated events; resolves once they are durably stored (group commit). */
export interface Ingestor {
  ingest(workspaceId: string, events: readonly Event[]): Promise<InsertResult>;
  /** Events accepted but not yet written. */
  readonly depth: number;
  /** Writes everything accepted so far and stops accepting (graceful shutdown). */
  drain(): Promise<void>;
}
