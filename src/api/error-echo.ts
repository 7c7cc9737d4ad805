// Bounding what a 422 echoes back. Prefect's body repeats the whole request (`request_body`) and
// each issue's `input`; for a 50 MB request that doubled into a 100 MB answer. Here the echo keeps
// Prefect's keys but a part larger than the budget (setting maxErrorEchoBytes) or nested deeper than
// maxJsonDepth is replaced by a clearly marked summary (docs/server.md "Error body shapes").
// Sizes are estimated by an iterative walk that stops as soon as the budget is spent, so neither a
// huge nor a deep value costs more than the budget to look at, and nothing here can overflow.

import type { ValidationIssue } from '../events/index.js';

export interface EchoLimits {
  /** Most bytes echoed for `request_body`, and (separately) for all issue inputs together. */
  maxBytes: number;
  maxDepth: number;
}

/** What replaces a part too large (or too deep) to echo; `herald_truncated` marks it. */
export interface TruncatedEcho {
  herald_truncated: true;
  detail: string;
  type: 'object' | 'array' | 'string';
  /** Keys of an object, items of an array, characters of a string. */
  size: number;
}

/** A mutable budget shared by several echoed parts (the inputs of all issues). */
export interface EchoBudget {
  remaining: number;
}

/** `value` itself when it fits `budget` (which is then charged), else a TruncatedEcho. */
export function boundedEcho(value: unknown, budget: EchoBudget, limits: EchoLimits): unknown {
  const cost = echoCost(value, budget.remaining, limits.maxDepth);
  if (cost !== null) {
    budget.remaining -= cost;
    return value;
  }
  const type = Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : 'object';
  const size = Array.isArray(value) || typeof value === 'string' ? value.length : Object.keys(value as object).length;
  return {
    herald_truncated: true,
    detail: `Not echoed: larger than ${limits.maxBytes} bytes or nested deeper than ${limits.maxDepth} levels (HERALD_MAX_ERROR_ECHO_BYTES).`,
    type,
    size,
  } satisfies TruncatedEcho;
}

/** Herald-only issue type closing a list cut short: `ctx.omitted` more issues were not listed. */
export const ISSUES_OMITTED = 'herald_issues_omitted';

/**
 * Issues with their inputs bounded by one shared budget of `limits.maxBytes`, and the list itself
 * (without inputs) by another: 100,000 unknown keys are 100,000 issues. The first issue is always
 * listed; a cut list ends with an ISSUES_OMITTED issue saying how many are missing.
 */
export function boundedIssues(issues: readonly ValidationIssue[], limits: EchoLimits): ValidationIssue[] {
  const inputs: EchoBudget = { remaining: limits.maxBytes };
  let listed = limits.maxBytes;
  const out: ValidationIssue[] = [];
  for (const i of issues) {
    const cost = echoCost({ loc: i.loc, msg: i.msg, type: i.type, ctx: i.ctx }, listed, limits.maxDepth);
    if (out.length > 0 && cost === null) {
      const omitted = issues.length - out.length;
      out.push({
        loc: [],
        msg: `${omitted} more issue${omitted === 1 ? '' : 's'} not listed (HERALD_MAX_ERROR_ECHO_BYTES)`,
        type: ISSUES_OMITTED,
        ctx: { omitted },
      });
      break;
    }
    listed -= cost ?? listed;
    out.push(i.input === undefined ? i : { ...i, input: boundedEcho(i.input, inputs, limits) });
  }
  return out;
}

/**
 * Approximate JSON size of `value` (strings counted in UTF-16 units, escapes ignored), or null
 * once it exceeds `budget` bytes or `maxDepth` levels.
 */
export function echoCost(value: unknown, budget: number, maxDepth: number): number | null {
  let total = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (typeof v === 'string') total += v.length + 3;
    else if (typeof v !== 'object' || v === null) total += 24;
    else {
      if (depth >= maxDepth) return null;
      total += 2;
      if (Array.isArray(v)) {
        for (const item of v) {
          total += 1;
          if (total > budget) return null;
          stack.push({ value: item, depth: depth + 1 });
        }
      } else {
        for (const key in v) {
          total += key.length + 4;
          stack.push({ value: (v as Record<string, unknown>)[key], depth: depth + 1 });
          if (total > budget) return null;
        }
      }
    }
    if (total > budget) return null;
  }
  return total;
}
