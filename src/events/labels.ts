// Label matching with resource specifications ([compat S1.4], [compat S1.5]), Prefect's server semantics:
// AND across labels, OR across one label's patterns, fnmatch globs, `!` negation, a missing label
// never matches (negated or not), an empty pattern list matches nothing, `{}` matches everything.
// Quirk kept on purpose (wire semantics): `["!a", "!b"]` is "not a OR not b", i.e. every present value.

import { DEFAULT_FILTER_LIMITS, tooLong, type FilterLimits } from './filter-limits.js';
import { compileGlob, globMatch, type GlobMatcher } from './glob.js';
import { isPlainObject, issue, type Loc, type ValidationIssue } from './issues.js';
import type { Event, Resource, ResourceSpecification } from './types.js';

export { globMatch, parseGlob, compileGlob, globToLike, globToRegExpSource, escapeLike, isLiteralGlob } from './glob.js';
export type { GlobToken, GlobMatcher, LikePattern } from './glob.js';

const hasOwn = Object.prototype.hasOwnProperty;

/** A label's value in a resource, or undefined when absent (never an inherited property). */
export function labelValue(resource: Resource, label: string): string | undefined {
  return hasOwn.call(resource, label) ? resource[label] : undefined;
}

function patternMatches(pattern: string, value: string): boolean {
  return pattern.charCodeAt(0) === 33 /* ! */ ? !globMatch(pattern.slice(1), value) : globMatch(pattern, value);
}

/** Whether one label value satisfies the pattern(s) of a spec entry (OR across patterns). */
export function labelValueMatches(patterns: string | readonly string[], value: string | null | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (typeof patterns === 'string') return patternMatches(patterns, value);
  for (let i = 0; i < patterns.length; i++) if (patternMatches(patterns[i], value)) return true;
  return false;
}

/** Whether `resource` satisfies every label of `spec`. */
export function resourceSpecMatches(spec: ResourceSpecification, resource: Resource): boolean {
  for (const label in spec) {
    if (!labelValueMatches(spec[label], labelValue(resource, label))) return false;
  }
  return true;
}

/** `spec` is empty, or some candidate satisfies it (Prefect's `includes`). */
export function resourceSpecIncludes(spec: ResourceSpecification, resources: readonly Resource[]): boolean {
  if (isEmptySpec(spec)) return true;
  for (const r of resources) if (resourceSpecMatches(spec, r)) return true;
  return false;
}

export function isEmptySpec(spec: ResourceSpecification): boolean {
  for (const _ in spec) return false;
  return true;
}

export type ResourcePredicate = (resource: Resource) => boolean;

/**
 * Compiles a spec once (globs pre-compiled, no per-call allocation) — what triggers should hold
 * on to. Same result as `resourceSpecMatches`.
 */
export function compileResourceSpec(spec: ResourceSpecification): ResourcePredicate {
  const entries: { label: string; patterns: { negated: boolean; match: GlobMatcher }[] }[] = [];
  for (const label of Object.keys(spec)) {
    const raw = spec[label];
    const list = typeof raw === 'string' ? [raw] : raw;
    entries.push({
      label,
      patterns: list.map((p) =>
        p.startsWith('!') ? { negated: true, match: compileGlob(p.slice(1)) } : { negated: false, match: compileGlob(p) },
      ),
    });
  }
  return (resource) => {
    for (const e of entries) {
      const v = labelValue(resource, e.label);
      if (v === undefined) return false;
      let any = false;
      for (const p of e.patterns) {
        if (p.match(v) !== p.negated) {
          any = true;
          break;
        }
      }
      if (!any) return false;
    }
    return true;
  };
}

/** `[resource, ...related]` ([compat S1.1] `involved_resources`). */
export function involvedResources(event: Pick<Event, 'resource' | 'related'>): Resource[] {
  return [event.resource, ...event.related];
}

/** The FIRST related resource with `role`, or null ([compat S1.1] `resource_in_role`). */
export function resourceInRole(event: Pick<Event, 'related'>, role: string): Resource | null {
  for (const r of event.related) if (labelValue(r, 'prefect.resource.role') === role) return r;
  return null;
}

/** Every related resource with `role`, in order ([compat S1.1] `resources_in_role`). */
export function resourcesInRole(event: Pick<Event, 'related'>, role: string): Resource[] {
  return event.related.filter((r) => labelValue(r, 'prefect.resource.role') === role);
}

/**
 * `event.find_resource_label(label)` ([compat S1.1]): `related:<role>:<label>` reads `<label>` from the
 * FIRST related resource with that role (null if it lacks the label); when no related resource has
 * the role, the whole string is looked up on the primary resource. Split: the label name is after
 * the LAST `:`, the role is between the first and that last `:`.
 */
export function findResourceLabel(event: Pick<Event, 'resource' | 'related'>, label: string): string | null {
  if (label.startsWith('related:')) {
    const last = label.lastIndexOf(':');
    const rest = label.slice(0, last);
    const first = rest.indexOf(':');
    if (first >= 0 && last > first) {
      const role = rest.slice(first + 1);
      const name = label.slice(last + 1);
      const r = resourceInRole(event, role);
      if (r) return labelValue(r, name) ?? null;
    }
  }
  return labelValue(event.resource, label) ?? null;
}

/**
 * Validates a ResourceSpecification from JSON: an object of string or list-of-strings values, with at
 * most `limits.maxLabels` labels and `limits.maxListItems` patterns per label (filter-limits.ts).
 */
export function parseResourceSpec(
  input: unknown,
  loc: Loc,
  issues: ValidationIssue[],
  limits: FilterLimits = DEFAULT_FILTER_LIMITS,
): ResourceSpecification | null {
  if (!isPlainObject(input)) {
    issues.push(issue(loc, 'dict_type', 'Input should be a valid dictionary', input));
    return null;
  }
  const keys = Object.keys(input);
  if (keys.length > limits.maxLabels) {
    issues.push(tooLong(loc, input, 'Dictionary', keys.length, limits.maxLabels));
    return null;
  }
  const out: ResourceSpecification = {};
  let ok = true;
  for (const key of keys) {
    const v = input[key];
    if (typeof v === 'string') setOwn(out, key, v);
    else if (Array.isArray(v) && v.length > limits.maxListItems) {
      issues.push(tooLong([...loc, key], v, 'List', v.length, limits.maxListItems));
      ok = false;
    } else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) setOwn(out, key, (v as string[]).slice());
    else {
      issues.push(issue([...loc, key], 'string_type', 'Input should be a valid string or a list of strings', v));
      ok = false;
    }
  }
  return ok ? out : null;
}

/** `obj[key] = value` that also works for the key `__proto__` (JSON may carry it as a label name). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
