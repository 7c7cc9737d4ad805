// A labelled form field with its hint and the server's messages for it, wired for screen readers
// (aria-invalid, aria-describedby): the building block of the destination form, and the props
// every type's fields share.

import type { ReactNode } from 'react';
import type { FormErrors } from './form-errors';
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

export const fieldId = (key: string) => `dest-${key.replace(/\./g, '-')}`;

export interface InputWiring {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

/** The attributes that tie an input to its label, hint and errors. */
export function wiring(key: string, errors: FormErrors, hint?: boolean): InputWiring {
  const id = fieldId(key);
  const described = [hint ? `${id}-hint` : '', errors.fields[key] ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': Boolean(errors.fields[key]), 'aria-describedby': described || undefined };
}

export function FieldErrors({ name, errors }: { name: string; errors: FormErrors }) {
  const messages = errors.fields[name];
  if (!messages) return null;
  return (
    <p id={`${fieldId(name)}-error`} className="field-error">
      {messages.join('; ')}
    </p>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: ReactNode;
  errors: FormErrors;
  children: (wired: InputWiring) => ReactNode;
}

export function Field({ name, label, hint, errors, children }: FieldProps) {
  return (
    <div className="dest-field">
      <label htmlFor={fieldId(name)}>{label}</label>
      {children(wiring(name, errors, Boolean(hint)))}
      {hint && (
        <p id={`${fieldId(name)}-hint`} className="hint">
          {hint}
        </p>
      )}
      <FieldErrors name={name} errors={errors} />
    </div>
  );
}
