// The destination form's fields (components/fields.tsx) with ids `dest-<key>`, and the props every
// type's fields share.

import { type FieldErrorsProps, FieldMessages, type FieldProps, type IdOf, LabelledField } from '../components/fields';
import type { FormErrors } from '../lib/form-errors';
import type { FormState } from './form-model';

/** What each type's fields get from the form. */
export interface FieldsProps {
  form: FormState;
  update(patch: Partial<FormState>): void;
  errors: FormErrors;
  /** Edit mode: the paths of the secrets that are set (`secrets_set`); absent when creating. */
  secretsSet?: string[];
}

/** The set secrets at or under `prefix` (`headers` → `headers.Authorization`, …). */
export const secretsSetUnder = (secretsSet: string[] | undefined, prefix: string): string[] =>
  secretsSet?.filter((p) => p === prefix || p.startsWith(`${prefix}.`)) ?? [];

export const fieldId: IdOf = (key) => `dest-${key.replace(/\./g, '-')}`;

export const Field = (props: FieldProps) => <LabelledField {...props} idOf={fieldId} areaClass="dest-field" />;

export const FieldErrors = (props: FieldErrorsProps) => <FieldMessages {...props} idOf={fieldId} />;
