// Slug → ready webhook, for the receive path: one storage read per slug per `ttlMs`, templates
// compiled once per version. Unknown slugs are remembered too, so a flood of made-up URLs does not
// become a flood of queries. Changes made through this process are applied at once (`forget`);
// another process sharing the database sees them within `ttlMs` (setting hookCacheSeconds).

import type { Clock } from '../clock.js';
import { TemplateError, type TemplateLimits } from '../templates/index.js';
import type { WebhookSettings, WebhookStore } from '../storage/webhook-store.js';
import type { ReadyWebhook } from './process.js';
import { compileWebhookTemplate } from './template-env.js';

/** Most slugs remembered (known and unknown); the oldest entry goes first beyond it. */
const MAX_ENTRIES = 10_000;

interface Entry {
  hook: ReadyWebhook | null;
  until: number;
}

export class WebhookDirectory {
  readonly #store: WebhookStore;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #limits: Partial<TemplateLimits> | undefined;
  readonly #entries = new Map<string, Entry>();
  /** Lookups in flight, shared by concurrent requests to the same slug. */
  readonly #loading = new Map<string, Promise<ReadyWebhook | null>>();
  /** Bumped by every `forget`: a lookup that started before it must not cache what it read. */
  #generation = 0;

  constructor(opts: { store: WebhookStore; clock: Clock; ttlMs: number; limits?: Partial<TemplateLimits> }) {
    this.#store = opts.store;
    this.#clock = opts.clock;
    this.#ttlMs = opts.ttlMs;
    this.#limits = opts.limits;
  }

  /** The enabled webhook behind `slug`, or null (unknown and disabled look the same to senders). */
  async find(slug: string): Promise<ReadyWebhook | null> {
    const now = this.#clock.now();
    const cached = this.#entries.get(slug);
    if (cached && cached.until > now) return cached.hook;
    let loading = this.#loading.get(slug);
    if (!loading) {
      loading = this.#load(slug, now).finally(() => this.#loading.delete(slug));
      this.#loading.set(slug, loading);
    }
    return loading;
  }

  /** Drops what is remembered of `slug` (after a change, a rotation or a delete). */
  forget(slug: string): void {
    this.#generation++;
    this.#entries.delete(slug);
    this.#loading.delete(slug);
  }

  async #load(slug: string, now: number): Promise<ReadyWebhook | null> {
    const generation = this.#generation;
    const record = await this.#store.bySlug(slug);
    const hook = record?.settings.enabled ? { record, compiled: this.#compile(record.settings) } : null;
    if (this.#ttlMs > 0 && generation === this.#generation) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value as string);
      this.#entries.set(slug, { hook, until: now + this.#ttlMs });
    }
    return hook;
  }

  /** Saved templates compiled at save time; one that no longer compiles fails each request, loudly. */
  #compile(settings: WebhookSettings): ReadyWebhook['compiled'] {
    try {
      return {
        template: compileWebhookTemplate(settings.template, this.#limits),
        dedupKey: settings.dedupKey ? compileWebhookTemplate(settings.dedupKey, this.#limits) : null,
      };
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      return { error: `the saved template no longer compiles: ${err.message}` };
    }
  }
}
