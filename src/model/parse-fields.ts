// Field validators for automation bodies, in pydantic's words (lax mode, like Prefect's server), so
// 422 bodies carry the `loc`/`type`/`msg` clients know. Every function pushes issues and returns
// null on failure; callers collect all issues before answering.

import {
  boolType,
  extraForbidden,
  isPlainObject,
  issue,
  missing,
  modelType,
  stringType,
  validateStringList,
  type Loc,
  type ValidationIssue,
} from '../events/index.js';
import { compile, TemplateError, type TemplateLimits } from '../templates/index.js';

export type Obj = Record<string, unknown>;
export type Issues = ValidationIssue[];

export const hasOwn = (o: object, k: string): boolean => Object.hasOwn(o, k);

/**
 * `input` as an object, with an `extra_forbidden` issue for each key not in `allowed` (pydantic
 * `extra="forbid"`). Like pydantic, the known fields are still checked after unknown keys were
 * reported, so one answer lists every problem: callers compare the issue count, not just null.
 */
export function strictObject(input: unknown, loc: Loc, className: string, allowed: readonly string[], issues: Issues): Obj | null {
  if (!isPlainObject(input)) {
    issues.push(modelType(loc, input, className));
    return null;
  }
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) issues.push(extraForbidden([...loc, key], input[key]));
  }
  return input;
}

export function requiredString(o: Obj, key: string, loc: Loc, issues: Issues): string | null {
  if (!hasOwn(o, key)) {
    issues.push(missing([...loc, key], o));
    return null;
  }
  return stringField(o[key], [...loc, key], issues);
}

export function stringField(input: unknown, loc: Loc, issues: Issues): string | null {
  if (typeof input === 'string') return input;
  issues.push(stringType(loc, input));
  return null;
}

/** A string or null; `undefined` stays undefined (absent). */
export function nullableString(input: unknown, loc: Loc, issues: Issues): string | null | undefined {
  if (input === undefined || input === null) return input;
  return stringField(input, loc, issues) ?? undefined;
}

const TRUE = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** Pydantic lax bool: booleans, 0/1, and the usual words. */
export function laxBool(input: unknown, loc: Loc, issues: Issues): boolean | null {
  if (typeof input === 'boolean') return input;
  if (input === 0 || input === 1) return input === 1;
  if (typeof input === 'string') {
    const s = input.trim().toLowerCase();
    if (TRUE.has(s)) return true;
    if (FALSE.has(s)) return false;
    issues.push(issue(loc, 'bool_parsing', 'Input should be a valid boolean, unable to interpret input', input));
    return null;
  }
  issues.push(boolType(loc, input));
  return null;
}

/** Pydantic lax int: integers, integral floats, integer strings. */
export function laxInt(input: unknown, loc: Loc, issues: Issues): number | null {
  if (typeof input === 'number' && Number.isFinite(input)) {
    if (Number.isInteger(input)) return input;
    issues.push(issue(loc, 'int_from_float', 'Input should be a valid integer, got a number with a fractional part', input));
    return null;
  }
  if (typeof input === 'string' && /^\s*[-+]?\d+\s*$/.test(input)) return Number.parseInt(input, 10);
  if (typeof input === 'string') {
    issues.push(issue(loc, 'int_parsing', 'Input should be a valid integer, unable to parse string as an integer', input));
    return null;
  }
  issues.push(issue(loc, 'int_type', 'Input should be a valid integer', input));
  return null;
}

// ISO 8601 durations as speedate reads them (a year is 365 days, a month 30).
const ISO_DURATION =
  /^([-+])?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const ISO_UNITS = [365 * 86_400, 30 * 86_400, 7 * 86_400, 86_400, 3_600, 60, 1];
// `[-][D day[s][,] ]HH:MM[:SS[.ffffff]]`, Python's str(timedelta) and speedate's time form.
const CLOCK_DURATION = /^([-+])?(?:(\d+)\s*days?,?\s*)?(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/;

function durationSeconds(text: string): number | null {
  const s = text.trim();
  if (s !== '' && Number.isFinite(Number(s))) return Number(s);
  const iso = ISO_DURATION.exec(s);
  if (iso && /\d/.test(s)) {
    let total = 0;
    for (let i = 0; i < ISO_UNITS.length; i++) if (iso[i + 2] !== undefined) total += Number(iso[i + 2]) * ISO_UNITS[i];
    return iso[1] === '-' ? -total : total;
  }
  const clock = CLOCK_DURATION.exec(s);
  if (clock) {
    const total = Number(clock[2] ?? 0) * 86_400 + Number(clock[3]) * 3_600 + Number(clock[4]) * 60 + Number(clock[5] ?? 0);
    return clock[1] === '-' ? -total : total;
  }
  return null;
}

/** A pydantic `timedelta` as float seconds: a number, or an ISO 8601 / `HH:MM:SS` string. */
export function seconds(input: unknown, loc: Loc, issues: Issues): number | null {
  if (typeof input === 'number') {
    if (Number.isFinite(input)) return input;
    issues.push(issue(loc, 'finite_number', 'Input should be a finite number', input));
    return null;
  }
  if (typeof input === 'string') {
    const value = durationSeconds(input);
    if (value !== null) return value;
    issues.push(
      issue(loc, 'time_delta_parsing', 'Input should be a valid timedelta, invalid duration format', input, {
        error: 'invalid duration format',
      }),
    );
    return null;
  }
  issues.push(issue(loc, 'time_delta_type', 'Input should be a valid timedelta', input));
  return null;
}

/** Seconds ≥ 0 (pydantic `NonNegativeTimeDelta` / `ge=timedelta(0)`). */
export function nonNegativeSeconds(input: unknown, loc: Loc, issues: Issues): number | null {
  const value = seconds(input, loc, issues);
  if (value === null) return null;
  if (value < 0) {
    issues.push(issue(loc, 'greater_than_equal', 'Input should be greater than or equal to 0 seconds', input, { ge: 0 }));
    return null;
  }
  return value;
}

/** A JSON array of strings read as a set: duplicates collapse, first-seen order is kept. */
export function stringSet(input: unknown, loc: Loc, issues: Issues): string[] | null {
  const list = validateStringList(input, loc, issues);
  return list ? [...new Set(list)] : null;
}

/** `'a', 'b' or 'c'` — pydantic's enumeration of expected literals. */
export function expectedText(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** One of `values` (pydantic `literal_error`). */
export function literalField<T extends string>(
  input: unknown,
  loc: Loc,
  values: readonly T[],
  issues: Issues,
  type = 'literal_error',
): T | null {
  if (typeof input === 'string' && (values as readonly string[]).includes(input)) return input as T;
  const expected = expectedText(values);
  issues.push(issue(loc, type, `Input should be ${expected}`, input, { expected }));
  return null;
}

/** A pydantic custom-validator failure (`value_error`) whose message names the field. */
export function valueIssue(loc: Loc, input: unknown, message: string, ctx: Obj = {}): ValidationIssue {
  return issue(loc, 'value_error', `Value error, ${message}`, input, { error: {}, ...ctx });
}

/**
 * Validates a template field the way Prefect does at save time (syntax + sandbox rules); the issue
 * names the field and carries the template error's line in `ctx.line`.
 */
export function templateField(
  input: string,
  loc: Loc,
  field: string,
  limits: Partial<TemplateLimits> | undefined,
  issues: Issues,
): boolean {
  try {
    compile(input, { limits });
    return true;
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    const where = err.line > 0 ? ` (line ${err.line})` : '';
    issues.push(
      valueIssue(loc, input, `'${field}' is not a valid template: ${err.reason}${where}`, { line: err.line, template_error: err.reason }),
    );
    return false;
  }
}
