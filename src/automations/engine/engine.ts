// The trigger engine ([compat S4], [arch part-engine]). One instance per process.
//
// Flow: committed events are read back from storage in seq (= commit) order from the engine's
// durable cursor — the bus only wakes the engine up. Each page of events is evaluated in memory
// (TriggerIndex → bucket state machine → composites → firings); then everything the page changed —
// buckets, child firings, firings (with the automation versions they act with) and the new cursor —
// is committed in ONE transaction
// ([compat D10.24]: many events per transaction). A crash before that commit replays the page from the old
// state; after it, nothing is replayed. Proactive deadlines live in a min-heap driven by one timer
// ([compat D10.25]: no periodic scans). Work is serialised through one loop, so memory, storage and timers
// never race; API changes are applied between pages.
//
// One automation cannot stop the others (issue #9): an automation that fails to load (its stored
// trigger no longer validates or compiles) or whose evaluation throws is taken out of the engine at
// once, its state dropped, and reported through `onAutomationFailed` (the runtime pauses it and
// emits `herald.automation.disabled`, see AutomationService.disableFailed); the rest keep running.

import type { Logger } from 'pino';
import type { Bus } from '../../bus/bus.js';
import type { Clock, TimerHandle } from '../../clock.js';
import type { Settings } from '../../config.js';
import { microsToTimestamp, nowTimestamp, timestampToMicros } from '../../events/index.js';
import type { ReceivedEvent } from '../../events/types.js';
import type { ValidationIssue } from '../../events/index.js';
import type { AutomationVersion, EngineClockRecord, FiringRecord, StateEntry } from '../../storage/automation-store.js';
import type { Storage } from '../../storage/storage.js';
import type { AutomationStateView, EngineControl, ExplainView } from '../engine-control.js';
import { uuidv7 } from '../../../sdk/uuidv7.js';
import { automationLimitsFrom, type AutomationLimits } from '../../model/automation-limits.js';
import type { Automation, Firing } from '../../model/automation.js';
import { parseTriggerTree } from '../parse-trigger.js';
import { firingDepth } from './acting.js';
import { evaluate, evaluateEvent, MAX_US, MIN_US, windowEnd, type Bucket, type BucketHost } from './buckets.js';
import {
  bucketingKey,
  compileAutomation,
  type CompiledAutomation,
  type CompiledComposite,
  type CompiledEventTrigger,
  type CompiledTrigger,
} from './compiled.js';
import { CausalOrder, leaderSeqs, MAX_FOLLOWER_DEPTH } from './causal-order.js';
import { childFired, expired } from './composites.js';
import { EngineState, resolveLastEvents } from './engine-state.js';
import { EventsClock } from './events-clock.js';
import { TimerHeap } from './timer-heap.js';
import { coversResources, TriggerIndex } from './trigger-index.js';
import { explainEvent, stateView } from './views.js';

/** Reactive buckets are dropped this long (event time) after their window ended (Prefect: 60 s). */
const EXPIRED_BUCKET_BUFFER_US = 60_000_000;
/** Longest a cursor-only change (events that matched nothing) waits to be committed. */
const CURSOR_COMMIT_INTERVAL_MS = 1000;
/** Pause before retrying after a failed commit (storage down). */
const RETRY_MS = 1000;
/**
 * Longest single timer: Node fires a setTimeout of more than 2^31−1 ms after 1 ms instead (a busy
 * loop for a deadline weeks away); a wake-up with nothing due simply re-arms.
 */
const MAX_TIMER_MS = 2_147_483_647;
/**
 * Most firings one pass over due deadlines acts on; the rest wait for the next pass (at once). When
 * 100,000 deadlines fall due together, their firings are committed in pieces that are pipelined like
 * pages (#loop), and no commit's JSON nears V8's longest string (2^29 chars). 2,000 keep a SQLite
 * commit near 40 ms of the event loop at the same throughput as 5,000 (≈ 38,000 firings/s,
 * bench/automations-absence.bench.ts --fire-percent 100 --together).
 */
const MAX_TIMER_FIRINGS_PER_PASS = 2000;
/** Longest error message quoted in a `herald.automation.disabled` reason. */
const MAX_REASON_CHARS = 2000;

type TimerItem =
  | { kind: 'bucket'; t: CompiledEventTrigger; key: string }
  | { kind: 'child'; p: CompiledComposite; key: string; childId: string };

export interface TriggerEngineOptions {
  storage: Storage;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  settings: Pick<Settings, 'triggerLookback' | 'triggerMaxCausationDepth' | 'triggerBatchSize'> &
    Partial<Pick<Settings, 'automationMaxTriggers' | 'automationMaxTriggerDepth' | 'automationMaxDuration' | 'automationMaxThreshold'>>;
  /** Committed batches wake the engine up (it reads the events themselves from storage). */
  bus?: Bus;
  /** Called after a commit that holds firings (the action worker expands them into outbox rows). */
  onFirings?: () => void;
  /** An automation was taken out of the engine (it is no longer evaluated): pause it and say why. */
  onAutomationFailed?: (failure: AutomationFailure) => Promise<void>;
}

export interface AutomationFailure {
  workspaceId: string;
  automationId: string;
  /** `updated` of the stored copy that failed (a newer version is not touched). */
  version: unknown;
  reason: string;
}

export class TriggerEngine implements EngineControl {
  readonly #o: TriggerEngineOptions;
  readonly #lookbackUs: number;
  readonly #index = new TriggerIndex();
  readonly #state = new EngineState();
  readonly #timers = new TimerHeap<TimerItem>();
  readonly #order = new CausalOrder();
  readonly #time: EventsClock;
  readonly #host: BucketHost;
  readonly #limits: AutomationLimits;
  /** Failure reports in flight (awaited by settle and stop). */
  readonly #failing = new Set<Promise<void>>();

  #cursor = 0;
  #committedCursor = -1;
  #lastCommitMs = 0;
  // What the current page produced, committed with its state changes and cursor in #commit (one
  // transaction, [arch I8]): firings — for the history API ([compat D10.33]) and for the action worker,
  // which expands them into outbox rows — and automations whose stored state is to be dropped
  // ([compat D10.4]). The processing lag
  // that delays proactive deadlines lives in EventsClock ([compat S4.6]).
  #firings: FiringRecord[] = [];
  /** The automation versions this page's firings act with, written with them (if absent). */
  #versions = new Map<CompiledAutomation, AutomationVersion>();
  #clear = new Set<string>();
  #reloads: { workspaceId: string; automationId: string; done: () => void }[] = [];
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #started = false;
  #timer: TimerHandle | null = null;
  #unsubscribe: (() => void) | null = null;
  /** Evaluations (event × candidate trigger) since start: for metrics and benchmarks. */
  evaluations = 0;

  constructor(options: TriggerEngineOptions) {
    this.#o = options;
    this.#lookbackUs = options.settings.triggerLookback * 1000;
    this.#time = new EventsClock(options.clock, this.#lookbackUs);
    this.#limits = automationLimitsFrom(options.settings);
    this.#host = {
      get: (t, key) => this.#state.getBucket(t.trigger.id, key),
      set: (t, key, bucket) => {
        // Checked here, not when the state is committed: a window that is not a time must fail the
        // automation that made it, not the commit of every automation.
        assertWindow(bucket);
        const prev = this.#state.getBucket(t.trigger.id, key);
        this.#state.setBucket(t.owner.automation.id, t.trigger.id, key, bucket);
        if (!prev || prev.end !== bucket.end) this.#timers.push(bucketDeadline(t, bucket), { kind: 'bucket', t, key });
      },
      delete: (t, key) => this.#state.deleteBucket(t.owner.automation.id, t.trigger.id, key),
      fire: (t, key, at, event) => this.#fireEventTrigger(t, key, at, event),
    };
  }

  async start(): Promise<void> {
    await this.#load();
    this.#started = true;
    this.#unsubscribe = this.#o.bus?.subscribe(() => this.#kick()) ?? null;
    this.#kick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#timer?.cancel();
    while (this.#running) await this.#running;
    // A reload queued by a failure report while the loop was ending would otherwise never resolve.
    for (const r of this.#reloads.splice(0)) r.done();
    await Promise.all(this.#failing);
    if (this.#started)
      await this.#commit(true).catch((err: unknown) => this.#o.logger.warn({ err }, 'trigger engine: final cursor commit failed'));
  }

  /** Resolves once every committed event has been evaluated and the results committed. */
  async settle(): Promise<void> {
    this.#kick();
    for (;;) {
      if (this.#running) await this.#running;
      else if (this.#failing.size > 0) await Promise.all(this.#failing);
      else return;
    }
  }

  automationChanged(workspaceId: string, automationId: string): Promise<void> {
    // Before start, there is nothing to reload: start() loads every automation from storage.
    if (!this.#started || this.#stopped) return Promise.resolve();
    return new Promise((done) => {
      this.#reloads.push({ workspaceId, automationId, done });
      this.#kick();
    });
  }

  state(workspaceId: string, automationId: string): AutomationStateView | null {
    const compiled = this.#index.get(workspaceId, automationId);
    return compiled ? stateView(compiled, this.#state, this.#time.reached, this.#time.lagUs) : null;
  }

  explain(workspaceId: string, automation: Automation, event: ReceivedEvent): ExplainView {
    const compiled = this.#index.get(workspaceId, automation.id) ?? compileAutomation(workspaceId, automation);
    return explainEvent(compiled, event, this.#state);
  }

  // ---------------------------------------------------------------------------------------------
  // The loop

  #kick(): void {
    if (this.#stopped || !this.#started) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#loop().finally(() => {
      this.#running = null;
      if (this.#again && !this.#stopped) this.#kick();
      else this.#scheduleTimer();
    });
  }

  // Pipelined: a page's commit runs while the next page is read and evaluated (on PostgreSQL the
  // engine otherwise sat idle for the whole commit). Commits still happen one at a time, in page
  // order, each with its own page's effects and cursor ([arch I8]); a failed commit is seen before
  // the next one starts, and recovery reloads the committed state, dropping what was evaluated
  // since. The loop ends only once its last commit is durable (settle, stop).
  async #loop(): Promise<void> {
    let committing: Promise<void> = Promise.resolve();
    do {
      this.#again = false;
      const reloads = this.#reloads.splice(0);
      try {
        for (const r of reloads) await this.#reload(r.workspaceId, r.automationId);
        const page = this.#hasWork()
          ? await this.#o.storage.events.readAfter(this.#cursor, this.#o.settings.triggerBatchSize)
          : await this.#skipAhead();
        this.#time.backlog = page.length === this.#o.settings.triggerBatchSize;
        const leaders = await leaderSeqs(page, this.#order, this.#o.storage.events);
        for (const { seq, workspaceId, event } of page) {
          if (this.#order.admit(workspaceId, event, seq, leaders, this.#o.clock.now() * 1000 - this.#lookbackUs))
            this.#evaluateInOrder(workspaceId, event, 0);
          this.#cursor = seq;
        }
        const more = this.#runDueTimers() || this.#time.backlog;
        await committing;
        committing = this.#commit();
        // Handled now (it is awaited later): a rejection must not count as unhandled meanwhile.
        committing.catch(() => {});
        // A reload is answered once the commit that dropped the automation's old state is durable.
        if (reloads.length > 0 || !more) await committing;
        if (more) this.#again = true;
      } catch (err) {
        // Recovery must not read storage while a commit is still landing.
        await committing.catch(() => {});
        committing = Promise.resolve();
        this.#o.logger.error({ err }, 'trigger engine: evaluation or commit failed; reloading state from storage and retrying');
        await this.#recover();
      } finally {
        for (const r of reloads) r.done();
      }
    } while (this.#again && !this.#stopped);
    await committing.catch((err: unknown) => {
      this.#o.logger.error({ err }, 'trigger engine: commit failed; reloading state from storage and retrying');
      return this.#recover();
    });
  }

  /** Some automation to evaluate events against, or a follower waiting for its leader. */
  #hasWork(): boolean {
    return !this.#index.all().next().done || this.#order.parkedCount > 0;
  }

  /**
   * With nothing to evaluate them against, the new events need not be read: parsing them was a
   * fifth of the event loop's work at full ingest (docs/automations.md#nothing-to-evaluate).
   * The cursor moves to the newest event and the events clock to its time — as if each had been
   * evaluated against no automation. Returns no events.
   */
  async #skipAhead(): Promise<[]> {
    const events = this.#o.storage.events;
    const newest = await events.maxSeq();
    if (newest > this.#cursor) {
      const [last] = await events.readAfter(newest - 1, 1);
      if (last) this.#time.note(timestampToMicros(last.event.occurred));
      this.#cursor = newest;
    }
    return [];
  }

  async #recover(): Promise<void> {
    try {
      await this.#load();
    } catch (err) {
      this.#o.logger.error({ err }, 'trigger engine: reload failed');
    }
    if (!this.#stopped) this.#o.clock.setTimeout(() => this.#kick(), RETRY_MS);
  }

  async #commit(force = false): Promise<void> {
    const { put, del } = this.#state.takeDirty();
    const { added, removed } = this.#order.takeChanges();
    const nothing = put.length + del.length + added.length + removed.length + this.#firings.length + this.#clear.size === 0;
    if (nothing && this.#cursor === this.#committedCursor) return;
    // Events that changed nothing need no transaction of their own: re-reading them after a crash
    // changes nothing either. The cursor then moves at most once a second (or at stop).
    if (nothing && !force && this.#o.clock.now() - this.#lastCommitMs < CURSOR_COMMIT_INTERVAL_MS) return;
    // Taken before the first await: the next page is evaluated while this commit runs (#loop).
    const cursor = this.#cursor;
    const firings = this.#firings;
    const clear = this.#clear;
    const versions = [...this.#versions.values()];
    this.#firings = [];
    this.#versions = new Map();
    this.#clear = new Set();
    await this.#o.storage.automation.engine.commit({
      cursor,
      clock: this.#clockRecord(),
      clearAutomations: [...clear],
      putState: put,
      deleteState: del,
      addFollowers: added,
      removeFollowers: removed,
      versions,
      firings,
    });
    this.#committedCursor = cursor;
    this.#lastCommitMs = this.#o.clock.now();
    if (firings.length > 0) this.#o.onFirings?.();
  }

  /**
   * The events clock as it stands, committed in the cursor's row (one row per commit either way, so
   * no cost per event): what persisted-views.ts shows to processes that do not run the engine.
   */
  #clockRecord(): EngineClockRecord {
    const reached = this.#time.reached;
    return { eventsClock: reached === null ? null : microsToTimestamp(reached), lagUs: this.#time.lagUs };
  }

  // ---------------------------------------------------------------------------------------------
  // Loading and reloading automations

  async #load(): Promise<void> {
    const store = this.#o.storage.automation;
    this.#state.clear();
    this.#timers.clear();
    this.#order.clear();
    this.#firings = [];
    this.#versions = new Map();
    this.#clear = new Set();
    for (const c of [...this.#index.all()]) this.#index.delete(c.workspaceId, c.automation.id);

    const stored = await store.engine.loadCursor();
    this.#cursor = stored ?? (await this.#o.storage.events.maxSeq());
    this.#committedCursor = stored ?? -1;
    const clock = await store.engine.loadClock();
    this.#time.restoreReached(clock?.eventsClock ? timestampToMicros(clock.eventsClock) : null);
    for (const { workspaceId, automation } of await store.automations.listAll()) {
      if (automation.enabled !== true) continue;
      const compiled = this.#compile(workspaceId, automation);
      if (compiled) this.#index.set(compiled);
    }
    const nodes = this.#liveNodes();
    const orphans: { automationId: string; triggerId: string; key: string }[] = [];
    for (const entry of await store.engine.loadState()) {
      const node = nodes.get(entry.triggerId);
      if (!node || node.owner.automation.id !== entry.automationId || !this.#loadEntry(entry)) {
        // State of a deleted, disabled or replaced trigger (e.g. a crash between an API change and
        // the engine's reload): removed, never resumed ([compat D10.4]).
        orphans.push({ automationId: entry.automationId, triggerId: entry.triggerId, key: entry.key });
      }
    }
    const workspaces = new Set([...this.#index.all()].map((c) => c.workspaceId));
    await resolveLastEvents(this.#state.takeUnresolved(), workspaces, this.#o.storage.events, nowTimestamp(this.#o.clock));
    for (const f of await store.engine.loadFollowers()) this.#order.park(f.workspaceId, f.event, false);
    this.#armTimers();
    for (const c of [...this.#index.all()]) this.#ensureSingletons(c);
    const { put, del } = this.#state.takeDirty();
    await store.engine.commit({ cursor: this.#cursor, clock: this.#clockRecord(), putState: put, deleteState: [...del, ...orphans] });
    this.#committedCursor = this.#cursor;
  }

  async #reload(workspaceId: string, automationId: string): Promise<void> {
    const automation = await this.#o.storage.automation.automations.get(workspaceId, automationId);
    const old = this.#index.get(workspaceId, automationId);
    if (old) {
      this.#state.forgetTriggers(triggerIds(old));
      this.#index.delete(workspaceId, automationId);
    }
    // Whatever changed (PUT regenerates trigger ids, PATCH toggles, DELETE), the automation's old
    // windows are dropped in the same commit — never orphaned ([compat D10.4]). Windows restart.
    this.#clear.add(automationId);
    if (automation?.enabled !== true) return;
    const compiled = this.#compile(workspaceId, automation);
    if (!compiled) return;
    this.#index.set(compiled);
    this.#ensureSingletons(compiled);
  }

  /**
   * The automation compiled, or null when it cannot run: a stored trigger that no longer passes the
   * API's validation (an older version or a manual edit saved it) or does not compile.
   */
  #compile(workspaceId: string, automation: Automation): CompiledAutomation | null {
    const issues: ValidationIssue[] = [];
    try {
      const newId = () => uuidv7(this.#o.clock.now());
      parseTriggerTree(automation.trigger, ['trigger'], { newId, keepIds: true, limits: this.#limits }, issues);
      if (issues.length === 0) return compileAutomation(workspaceId, automation);
    } catch (err) {
      this.#fail(workspaceId, automation, 'loading it', err);
      return null;
    }
    const detail = issues.slice(0, 3).map((i) => `${i.loc.join('.')}: ${i.msg}`);
    this.#fail(workspaceId, automation, 'loading it', new Error(`its trigger is not valid (${detail.join('; ')})`));
    return null;
  }

  /** A stored state entry; one that cannot be read is dropped like an orphan. */
  #loadEntry(entry: StateEntry): boolean {
    try {
      return this.#state.load(entry);
    } catch (err) {
      this.#o.logger.warn(
        { err, automation: entry.automationId, trigger: entry.triggerId },
        'trigger engine: unreadable state entry dropped',
      );
      return false;
    }
  }

  /**
   * Takes an automation out of the engine: its triggers and state are dropped (in memory now, in
   * storage with the next commit) and `onAutomationFailed` pauses it. Never throws.
   */
  #fail(workspaceId: string, automation: Automation, doing: string, err: unknown): void {
    const id = String(automation.id);
    // Capped: the reason travels in an event, and an error message may quote a whole stored value.
    const message = (err instanceof Error ? err.message : String(err)).slice(0, MAX_REASON_CHARS);
    const reason = `The trigger engine disabled this automation: ${doing} failed: ${message}`;
    this.#o.logger.error(
      { err, automation: id, workspaceId, reason },
      'trigger engine: automation disabled after a failure; other automations are not affected',
    );
    const compiled = this.#index.get(workspaceId, id);
    if (compiled) {
      this.#state.forgetTriggers(triggerIds(compiled));
      this.#index.delete(workspaceId, id);
    }
    this.#clear.add(id);
    const report = this.#o.onAutomationFailed;
    if (!report) return;
    // Not awaited: pausing reloads the automation through this engine's own loop.
    const pending = report({ workspaceId, automationId: id, version: automation.updated, reason })
      .catch((e: unknown) => this.#o.logger.error({ err: e, automation: id }, 'trigger engine: could not pause a failed automation'))
      .finally(() => this.#failing.delete(pending));
    this.#failing.add(pending);
  }

  /**
   * Runs one automation's evaluation step; when it throws, the firings it queued
   * are taken back (one step only ever touches its own automation) and the automation fails alone.
   */
  #isolated(owner: CompiledAutomation, doing: string, step: () => void): void {
    const firings = this.#firings.length;
    try {
      step();
    } catch (err) {
      this.#firings.length = firings;
      this.#fail(owner.workspaceId, owner.automation, doing, err);
    }
  }

  #liveNodes(): Map<string, CompiledTrigger> {
    const nodes = new Map<string, CompiledTrigger>();
    for (const c of this.#index.all()) {
      for (const t of c.eventTriggers) nodes.set(t.trigger.id, t);
      for (const p of c.composites) nodes.set(p.trigger.id, p);
    }
    return nodes;
  }

  #armTimers(): void {
    const nodes = this.#liveNodes();
    for (const [triggerId, buckets] of this.#state.buckets) {
      const t = nodes.get(triggerId);
      if (t?.kind !== 'event') continue;
      for (const [key, b] of buckets) this.#timers.push(bucketDeadline(t, b), { kind: 'bucket', t, key });
    }
    for (const [parentId, cs] of this.#state.composites) {
      const p = nodes.get(parentId);
      if (!p || p.kind === 'event' || p.withinUs === null) continue;
      for (const [key, children] of cs)
        for (const c of children.values()) this.#timers.push(c.at + p.withinUs, { kind: 'child', p, key, childId: c.childId });
    }
  }

  /**
   * A Proactive trigger without `after` or `for_each` watches for absence even if no event ever
   * arrives: its single window exists from the start ([compat S4.5] step 2).
   */
  #ensureSingletons(c: CompiledAutomation): void {
    try {
      for (const t of c.eventTriggers) {
        if (!t.proactive || t.after.length > 0 || t.forEach.length > 0 || this.#host.get(t, '[]')) continue;
        const asOf = this.#time.asOf();
        this.#host.set(t, '[]', { start: asOf, end: windowEnd(asOf, t.withinUs), count: 0, lastEvent: null });
      }
    } catch (err) {
      this.#fail(c.workspaceId, c.automation, 'opening its first window', err);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Events, timers, firings

  /** Evaluates an event, then the followers that waited for it (recursively, bounded). */
  #evaluateInOrder(workspaceId: string, event: ReceivedEvent, depth: number): void {
    this.#processEvent(workspaceId, event);
    this.#order.markSeen(workspaceId, event.id);
    if (depth >= MAX_FOLLOWER_DEPTH) return;
    for (const follower of this.#order.release(workspaceId, event.id)) this.#evaluateInOrder(workspaceId, follower, depth + 1);
  }

  #processEvent(workspaceId: string, event: ReceivedEvent): void {
    if (event.event === 'prefect.log.write') return;
    const occurredUs = timestampToMicros(event.occurred);
    this.#time.note(occurredUs);
    for (const t of this.#index.byName(workspaceId, event.event)) {
      // Its automation failed on an earlier trigger of this same event.
      if (this.#index.get(workspaceId, t.owner.automation.id) !== t.owner) continue;
      this.evaluations++;
      this.#isolated(t.owner, `evaluating event ${event.id}`, () => {
        if (coversResources(t, event)) evaluateEvent(t, bucketingKey(t, event), event, occurredUs, this.#lookbackUs, this.#host);
      });
    }
  }

  /** Judges due deadlines; true when some are left for the next pass (MAX_TIMER_FIRINGS_PER_PASS). */
  #runDueTimers(): boolean {
    // Followers whose leader never came (within the lookback) are evaluated without it.
    const lostBefore = microsToTimestamp(this.#o.clock.now() * 1000 - this.#lookbackUs);
    for (const { workspaceId, event } of this.#order.releaseLost(lostBefore)) this.#evaluateInOrder(workspaceId, event, 0);
    const asOf = this.#time.asOf();
    const firingsBefore = this.#firings.length;
    for (let due = this.#timers.popDue(asOf); due; due = this.#timers.popDue(asOf)) {
      if (this.#firings.length - firingsBefore >= MAX_TIMER_FIRINGS_PER_PASS) {
        this.#timers.push(due.at, due.item); // not judged yet: first in the next pass
        return true;
      }
      const item = due.item;
      if (item.kind === 'bucket') {
        const { t, key } = item;
        if (this.#index.get(t.owner.workspaceId, t.owner.automation.id) !== t.owner) continue;
        const bucket = this.#host.get(t, key);
        if (!bucket || bucketDeadline(t, bucket) !== due.at) continue; // moved or gone: stale entry
        this.#isolated(t.owner, 'judging a deadline', () => {
          if (t.proactive) evaluate(t, key, bucket, asOf, null, this.#host);
          else this.#host.delete(t, key);
        });
      } else {
        const { p, key, childId } = item;
        if (this.#index.get(p.owner.workspaceId, p.owner.automation.id) !== p.owner) continue;
        this.#isolated(p.owner, 'expiring a composite child', () => {
          const child = this.#state.composites.get(p.trigger.id)?.get(key)?.get(childId);
          if (child && expired(p, child, asOf)) this.#state.deleteChild(p.owner.automation.id, p.trigger.id, key, childId);
        });
      }
    }
    return false;
  }

  #scheduleTimer(): void {
    this.#timer?.cancel();
    this.#timer = null;
    if (this.#stopped) return;
    const next = this.#timers.peek();
    const oldestFollower = this.#order.oldestReceived();
    const candidates: number[] = [];
    if (next) candidates.push((next.at + this.#time.lagUs) / 1000);
    if (oldestFollower) candidates.push((timestampToMicros(oldestFollower) + this.#lookbackUs) / 1000 + 1);
    if (candidates.length === 0) return;
    const delayMs = Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(Math.min(...candidates) - this.#o.clock.now())));
    this.#timer = this.#o.clock.setTimeout(() => this.#kick(), delayMs);
  }

  #fireEventTrigger(t: CompiledEventTrigger, key: string, atUs: number, event: ReceivedEvent | null): void {
    const values = JSON.parse(key) as string[];
    const labels: Record<string, string> = {};
    t.forEach.forEach((label, i) => (labels[label] = values[i]));
    const firing: Firing = {
      // Unique per firing (one event can fire a trigger twice, e.g. threshold 0); a replayed page
      // was never committed, so fresh ids on replay duplicate nothing.
      id: uuidv7(this.#o.clock.now()),
      trigger: t.trigger,
      trigger_states: ['Triggered'],
      triggered: microsToTimestamp(atUs),
      triggering_labels: labels,
      triggering_firings: [],
      triggering_event: event,
      triggering_value: null,
    };
    this.#dispatch(t, firing, atUs);
  }

  #dispatch(node: CompiledTrigger, firing: Firing, atUs: number): void {
    if (node.parent) this.#childFired(node.parent, node.trigger.id, firing, atUs);
    else this.#act(node.owner, firing);
  }

  #childFired(p: CompiledComposite, childId: string, firing: Firing, atUs: number): void {
    const due = childFired(p, childId, firing, atUs, this.#state);
    if (due.expiresAt !== null) this.#timers.push(due.expiresAt, { kind: 'child', p, key: due.key, childId });
    if (due.parentFiring) this.#dispatch(p, due.parentFiring, due.at);
  }

  /**
   * Commits the firing alone: the action worker writes its outbox rows afterwards, from the firing and
   * the automation version committed with it (automations/firing-expander.ts) — copying the
   * automation and the event into rows here would cost two thirds of a firing's time
   * (docs/storage.md "What a firing costs to commit").
   */
  #act(owner: CompiledAutomation, firing: Firing): void {
    const { automation, workspaceId } = owner;
    const { depth, stopped } = firingDepth(firing, this.#o.settings.triggerMaxCausationDepth);
    this.#firings.push({
      id: firing.id,
      workspaceId,
      automationId: automation.id,
      firing,
      outcome: stopped ? 'loop-stopped' : 'acted',
      recorded: nowTimestamp(this.#o.clock),
      expanded: false,
      automationUpdated: automation.updated,
    });
    this.#versions.set(owner, { workspaceId, automation });
    if (stopped) {
      this.#o.logger.warn(
        { automation: automation.id, firing: firing.id, depth },
        'automation loop stopped: causation depth exceeded triggerMaxCausationDepth; actions not run',
      );
    }
  }
}

function bucketDeadline(t: CompiledEventTrigger, b: Bucket): number {
  return t.proactive ? b.end : b.end + EXPIRED_BUCKET_BUFFER_US;
}

/** Throws unless the window's bounds are times a timestamp can hold (years 0001–9999). */
function assertWindow(b: Bucket): void {
  if (!(b.start >= MIN_US && b.end <= MAX_US && b.start <= b.end)) {
    throw new RangeError(`window [${b.start}, ${b.end}] µs is not a valid time range`);
  }
}

function triggerIds(c: CompiledAutomation): string[] {
  return [...c.eventTriggers.map((t) => t.trigger.id), ...c.composites.map((p) => p.trigger.id)];
}
