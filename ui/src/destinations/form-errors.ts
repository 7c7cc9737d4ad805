// A failed save as the form shows it: each 422 issue at the field its `loc` names
// (`["body", "config", "url"]` → the field `config.url`), everything else in one banner.

import { isHeraldSdkError } from '@herald/sdk/browser';

export interface FormErrors {
  /** Messages per field key (`name`, `config.url`, `secrets.password` …). */
  fields: Record<string, string[]>;
  /** What no field can show: a non-422 failure, or an issue at a path the form has no field for. */
  banner: string[];
}

export const NO_ERRORS: FormErrors = { fields: {}, banner: [] };

interface Issue {
  loc?: unknown[];
  msg?: unknown;
}

/** `fieldKeys` are the fields on screen; an issue goes to the longest one its path starts with. */
export function formErrors(err: unknown, fieldKeys: readonly string[]): FormErrors {
  const detail = isHeraldSdkError(err) && err.status === 422 && Array.isArray(err.detail) ? (err.detail as Issue[]) : null;
  if (!detail) return { fields: {}, banner: [err instanceof Error ? err.message : String(err)] };
  const out: FormErrors = { fields: {}, banner: [] };
  for (const issue of detail) {
    const loc = (issue.loc ?? []).map(String);
    const path = loc[0] === 'body' ? loc.slice(1) : loc;
    const msg = readable(issue.msg);
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

/** Pydantic's "Value error, " prefix says nothing to a person. */
function readable(msg: unknown): string {
  const text = typeof msg === 'string' ? msg : 'Invalid value';
  return text.replace(/^Value error, /, '');
}
