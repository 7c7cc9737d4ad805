// Automation CRUD as the API and the pause/resume-automation actions use it: validation, storage,
// then — only once the write has committed — the trigger engine is told and the lifecycle event is
// emitted ([compat D10.17]). Neither of those after-commit steps can undo the change, so their failures are
// logged, never turned into an error for a change that did happen (a client retrying a "failed"
// create would otherwise create it twice).
//
// The engine clears a changed automation's orphaned trigger state itself ([compat S4.9], [compat D10.4]).

import type { Logger } from 'pino';
import { uuidv7 } from '../../sdk/uuidv7.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { Clock } from '../clock.js';
import type { Settings } from '../config.js';
import { nowTimestamp, validationError, type ValidationIssue } from '../events/index.js';
import type { Storage } from '../storage/storage.js';
import { limitsFromSettings, type TemplateLimits } from '../templates/index.js';
import type { EngineControl } from './engine-control.js';
import { applyAutomationQuery, MAX_AUTOMATIONS_LIMIT, type AutomationQuery } from './filter.js';
import { automationLimitsFrom, type AutomationLimits } from '../model/automation-limits.js';
import { automationDisabledEvent, lifecycleEvent, lifecycleSizeIssue, type LifecycleChange } from './lifecycle.js';
import { checkInfiniteLoop } from './loop-guard.js';
import type { Automation } from '../model/automation.js';
import {
  parseAutomationCreate,
  parseAutomationUpdate,
  revalidateAutomation,
  selectedDeploymentIds,
  type AutomationParseOptions,
} from './parse-automation.js';

export interface AutomationServiceDeps {
  storage: Storage;
  ingestor: Ingestor;
  clock: Clock;
  logger: Pick<Logger, 'warn' | 'error' | 'debug'>;
  settings: Settings;
}

const DEFAULT_QUERY: AutomationQuery = { sort: 'NAME_ASC', limit: MAX_AUTOMATIONS_LIMIT, offset: 0, filter: null };

// Actions pause and resume automations through it: it satisfies actions' AutomationSwitch port
// structurally (runtime.ts hands it over), so automations need not import actions for the type.
export class AutomationService {
  readonly #deps: AutomationServiceDeps;
  readonly #limits: TemplateLimits;
  readonly #bounds: AutomationLimits;
  #engine: EngineControl | null = null;

  constructor(deps: AutomationServiceDeps) {
    this.#deps = deps;
    this.#limits = limitsFromSettings(deps.settings);
    this.#bounds = automationLimitsFrom(deps.settings);
  }

  /** The engine to notify after each committed change (null: none runs in this process). */
  attachEngine(engine: EngineControl | null): void {
    this.#engine = engine;
  }

  get(workspaceId: string, id: string): Promise<Automation | null> {
    return this.#store.get(workspaceId, id);
  }

  async list(workspaceId: string, query: AutomationQuery = DEFAULT_QUERY): Promise<Automation[]> {
    return applyAutomationQuery(await this.#store.list(workspaceId), query);
  }

  count(workspaceId: string): Promise<number> {
    return this.#store.count(workspaceId);
  }

  relatedTo(workspaceId: string, resourceId: string): Promise<Automation[]> {
    return this.#store.relatedTo(workspaceId, resourceId);
  }

  /** POST: validates `body` (AutomationCreate), stores it with fresh ids. Throws HERALD_ERR_VALIDATION. */
  async create(workspaceId: string, body: unknown): Promise<Automation> {
    const parsed = parseAutomationCreate(body, this.#parseOptions());
    if (!parsed.ok) throw validationError(parsed.issues, body);
    const now = nowTimestamp(this.#deps.clock);
    const { fields, ownerResource } = parsed.value;
    const automation: Automation = { id: uuidv7(this.#deps.clock.now()), created: now, updated: now, ...fields };
    this.#checkSize(automation, body);
    await this.#store.create(workspaceId, automation, { owner: ownerResource, deploymentIds: selectedDeploymentIds(automation.actions) });
    await this.#afterCommit(workspaceId, 'created', automation);
    return automation;
  }

  /**
   * PUT: validates `body` (AutomationUpdate); optional fields it leaves out keep their stored value;
   * trigger ids are regenerated. False when the automation does not exist.
   */
  async replace(workspaceId: string, id: string, body: unknown): Promise<boolean> {
    const parsed = parseAutomationUpdate(body, this.#parseOptions());
    // Validation first: Prefect answers 422 for a bad body even when the id is unknown.
    if (!parsed.ok) throw validationError(parsed.issues, body);
    const stored = await this.#store.get(workspaceId, id);
    if (!stored) return false;
    const automation: Automation = {
      ...stored,
      ...parsed.value,
      id: stored.id,
      created: stored.created,
      updated: nowTimestamp(this.#deps.clock),
    };
    const issues: ValidationIssue[] = [];
    checkInfiniteLoop(automation, issues);
    if (issues.length > 0) throw validationError(issues, body);
    this.#checkSize(automation, body);
    if (!(await this.#store.update(workspaceId, automation, { deploymentIds: selectedDeploymentIds(automation.actions) }))) return false;
    await this.#afterCommit(workspaceId, 'updated', automation);
    return true;
  }

  /**
   * PATCH (pause/resume) and the pause-/resume-automation actions: the result is fully validated
   * again (e.g. enabling an automation the infinite-loop rule refuses); trigger ids are kept (as
   * Prefect does), but the engine starts fresh windows: a paused automation does not wake up to
   * judge windows that were open before the pause (docs/automations.md).
   */
  async setEnabled(
    workspaceId: string,
    id: string,
    enabled: boolean,
    options: { causationDepth?: number } = {},
  ): Promise<{ id: string; name: string } | null> {
    const stored = await this.#store.get(workspaceId, id);
    if (!stored) return null;
    // Already in that state: nothing to write, announce or reload (its windows stay open). This also
    // keeps a resume-automation action from feeding itself through `prefect.automation.updated`.
    if (stored.enabled === enabled) return { id: stored.id, name: stored.name };
    const automation: Automation = { ...stored, enabled, updated: nowTimestamp(this.#deps.clock) };
    // Pausing is never refused: it is how an automation saved under older, looser rules is stopped.
    if (enabled) {
      const issues = revalidateAutomation(automation, this.#parseOptions());
      if (issues.length > 0) throw validationError(issues, { enabled });
      this.#checkSize(automation, { enabled });
    }
    if (!(await this.#store.update(workspaceId, automation, { deploymentIds: selectedDeploymentIds(automation.actions) }))) return null;
    await this.#afterCommit(workspaceId, 'updated', automation, options.causationDepth);
    return { id: automation.id, name: automation.name };
  }

  /**
   * The trigger engine could not load or evaluate this automation (`version` = the `updated` of the
   * copy that failed): it is paused, announced as `prefect.automation.updated`, and
   * `herald.automation.disabled` says why. A version changed since (a PUT that fixed it) is left alone.
   */
  async disableFailed(workspaceId: string, id: string, version: unknown, reason: string): Promise<void> {
    const stored = await this.#store.get(workspaceId, id);
    if (stored?.enabled !== true || stored.updated !== version) return;
    const automation: Automation = { ...stored, enabled: false, updated: nowTimestamp(this.#deps.clock) };
    const deploymentIds = Array.isArray(stored.actions) ? selectedDeploymentIds(stored.actions) : [];
    if (!(await this.#store.update(workspaceId, automation, { deploymentIds }))) return;
    await this.#afterCommit(workspaceId, 'updated', automation);
    try {
      await this.#deps.ingestor.ingest(workspaceId, [
        automationDisabledEvent(automation, reason, this.#deps.clock, this.#bounds.maxNameLength),
      ]);
    } catch (err) {
      this.#deps.logger.warn({ err, automationId: id }, 'could not emit herald.automation.disabled');
    }
  }

  /** DELETE: false when it does not exist. */
  async delete(workspaceId: string, id: string): Promise<boolean> {
    const stored = await this.#store.get(workspaceId, id);
    if (!stored) return false;
    if (!(await this.#store.delete(workspaceId, id))) return false;
    await this.#afterCommit(workspaceId, 'deleted', stored);
    return true;
  }

  /**
   * DELETE /automations/owned-by/{resource}: deletes the automations owned by `resourceId` that
   * were created strictly before now, so ones created concurrently (e.g. by the same `prefect
   * deploy` that is replacing its triggers) survive. Returns how many were deleted.
   */
  async deleteOwnedBy(workspaceId: string, resourceId: string): Promise<number> {
    const owned = await this.#store.ownedBy(workspaceId, resourceId, nowTimestamp(this.#deps.clock));
    let deleted = 0;
    for (const automation of owned) {
      if (!(await this.#store.delete(workspaceId, automation.id))) continue;
      deleted++;
      await this.#afterCommit(workspaceId, 'deleted', automation);
    }
    return deleted;
  }

  get #store() {
    return this.#deps.storage.automation.automations;
  }

  #parseOptions(): AutomationParseOptions {
    return { newId: () => uuidv7(this.#deps.clock.now()), limits: this.#limits, automationLimits: this.#bounds };
  }

  /** 422 when the automation would not fit in its own lifecycle event (maxEventBytes). */
  #checkSize(automation: Automation, requestBody: unknown): void {
    const { settings, clock } = this.#deps;
    const problem = lifecycleSizeIssue(automation, clock, settings.maxEventBytes, settings.triggerMaxCausationDepth);
    if (problem) throw validationError([problem], requestBody);
  }

  /** Tells the engine, then emits the lifecycle event; both only after the write committed. */
  async #afterCommit(workspaceId: string, change: LifecycleChange, automation: Automation, causationDepth = 0): Promise<void> {
    const { logger, ingestor, clock } = this.#deps;
    try {
      await this.#engine?.automationChanged(workspaceId, automation.id);
    } catch (err) {
      logger.error({ err, automationId: automation.id, change }, 'trigger engine failed to reload a changed automation');
    }
    try {
      await ingestor.ingest(workspaceId, [lifecycleEvent(change, automation, clock, causationDepth)]);
    } catch (err) {
      logger.warn({ err, automationId: automation.id, change }, `could not emit prefect.automation.${change}`);
    }
  }
}
