// The contract between the outbox worker and the action types ([compat S5]). One module per action type
// implements `ActionExecutor` in its `ActionDefinition` (definition.ts); src/actions/registry.ts
// maps `type` → definition.
//
// Failure model (fixes [compat D10.14]/[compat D10.15]): an executor either returns an outcome (success), throws
// `ActionFailed` (final: no retry — bad configuration, 4xx, nothing to infer), or throws
// `ActionRetry` (transient: 5xx, 429, timeouts, connection errors — the worker retries on the
// `actionRetrySchedule` and fails the action with the last reason once the schedule is exhausted).
// Any other exception is a bug in Herald; the worker treats it like ActionRetry and logs it.

import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Settings } from '../config.js';
import type { RelatedResource } from '../events/types.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { Storage } from '../storage/storage.js';
import type { TriggeredAction } from '../model/automation.js';

export interface ActionOutcome {
  /** Result details merged into the `action.executed` payload (status_code, response_body, …). */
  details: Record<string, unknown>;
  /** The action's "resulting" related resources (e.g. the target, with role `target`) ([compat S4.8]). */
  related: RelatedResource[];
}

export class ActionFailed extends Error {
  readonly details: Record<string, unknown>;
  readonly related: RelatedResource[];
  constructor(reason: string, details: Record<string, unknown> = {}, related: RelatedResource[] = []) {
    super(reason);
    this.name = 'ActionFailed';
    this.details = details;
    this.related = related;
  }
}

export class ActionRetry extends Error {
  readonly details: Record<string, unknown>;
  readonly related: RelatedResource[];
  /** From the receiver's Retry-After header, when it sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(reason: string, options: { retryAfterMs?: number; details?: Record<string, unknown>; related?: RelatedResource[] } = {}) {
    super(reason);
    this.name = 'ActionRetry';
    this.details = options.details ?? {};
    this.related = options.related ?? [];
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Pause/resume of automations, as the automations API does it (validation, lifecycle events). */
export interface AutomationSwitch {
  /**
   * Null when the automation does not exist; throws HeraldError on validation failure. A no-op when
   * it is already in that state. `causationDepth` labels the `prefect.automation.updated` event.
   */
  setEnabled(
    workspaceId: string,
    automationId: string,
    enabled: boolean,
    options?: { causationDepth?: number },
  ): Promise<{ id: string; name: string } | null>;
}

export interface ActionDeps {
  settings: Settings;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  storage: Storage;
  ingestor: Ingestor;
  automations: AutomationSwitch;
  /** Injectable for tests; defaults to the global fetch (undici). */
  fetch: typeof fetch;
}

export interface ActionRun {
  workspaceId: string;
  triggered: TriggeredAction;
  /** 1 for the first attempt. */
  attempt: number;
  /** Stable across attempts: the (firing, action) idempotency key, e.g. the `webhook-id`. */
  idempotencyKey: string;
}

/**
 * Runs one stored action. The action's fields are read as stored, unchecked: an action stored
 * before a save-time rule existed, or written by hand, must fail with a reason, not crash.
 */
export interface ActionExecutor {
  execute(run: ActionRun, deps: ActionDeps): Promise<ActionOutcome>;
}
