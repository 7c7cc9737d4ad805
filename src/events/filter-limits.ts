// Size limits on event filters (settings maxFilterListItems, maxFilterLabels,
// maxFilterResourceFilters). Why: every prefix, label pattern, label and related/any_resource entry
// becomes one more operand of an OR/AND chain in SQL, and SQLite refuses expression trees deeper than
// 1000 ("Expression tree is too large", a 500). Bounding each list keeps the deepest possible filter
// well inside that (test/api/filter-limits.test.ts runs a filter with every list at its limit on
// both backends). Checked in the one filter parser, so queries, count-by, /events/out and trigger
// specs all get them.

import type { Settings } from '../config.js';
import { issue, type Loc, type ValidationIssue } from './issues.js';
import type { EventFilter, ResourceSpecification } from './types.js';

export interface FilterLimits {
  /** Entries in one list (names, prefixes, ids, roles, resources_in_roles, event ids) and patterns of one label. */
  maxListItems: number;
  /** Labels in one label specification. */
  maxLabels: number;
  /** Entries in `related`, and in `any_resource`. */
  maxResourceFilters: number;
  /**
   * Values in the whole filter (each becomes a bind parameter or SQL operand; SQLite allows 32,766
   * parameters per statement): every list entry, label and label pattern.
   */
  maxTerms: number;
}

/** The defaults of the settings (for in-process callers that have no settings at hand). */
export const DEFAULT_FILTER_LIMITS: FilterLimits = Object.freeze({
  maxListItems: 200,
  maxLabels: 50,
  maxResourceFilters: 20,
  maxTerms: 2000,
});

export function filterLimitsFrom(
  settings: Pick<Settings, 'maxFilterListItems' | 'maxFilterLabels' | 'maxFilterResourceFilters' | 'maxFilterTerms'>,
): FilterLimits {
  return {
    maxListItems: settings.maxFilterListItems,
    maxLabels: settings.maxFilterLabels,
    maxResourceFilters: settings.maxFilterResourceFilters,
    maxTerms: settings.maxFilterTerms,
  };
}

/** Values in a parsed filter, as `maxTerms` counts them: list entries, labels and label patterns. */
export function filterTerms(filter: EventFilter): number {
  let n = 0;
  const lists = (o: object | null | undefined) => {
    if (!o) return;
    for (const [key, v] of Object.entries(o)) {
      if (key === 'labels' && v) n += specTerms(v as ResourceSpecification);
      else if (Array.isArray(v)) n += v.length;
    }
  };
  const many = <T>(v: T | T[] | null | undefined): T[] => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]);
  lists(filter.event);
  lists(filter.resource);
  for (const r of many(filter.related)) lists(r);
  for (const a of many(filter.any_resource)) lists(a);
  n += filter.id?.id?.length ?? 0;
  return n;
}

function specTerms(spec: ResourceSpecification): number {
  let n = 0;
  for (const v of Object.values(spec)) n += 1 + (typeof v === 'string' ? 1 : v.length);
  return n;
}

/** Pydantic's `too_long` issue for a list or dictionary of `actual` entries above `max`. */
export function tooLong(loc: Loc, input: unknown, kind: 'List' | 'Dictionary', actual: number, max: number): ValidationIssue {
  return issue(loc, 'too_long', `${kind} should have at most ${max} item${max === 1 ? '' : 's'} after validation, not ${actual}`, input, {
    field_type: kind,
    max_length: max,
    actual_length: actual,
  });
}
