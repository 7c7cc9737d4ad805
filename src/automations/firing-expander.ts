// Expanding committed firings into their outbox rows ([compat S4.8]). The trigger engine commits a
// firing alone, with the automation version it acts with (engine.ts #act); the action worker calls
// this before it looks for due rows, so the rows — the `prefect.automation.triggered` event and one
// TriggeredAction per action — are written off the engine's path. Row ids are derived from the
// firing (acting.ts), and a row that exists is left as it is: expanding a firing twice (a crash
// between the insert and the mark, or two processes at once) writes nothing new.

import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { nowTimestamp } from '../events/index.js';
import type { OutboxInsert, OutboxStore } from '../storage/automation-store.js';
import { act } from './engine/acting.js';

export interface FiringExpanderOptions {
  outbox: OutboxStore;
  clock: Clock;
  logger: Pick<Logger, 'error'>;
  maxDepth: number;
}

/** Expands up to `limit` firings, oldest first, in one transaction; the number expanded. */
export async function expandFirings(o: FiringExpanderOptions, limit: number): Promise<number> {
  const pending = await o.outbox.unexpanded(limit);
  if (pending.length === 0) return 0;
  const now = nowTimestamp(o.clock);
  const rows: OutboxInsert[] = [];
  for (const { record, automation } of pending) {
    if (!automation) {
      // Only when the automation was deleted and its version pruned in a race with this firing's commit.
      o.logger.error(
        { firing: record.id, automation: record.automationId },
        'firing expander: the automation is gone; its actions are not run',
      );
      continue;
    }
    const acted = act({ workspaceId: record.workspaceId, automation, firing: record.firing, maxDepth: o.maxDepth, now });
    for (const row of acted.outbox) rows.push(row);
  }
  await o.outbox.expand(
    pending.map((p) => p.record.id),
    rows,
  );
  return pending.length;
}
