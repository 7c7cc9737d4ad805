// Server-side 422s (`exception_detail[].loc`, pydantic style) mapped to the form's fields: an error
// belongs to the field whose path is its loc or a prefix of it ("trigger.match.x" → the match
// field). What no field on screen claims goes to the banner.

import { isHeraldSdkError } from '@herald/sdk/browser';
import { createContext, useContext } from 'react';
import type { Action, AutomationCreate, Trigger } from './types';

export interface FieldError {
  path: string;
  message: string;
}

/** The 422's issues as paths under the body; null when the error is not a validation error. */
export function validationIssues(err: unknown): FieldError[] | null {
  if (!isHeraldSdkError(err) || err.status !== 422 || !Array.isArray(err.detail)) return null;
  return err.detail.map((d: { loc?: unknown[]; msg?: unknown }) => {
    const loc = Array.isArray(d.loc) ? d.loc : [];
    const path = (loc[0] === 'body' ? loc.slice(1) : loc).join('.');
    return { path, message: String(d.msg ?? 'Invalid value') };
  });
}

const EVENT_FIELDS = ['posture', 'expect', 'after', 'match', 'for_each', 'threshold', 'within'];
const ACTION_FIELDS: Record<string, string[]> = {
  'send-notification': ['block_document_id', 'subject', 'body'],
  'call-webhook': ['block_document_id', 'payload'],
  'emit-event': ['event', 'resource', 'payload'],
  'pause-automation': ['source', 'automation_id'],
  'resume-automation': ['source', 'automation_id'],
};

function triggerPaths(t: Trigger, at: string, depth: number): string[] {
  if (t.type === 'event') return EVENT_FIELDS.map((f) => `${at}.${f}`);
  if (depth > 0) return []; // nested composites are edited in JSON
  return [`${at}.require`, `${at}.within`, ...t.triggers.flatMap((c, i) => triggerPaths(c, `${at}.triggers.${i}`, depth + 1))];
}

const actionPaths = (a: Action, i: number) => [`actions.${i}.type`, ...(ACTION_FIELDS[a.type] ?? []).map((f) => `actions.${i}.${f}`)];

/** Every path the form shows a field for, for this draft. */
export function formFieldPaths(d: AutomationCreate): string[] {
  return ['name', 'description', 'trigger.type', ...triggerPaths(d.trigger, 'trigger', 0), ...(d.actions ?? []).flatMap(actionPaths)];
}

const claims = (field: string, path: string) => path === field || path.startsWith(`${field}.`);

export function errorsFor(errors: FieldError[], field: string): string[] {
  return errors.filter((e) => claims(field, e.path)).map((e) => e.message);
}

export function unclaimed(errors: FieldError[], fields: string[]): FieldError[] {
  return errors.filter((e) => !fields.some((f) => claims(f, e.path)));
}

export const FieldErrorsContext = createContext<FieldError[]>([]);
export const useFieldErrors = (field: string) => errorsFor(useContext(FieldErrorsContext), field);
