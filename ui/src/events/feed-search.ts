// The feed's state, all of it in the URL (docs/ui.md "URL"): checked and normalised here, so any
// hand-edited or stale link still opens a valid view — an invalid value is dropped, never an error.
// `toFilter` turns it into the wire EventFilter; a `scope` (the resource timeline's resource) is
// AND-ed with whatever the search adds.

import type { EventFilterInput } from '@herald/sdk/browser';
import { type RangeKey, RANGE_KEYS, resolveRange } from './range';

/** One any-resource criterion (the SDK names only the filter that holds it). */
export type AnyResourceFilterInput = Exclude<NonNullable<EventFilterInput['any_resource']>, readonly unknown[]>;

export interface FeedSearch {
  /** A relative range preset; ignored while `since`/`until` set an absolute one. */
  range?: RangeKey;
  /** Absolute range (ISO timestamps), from drag-to-zoom or "previous window". */
  since?: string;
  until?: string;
  /** Event names; one ending in `.*` is a prefix. */
  event?: string[];
  /** A resource id, or an id prefix ending in `*`; matches the primary or a related resource. */
  resource?: string;
  /** A related resource's role (with `related`: that resource in that role). */
  role?: string;
  /** A related resource's id, or an id prefix ending in `*`. */
  related?: string;
  /** Primary-resource labels: `key=value` or `key!=value` (value may use `*`); one per key. */
  label?: string[];
  /** Text search (`text.query`). */
  q?: string;
  /** Live tail on. */
  live?: boolean;
}

/** The search keys that narrow what is shown (the rest choose the window and live tail). */
export const FILTER_KEYS = ['event', 'resource', 'role', 'related', 'label', 'q'] as const;

const one = (v: unknown): string | undefined => {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
};
const many = (v: unknown): string[] | undefined => {
  const list = (Array.isArray(v) ? v : [v]).filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim());
  return list.length ? [...new Set(list)] : undefined;
};
const isoOrUndefined = (v: unknown): string | undefined => {
  const s = one(v);
  return s && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString() : undefined;
};

export interface LabelCondition {
  key: string;
  negate: boolean;
  value: string;
}

/** `key=value` / `key!=value`; null when malformed (no key, no value, or `=` in the key). */
export function parseLabel(text: string): LabelCondition | null {
  const m = /^([^=!]+?)\s*(!?=)\s*(.+)$/.exec(text.trim());
  if (!m) return null;
  return { key: m[1].trim(), negate: m[2] === '!=', value: m[3].trim() };
}

export function formatLabel(c: LabelCondition): string {
  return `${c.key}${c.negate ? '!=' : '='}${c.value}`;
}

/**
 * Well-formed labels, one per key (the first wins): the server ORs the values given for one key,
 * and OR-ed negations match everything (spec §1.4), so a second condition on a key could not be AND-ed.
 */
function labels(v: unknown): string[] | undefined {
  const byKey = new Map<string, string>();
  for (const text of many(v) ?? []) {
    const c = parseLabel(text);
    if (c && !byKey.has(c.key)) byKey.set(c.key, formatLabel(c));
  }
  return byKey.size ? [...byKey.values()] : undefined;
}

export function validateFeedSearch(raw: Record<string, unknown>): FeedSearch {
  const range = one(raw.range);
  let since = isoOrUndefined(raw.since);
  let until = isoOrUndefined(raw.until);
  if (since && until && since >= until) since = until = undefined;
  return {
    range: RANGE_KEYS.includes(range as RangeKey) ? (range as RangeKey) : undefined,
    since,
    until: since ? until : undefined,
    event: many(raw.event),
    resource: one(raw.resource),
    role: one(raw.role),
    related: one(raw.related),
    label: labels(raw.label),
    q: one(raw.q),
    live: one(raw.live) === '1' || raw.live === true ? true : undefined,
  };
}

/** How many filters narrow the feed (for "clear N filters"); role and related together are one. */
export function activeFilterCount(s: FeedSearch): number {
  return (s.event?.length ? 1 : 0) + (s.resource ? 1 : 0) + (s.role || s.related ? 1 : 0) + (s.label?.length ?? 0) + (s.q ? 1 : 0);
}

/** The patch that clears every filter (keeping range and live tail). */
export const CLEAR_FILTERS: Partial<FeedSearch> = Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined]));

/** An id, or a prefix ending in `*`, as an any-resource criterion. */
function idCriterion(text: string): AnyResourceFilterInput {
  return text.endsWith('*') ? { id_prefix: [text.slice(0, -1)] } : { id: [text] };
}

export interface FilterOptions {
  /** false: leave the event-name filter out (what count-by/event narrows by). */
  events?: boolean;
  /** false: leave the resource filter out (what count-by/resource offers names from). */
  resource?: boolean;
  /** A fixed criterion AND-ed with the search (the resource timeline's own resource). */
  scope?: AnyResourceFilterInput;
}

/** The filter without its time window: what live tail subscribes with, and what the pickers narrow by. */
export function baseFilter(s: FeedSearch, opts: FilterOptions = {}): EventFilterInput {
  const filter: EventFilterInput = { order: 'DESC' };
  const events = opts.events === false ? undefined : s.event;
  if (events?.length) {
    const prefix = events.filter((e) => e.endsWith('.*')).map((e) => e.slice(0, -1));
    const name = events.filter((e) => !e.endsWith('.*'));
    // Names and prefixes are AND-ed by the server, so only one kind can be sent; prefixes win and
    // exact names ride along as prefixes of themselves (an over-match only of longer names).
    filter.event = prefix.length ? { prefix: [...prefix, ...name] } : { name };
  }
  // An array of any-resource criteria is AND-ed by the server (each may match a different resource).
  const anyResource = [opts.scope, opts.resource === false || !s.resource ? undefined : idCriterion(s.resource)].filter(
    (c): c is AnyResourceFilterInput => c !== undefined,
  );
  if (anyResource.length) filter.any_resource = anyResource.length === 1 ? anyResource[0] : anyResource;
  if (s.role || s.related) {
    // One related resource must satisfy both: the role compared exactly, the id as a glob (so a
    // trailing `*` is a prefix); without a role, any role but never the primary resource.
    filter.related = {
      ...(s.role ? { role: [s.role] } : {}),
      ...(s.related ? { labels: { 'prefect.resource.id': s.related } } : {}),
    };
  }
  if (s.label?.length) {
    const spec: Record<string, string> = {};
    for (const c of s.label.map(parseLabel)) if (c) spec[c.key] = c.negate ? `!${c.value}` : c.value;
    filter.resource = { labels: spec };
  }
  if (s.q) filter.text = { query: s.q };
  return filter;
}

export function toFilter(s: FeedSearch, now: number, opts: FilterOptions = {}): EventFilterInput {
  const { since, until } = resolveRange(s, now);
  return { ...baseFilter(s, opts), occurred: { since: new Date(since).toISOString(), until: new Date(until).toISOString() } };
}
