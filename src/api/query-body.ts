// Request-body validation for POST /events/filter and /events/count-by/*
// ([compat S2.2], [compat S2.4]), with FastAPI/pydantic-style issues so 422 bodies match Prefect's.
//
// FastAPI reads each embedded body key on its own and ignores keys it does not know, so unknown
// top-level keys are ignored here too; unknown keys *inside* the filter are rejected by
// parseEventFilter (`extra="forbid"`, [compat S2.5]).

import { DEFAULT_FILTER_LIMITS, issue, parseEventFilter, type FilterLimits, type ValidationIssue } from '../events/index.js';
import type { Countable, EventFilter, TimeUnit, Timestamp } from '../events/types.js';
import { MIN_TIME_INTERVAL, TIME_UNITS } from '../services/count-by.js';

/** Interactive page size: most events one /events/filter page may hold ([compat S0]). */
export const MAX_PAGE_SIZE = 50;

export const COUNTABLES: readonly Countable[] = ['day', 'time', 'event', 'resource'];

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

export interface FilterRequest {
  filter: EventFilter;
  limit: number;
}

export interface CountByRequest {
  filter: EventFilter;
  timeUnit: TimeUnit;
  timeInterval: number;
}

export function parseFilterRequest(body: unknown, now: Timestamp, limits: FilterLimits = DEFAULT_FILTER_LIMITS): Parsed<FilterRequest> {
  const issues: ValidationIssue[] = [];
  const fields = bodyFields(body, issues);
  const filter = fields ? filterField(fields.filter, false, now, limits, issues) : null;
  const limit = fields ? intField(fields.limit, ['body', 'limit'], MAX_PAGE_SIZE, 0, MAX_PAGE_SIZE, issues) : null;
  if (issues.length > 0 || !filter || limit === null) return { ok: false, issues };
  return { ok: true, value: { filter, limit } };
}

export function parseCountByRequest(
  countable: string,
  body: unknown,
  now: Timestamp,
  limits: FilterLimits = DEFAULT_FILTER_LIMITS,
): Parsed<CountByRequest & { countable: Countable }> {
  const issues: ValidationIssue[] = [];
  if (!(COUNTABLES as readonly string[]).includes(countable)) {
    issues.push(enumIssue(['path', 'countable'], countable, COUNTABLES));
  }
  const fields = bodyFields(body, issues);
  let filter: EventFilter | null = null;
  let timeUnit: TimeUnit | null = null;
  let timeInterval: number | null = null;
  if (fields) {
    filter = filterField(fields.filter, true, now, limits, issues);
    timeUnit = timeUnitField(fields.time_unit, issues);
    timeInterval = floatField(fields.time_interval, ['body', 'time_interval'], 1.0, MIN_TIME_INTERVAL, issues);
  }
  if (issues.length > 0 || !filter || !timeUnit || timeInterval === null) return { ok: false, issues };
  return { ok: true, value: { countable: countable as Countable, filter, timeUnit, timeInterval } };
}

function bodyFields(body: unknown, issues: ValidationIssue[]): Record<string, unknown> | null {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  issues.push(issue(['body'], 'model_attributes_type', 'Input should be a valid dictionary or object to extract fields from', body));
  return null;
}

function filterField(
  input: unknown,
  required: boolean,
  now: Timestamp,
  limits: FilterLimits,
  issues: ValidationIssue[],
): EventFilter | null {
  if (input === undefined || (required && input === null)) {
    if (!required) return parseOrCollect({}, now, limits, issues);
    // FastAPI's missing-body-field error carries `input: null`.
    issues.push(issue(['body', 'filter'], 'missing', 'Field required', null));
    return null;
  }
  return parseOrCollect(input ?? {}, now, limits, issues);
}

function parseOrCollect(input: unknown, now: Timestamp, limits: FilterLimits, issues: ValidationIssue[]): EventFilter | null {
  const parsed = parseEventFilter(input, now, ['body', 'filter'], limits);
  if (parsed.ok) return parsed.filter;
  issues.push(...parsed.issues);
  return null;
}

function timeUnitField(input: unknown, issues: ValidationIssue[]): TimeUnit | null {
  if (input === undefined) return 'day';
  if (typeof input === 'string' && (TIME_UNITS as readonly string[]).includes(input)) return input as TimeUnit;
  issues.push(enumIssue(['body', 'time_unit'], input, TIME_UNITS));
  return null;
}

function enumIssue(loc: (string | number)[], input: unknown, values: readonly string[]): ValidationIssue {
  const expected = values.map((v) => `'${v}'`);
  const text = `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}`;
  return issue(loc, 'enum', `Input should be ${text}`, input, { expected: text });
}

/** Pydantic lax `int` with ge/le bounds. */
function intField(
  input: unknown,
  loc: (string | number)[],
  dflt: number,
  ge: number,
  le: number,
  issues: ValidationIssue[],
): number | null {
  if (input === undefined) return dflt;
  let value: number;
  if (typeof input === 'boolean') value = input ? 1 : 0;
  else if (typeof input === 'number') {
    if (!Number.isFinite(input)) return fail(issues, issue(loc, 'finite_number', 'Input should be a finite number', input));
    if (!Number.isInteger(input)) {
      return fail(issues, issue(loc, 'int_from_float', 'Input should be a valid integer, got a number with a fractional part', input));
    }
    value = input;
  } else if (typeof input === 'string' && /^\s*[-+]?\d+\s*$/.test(input)) value = Number.parseInt(input, 10);
  else if (typeof input === 'string') {
    return fail(issues, issue(loc, 'int_parsing', 'Input should be a valid integer, unable to parse string as an integer', input));
  } else return fail(issues, issue(loc, 'int_type', 'Input should be a valid integer', input));
  if (value < ge) return fail(issues, issue(loc, 'greater_than_equal', `Input should be greater than or equal to ${ge}`, input, { ge }));
  if (value > le) return fail(issues, issue(loc, 'less_than_equal', `Input should be less than or equal to ${le}`, input, { le }));
  return value;
}

/** Pydantic lax `float` with a ge bound. */
function floatField(input: unknown, loc: (string | number)[], dflt: number, ge: number, issues: ValidationIssue[]): number | null {
  if (input === undefined) return dflt;
  let value: number;
  if (typeof input === 'boolean') value = input ? 1 : 0;
  else if (typeof input === 'number') value = input;
  else if (typeof input === 'string' && input.trim() !== '' && Number.isFinite(Number(input))) value = Number(input);
  else if (typeof input === 'string') {
    return fail(issues, issue(loc, 'float_parsing', 'Input should be a valid number, unable to parse string as a number', input));
  } else return fail(issues, issue(loc, 'float_type', 'Input should be a valid number', input));
  if (!Number.isFinite(value)) return fail(issues, issue(loc, 'finite_number', 'Input should be a finite number', input));
  if (value < ge) return fail(issues, issue(loc, 'greater_than_equal', `Input should be greater than or equal to ${ge}`, input, { ge }));
  return value;
}

function fail(issues: ValidationIssue[], problem: ValidationIssue): null {
  issues.push(problem);
  return null;
}
