// Field parsers shared by several action types ([compat S5.1]): the selected/inferred target of the
// deployment, work-queue, work-pool and automation actions, and the destination of the
// notification actions. Messages and placements are Prefect's (its model validators).

import { isPlainObject, issue, missing, validateUuidField, type Loc } from '../events/index.js';
import { hasOwn, literalField, valueIssue, type Issues, type Obj } from '../model/parse-fields.js';
import type { FieldsParser } from './definition.js';

export type TargetSource = 'selected' | 'inferred';

/** `{source, <idField>}`: the fields of a targeted action. */
export type TargetFields<F extends string> = { source: TargetSource } & { [K in F]: string | null };

/** Actions without fields of their own (cancel-flow-run, do-nothing, …). */
export const noFields: FieldsParser<Record<never, never>> = () => ({});

/** `source` selected|inferred with its id field: selected ⇔ the id is set ([compat S5.1]). */
export function targeted<F extends string>(idField: F): FieldsParser<TargetFields<F>> {
  return (o, loc, _opts, issues) => {
    const before = issues.length;
    const source =
      o.source === undefined ? 'selected' : literalField(o.source, [...loc, 'source'], ['selected', 'inferred'] as const, issues);
    const raw = o[idField];
    const id = raw === undefined || raw === null ? null : validateUuidField(raw, [...loc, idField], issues);
    if (issues.length > before) return null;
    // Prefect's messages (its model validators), placed on the id field.
    if (source === 'selected' && id === null) {
      issues.push(valueIssue([...loc, idField], raw ?? null, `${idField} is required`));
      return null;
    }
    if (source === 'inferred' && id !== null) {
      issues.push(valueIssue([...loc, idField], raw, `${idField} is not allowed`));
      return null;
    }
    return { source, [idField]: id } as TargetFields<F>;
  };
}

/** An object or null (absent = null). */
export function optionalObject(input: unknown, loc: Loc, issues: Issues): Obj | null {
  if (input === undefined || input === null) return null;
  if (isPlainObject(input)) return input;
  issues.push(issue(loc, 'dict_type', 'Input should be a valid dictionary', input));
  return null;
}

/** The required `block_document_id` of the notification actions (a destination's id). */
export function blockDocument(o: Obj, loc: Loc, issues: Issues): string | null {
  if (!hasOwn(o, 'block_document_id')) {
    issues.push(missing([...loc, 'block_document_id'], o));
    return null;
  }
  return validateUuidField(o.block_document_id, [...loc, 'block_document_id'], issues);
}
