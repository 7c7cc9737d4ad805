// Pydantic-v2-style validation issues: the items of Prefect's 422 `exception_detail` ([compat S2]).
// `type` and `loc` follow pydantic so clients that read them keep working; `msg` is pydantic's wording
// where we know it. Tests assert `loc` and `type`, not `msg`.

import { HeraldError } from '../errors.js';

export type Loc = (string | number)[];

export interface ValidationIssue {
  loc: Loc;
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/** Herald-only issue type for an event whose JSON exceeds `maxEventBytes` ([compat D10.16]: Prefect drops it silently). */
export const EVENT_TOO_LARGE = 'event_too_large';

export function issue(loc: Loc, type: string, msg: string, input?: unknown, ctx?: Record<string, unknown>): ValidationIssue {
  const out: ValidationIssue = { loc, msg, type };
  if (input !== undefined) out.input = input;
  if (ctx !== undefined) out.ctx = ctx;
  return out;
}

export const missing = (loc: Loc, parent: unknown): ValidationIssue => issue(loc, 'missing', 'Field required', parent);
export const stringType = (loc: Loc, input: unknown): ValidationIssue => issue(loc, 'string_type', 'Input should be a valid string', input);
export const listType = (loc: Loc, input: unknown): ValidationIssue => issue(loc, 'list_type', 'Input should be a valid list', input);
export const dictType = (loc: Loc, input: unknown): ValidationIssue => issue(loc, 'dict_type', 'Input should be a valid dictionary', input);
export const boolType = (loc: Loc, input: unknown): ValidationIssue => issue(loc, 'bool_type', 'Input should be a valid boolean', input);
export const modelType = (loc: Loc, input: unknown, className: string): ValidationIssue =>
  issue(loc, 'model_type', 'Input should be an object', input, { class_name: className });
export const extraForbidden = (loc: Loc, input: unknown): ValidationIssue =>
  issue(loc, 'extra_forbidden', 'Extra inputs are not permitted', input);
/**
 * A failed custom validator. Prefect's body carries `ctx.error` as `{}` (FastAPI's encoder cannot
 * serialise the exception); we do the same, the text is in `msg`.
 */
export const valueError = (loc: Loc, input: unknown, message: string): ValidationIssue =>
  issue(loc, 'value_error', `Value error, ${message}`, input, { error: {} });

/** Prefect's 422 body ([compat S2]). */
export interface ValidationErrorBody {
  exception_message: 'Invalid request received.';
  exception_detail: ValidationIssue[];
  request_body: unknown;
}

export function validationErrorBody(issues: ValidationIssue[], requestBody: unknown): ValidationErrorBody {
  return { exception_message: 'Invalid request received.', exception_detail: issues, request_body: requestBody };
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The 422 for a request whose input has these issues; `requestBody` is echoed back as Prefect does. */
export function validationError(issues: ValidationIssue[], requestBody: unknown): HeraldError {
  return new HeraldError('HERALD_ERR_VALIDATION', { issues, requestBody });
}
