// A refused save or check as a form shows it: each 422 issue at the field its `loc` names
// (`["body", "config", "url"]` → the field `config.url`), everything else in one banner. One mapping
// for every form that posts to the API, so the same server answer reads the same on every page.
// A template issue carries its line (`ctx.line`): the message says it first.

import { isHeraldSdkError } from '@herald/sdk/browser';

export interface FormErrors {
  /** Messages per field key (`name`, `config.url`, `signature.secret`, `rate_limit.burst` …). */
  fields: Record<string, string[]>;
  /** What no field can show: a non-422 failure, or an issue at a path the form has no field for. */
  banner: string[];
}

export const NO_ERRORS: FormErrors = { fields: {}, banner: [] };

export interface Issue {
  loc?: unknown[];
  msg?: unknown;
  ctx?: { line?: unknown; template_error?: unknown };
}

/** The 422's issues, or null for any other failure. */
export function validationIssues(err: unknown): Issue[] | null {
  return isHeraldSdkError(err) && err.status === 422 && Array.isArray(err.detail) ? (err.detail as Issue[]) : null;
}

/** `fieldKeys` are the fields on screen; an issue goes to the longest one its path starts with. */
export function formErrors(err: unknown, fieldKeys: readonly string[]): FormErrors {
  const detail = validationIssues(err);
  if (!detail) return { fields: {}, banner: [err instanceof Error ? err.message : String(err)] };
  const out: FormErrors = { fields: {}, banner: [] };
  for (const issue of detail) {
    const loc = (issue.loc ?? []).map(String);
    const path = loc[0] === 'body' ? loc.slice(1) : loc;
    const msg = issueMessage(issue);
    const field = fieldKeys.filter((key) => key.split('.').every((part, i) => path[i] === part)).sort((a, b) => b.length - a.length)[0];
    if (!field) {
      out.banner.push(path.length ? `${path.join('.')}: ${msg}` : msg);
      continue;
    }
    // A header name or list index below the field says which entry is meant.
    const rest = path.slice(field.split('.').length);
    (out.fields[field] ??= []).push(rest.length ? `${rest.join('.')}: ${msg}` : msg);
  }
  return out;
}

/** "Line 3: unexpected end of template" for a template issue; else the message without pydantic's prefix. */
export function issueMessage(issue: Issue): string {
  const line = issue.ctx?.line;
  const reason = issue.ctx?.template_error;
  if (typeof reason === 'string') return typeof line === 'number' && line > 0 ? `Line ${line}: ${reason}` : reason;
  // Pydantic's "Value error, " prefix says nothing to a person.
  const text = typeof issue.msg === 'string' ? issue.msg : 'Invalid value';
  return text.replace(/^Value error, /, '');
}

export function mergeErrors(a: FormErrors, b: FormErrors): FormErrors {
  const fields = { ...a.fields };
  // The save and the check as you type may say the same thing about a template: once is enough.
  for (const [key, messages] of Object.entries(b.fields)) fields[key] = [...new Set([...(fields[key] ?? []), ...messages])];
  return { fields, banner: [...a.banner, ...b.banner] };
}
