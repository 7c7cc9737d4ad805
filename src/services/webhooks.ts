// The webhooks application service: create, read, list, change, rotate, delete and try inbound
// webhooks inside the caller's workspace (docs/webhooks.md "Managing webhooks"). Every change is
// stored first, then announced as a `prefect-cloud.webhook.created|updated|deleted` event, and
// applied at once to this process's receive path (the directory forgets the slug).

import { uuidv7 } from '../../sdk/uuidv7.js';
import type { Clock } from '../clock.js';
import type { Settings } from '../config.js';
import { HeraldError } from '../errors.js';
import {
  eventLimitsFrom,
  isPlainObject,
  timestampFromMillis,
  validateUuidField,
  type ValidationIssue,
  validationError,
} from '../events/index.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { RequestContext } from '../request-context.js';
import type { WebhookRecord, WebhookStore } from '../storage/webhook-store.js';
import { limitsFromSettings } from '../templates/index.js';
import { WebhookDirectory } from '../webhooks/directory.js';
import { newSlug, parseSecretRotation, parseWebhookBody, type BodyMode } from '../webhooks/parse.js';
import { WebhookRateLimiter } from '../webhooks/rate-limit.js';
import { WebhookReceiver } from '../webhooks/receiver.js';
import { heraldMetrics } from '../metrics.js';
import type { Registry } from 'prom-client';
import { parseTryRequest, tryWebhook, type TryResult } from '../webhooks/try-it.js';
import { webhookView, type WebhookView } from '../webhooks/view.js';
import { changeEvent, type WebhookChange } from '../webhooks/webhook-events.js';
import { parseWebhookFilter } from '../webhooks/filter.js';

export interface WebhookServiceDeps {
  store: WebhookStore;
  ingestor: Ingestor;
  clock: Clock;
  settings: Settings;
  directory: WebhookDirectory;
  rateLimiter: WebhookRateLimiter;
}

/** A view with the secret Herald generated for it, shown this once. */
export type WebhookViewWithSecret = WebhookView & { signing_secret?: string };

const notFound = () => new HeraldError('HERALD_ERR_NOT_FOUND', { what: 'Webhook' });
/** Draws of a fresh slug before giving up (16 random bytes: a clash is already a miracle). */
const SLUG_ATTEMPTS = 3;

export class WebhookService {
  readonly #d: WebhookServiceDeps;

  constructor(deps: WebhookServiceDeps) {
    this.#d = deps;
  }

  get #templateLimits() {
    return limitsFromSettings(this.#d.settings);
  }

  async create(ctx: RequestContext, body: unknown): Promise<WebhookViewWithSecret> {
    const parsed = this.#parse(body, 'create', null);
    const now = this.#now();
    for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
      const record: WebhookRecord = {
        id: uuidv7(this.#d.clock.now()),
        workspaceId: ctx.workspaceId,
        slug: newSlug(),
        settings: parsed.settings,
        secrets: parsed.secrets,
        created: now,
        updated: now,
      };
      if (await this.#d.store.create(record)) {
        await this.#announce('created', record, []);
        return this.#view(record, parsed.generatedSecret);
      }
    }
    throw new Error('could not draw a free webhook slug');
  }

  async list(ctx: RequestContext): Promise<WebhookView[]> {
    const now = this.#now();
    return (await this.#d.store.list(ctx.workspaceId)).map((r) => webhookView(r, now));
  }

  /** POST /webhooks/filter: Prefect's CLI sends no body; Terraform's filter names webhooks. */
  async filter(ctx: RequestContext, body: unknown): Promise<WebhookView[]> {
    const filter = parseWebhookFilter(body);
    if (!filter.ok) throw validationError(filter.issues, body ?? null);
    return filter.apply(await this.list(ctx));
  }

  async get(ctx: RequestContext, id: string): Promise<WebhookView> {
    return this.#view(await this.#load(ctx, id), null);
  }

  /** PUT (replace) and PATCH: fields not named keep their values (parse.ts says why). */
  async change(ctx: RequestContext, id: string, body: unknown, mode: Exclude<BodyMode, 'create'>): Promise<WebhookViewWithSecret> {
    const existing = await this.#load(ctx, id);
    const parsed = this.#parse(body, mode, existing);
    const record: WebhookRecord = { ...existing, settings: parsed.settings, secrets: parsed.secrets, updated: this.#now() };
    return this.#save(existing, record, parsed.generatedSecret);
  }

  /** A new slug (the old URL stops working at once); everything else is kept. */
  async rotateSlug(ctx: RequestContext, id: string): Promise<WebhookView> {
    const existing = await this.#load(ctx, id);
    return this.#save(existing, { ...existing, slug: newSlug(), updated: this.#now() }, null);
  }

  /** A new signing secret; the previous one is still accepted for the overlap. */
  async rotateSecret(ctx: RequestContext, id: string, body: unknown): Promise<WebhookViewWithSecret> {
    const existing = await this.#load(ctx, id);
    const now = this.#now();
    const parsed = parseSecretRotation(body, existing, now);
    if (!parsed.ok) throw validationError(parsed.issues, hideSecret(body));
    return this.#save(existing, { ...existing, secrets: parsed.secrets, updated: now }, parsed.generatedSecret);
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const existing = await this.#load(ctx, id);
    if (!(await this.#d.store.delete(ctx.workspaceId, id))) throw notFound();
    this.#d.directory.forget(existing.slug);
    this.#d.rateLimiter.forget(existing.id);
    await this.#announce('deleted', existing, []);
  }

  /** Try a request against a webhook (`id`) or a draft template: the event it would make; nothing is stored. */
  async test(ctx: RequestContext, id: string | null, body: unknown): Promise<TryResult> {
    const existing = id === null ? null : await this.#load(ctx, id);
    const request = parseTryRequest(body, existing === null, this.#templateLimits);
    if (!request.ok) throw validationError(request.issues, hideSecret(body));
    const nowMs = this.#d.clock.now();
    return tryWebhook(existing, request.value, {
      nowMs,
      now: timestampFromMillis(nowMs),
      eventLimits: eventLimitsFrom(this.#d.settings),
      templateLimits: this.#templateLimits,
      maxJsonDepth: this.#d.settings.maxJsonDepth,
    });
  }

  #parse(body: unknown, mode: BodyMode, existing: WebhookRecord | null) {
    const parsed = parseWebhookBody(body, mode, existing, this.#templateLimits);
    if (!parsed.ok) throw validationError(parsed.issues, hideSecret(body));
    return parsed;
  }

  async #save(existing: WebhookRecord, record: WebhookRecord, generatedSecret: string | null): Promise<WebhookViewWithSecret> {
    if (!(await this.#d.store.update(record))) throw notFound();
    this.#d.directory.forget(existing.slug);
    if (JSON.stringify(existing.settings.rateLimit) !== JSON.stringify(record.settings.rateLimit)) this.#d.rateLimiter.forget(record.id);
    await this.#announce('updated', record, changedFields(existing, record));
    return this.#view(record, generatedSecret);
  }

  async #announce(change: WebhookChange, record: WebhookRecord, changed: string[]): Promise<void> {
    const nowMs = this.#d.clock.now();
    await this.#d.ingestor.ingest(record.workspaceId, [changeEvent(change, record, changed, nowMs, timestampFromMillis(nowMs))]);
  }

  async #load(ctx: RequestContext, id: string): Promise<WebhookRecord> {
    const record = await this.#d.store.get(ctx.workspaceId, id);
    if (!record) throw notFound();
    return record;
  }

  #view(record: WebhookRecord, generatedSecret: string | null): WebhookViewWithSecret {
    const view = webhookView(record, this.#now());
    return generatedSecret === null ? view : { ...view, signing_secret: generatedSecret };
  }

  #now() {
    return timestampFromMillis(this.#d.clock.now());
  }
}

/** The API names of the fields that differ (secrets and slug named, never shown). */
function changedFields(a: WebhookRecord, b: WebhookRecord): string[] {
  const names: Record<string, string> = {
    name: 'name',
    description: 'description',
    enabled: 'enabled',
    template: 'template',
    serviceAccountId: 'service_account_id',
    signature: 'signature',
    dedupKey: 'dedup_key',
    rateLimit: 'rate_limit',
    emitReceived: 'emit_received',
  };
  const changed = Object.entries(names)
    .filter(
      ([key]) => JSON.stringify(a.settings[key as keyof typeof a.settings]) !== JSON.stringify(b.settings[key as keyof typeof b.settings]),
    )
    .map(([, name]) => name);
  if (a.slug !== b.slug) changed.push('slug');
  if (JSON.stringify(a.secrets) !== JSON.stringify(b.secrets)) changed.push('secret');
  return changed;
}

/** The body as echoed in a 422, with any secret replaced. */
function hideSecret(body: unknown): unknown {
  if (!isPlainObject(body)) return body ?? null;
  const copy: Record<string, unknown> = { ...body };
  if (typeof copy.secret === 'string') copy.secret = '[hidden]';
  if (isPlainObject(copy.signature) && copy.signature.secret !== undefined) copy.signature = { ...copy.signature, secret: '[hidden]' };
  return copy;
}

/** The `{id}` path parameter as a UUID, else a 422 naming it. */
export function webhookIdParam(params: unknown): string {
  const issues: ValidationIssue[] = [];
  const id = validateUuidField((params as { id?: unknown }).id, ['path', 'id'], issues);
  if (id === null) throw validationError(issues, null);
  return id;
}

/**
 * The management service and the receive path, sharing one slug directory and one set of rate
 * buckets, so a change made through the API applies to /hooks/{slug} at once.
 */
export function createWebhookServices(deps: {
  settings: Settings;
  clock: Clock;
  storage: { webhooks: WebhookStore };
  ingestor: Ingestor;
  metrics?: Registry;
}): { webhooks: WebhookService; webhookReceiver: WebhookReceiver } {
  const templateLimits = limitsFromSettings(deps.settings);
  const directory = new WebhookDirectory({
    store: deps.storage.webhooks,
    clock: deps.clock,
    ttlMs: deps.settings.hookCacheSeconds * 1000,
    limits: templateLimits,
  });
  const rateLimiter = new WebhookRateLimiter(deps.clock);
  const counter = deps.metrics ? heraldMetrics(deps.metrics).hookRequests : null;
  return {
    webhooks: new WebhookService({ ...deps, store: deps.storage.webhooks, directory, rateLimiter }),
    webhookReceiver: new WebhookReceiver({
      directory,
      rateLimiter,
      ingestor: deps.ingestor,
      clock: deps.clock,
      eventLimits: eventLimitsFrom(deps.settings),
      templateLimits,
      maxJsonDepth: deps.settings.maxJsonDepth,
      count: counter ? (outcome) => counter.labels({ outcome }).inc() : undefined,
    }),
  };
}
