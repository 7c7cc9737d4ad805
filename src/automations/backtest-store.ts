// The throw-away storage a backtest runs the trigger engine on: an in-memory SQLite database of its
// own (the project's SQLite storage, migrated like any other), whatever backend the server uses,
// closed — and so gone — afterwards. The engine commits its state, firings and outbox rows there
// exactly as it does in production; nothing reaches the real store, and no outbox worker ever reads
// these rows, so nothing is delivered.
//
// In memory rather than a temp file: the engine commits after every step of the replay, and on a
// file those commits made a replay 1.5–4× slower (docs/automations.md "Backtest" has the figures).
// Memory is bounded by the events replayed (backtestMaxEvents), and by replays running one at a
// time (backtest.ts).
//
// Every commit is observed once it is durable, which is how the backtest learns what fired (and
// which actions each firing queued) without querying the store after each step.

import type { EngineCommit, EngineStateStore } from '../storage/automation-store.js';
import { SqliteStorage } from '../storage/sqlite/storage.js';
import type { Storage } from '../storage/storage.js';

export interface ReplayStore {
  /** What the engine is given: the temp store, with every successful engine commit reported. */
  storage: Storage;
  /** Closes the store, which discards it (idempotent). */
  destroy(): Promise<void>;
}

/** A fresh, migrated temp store; the label and text indexes are never built (the engine reads by seq). */
export async function openReplayStore(onCommit: (commit: EngineCommit) => void): Promise<ReplayStore> {
  let sqlite: SqliteStorage | null = new SqliteStorage(':memory:', {
    deferredIndexes: { batch: Number.MAX_SAFE_INTEGER, idleMs: null },
  });
  const destroy = async () => {
    const open = sqlite;
    sqlite = null;
    await open?.close();
  };
  try {
    await sqlite.migrate();
    return { storage: observed(sqlite, onCommit), destroy };
  } catch (err) {
    await destroy();
    throw err;
  }
}

/** `inner` with its engine-state store's commits reported after they succeed (the rest delegates). */
function observed(inner: SqliteStorage, onCommit: (commit: EngineCommit) => void): Storage {
  const engine = inner.automation.engine;
  const watched: EngineStateStore = {
    loadCursor: () => engine.loadCursor(),
    loadClock: () => engine.loadClock(),
    loadState: () => engine.loadState(),
    loadAutomationState: (automationId) => engine.loadAutomationState(automationId),
    loadFollowers: () => engine.loadFollowers(),
    listFirings: (workspaceId, automationId, limit) => engine.listFirings(workspaceId, automationId, limit),
    async commit(commit) {
      await engine.commit(commit);
      onCommit(commit);
    },
  };
  const automation = inner.automation;
  return {
    dialect: inner.dialect,
    events: inner.events,
    automation: {
      automations: automation.automations,
      destinations: automation.destinations,
      engine: watched,
      outbox: automation.outbox,
      history: automation.history,
    },
    webhooks: inner.webhooks,
    migrate: () => inner.migrate(),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}
