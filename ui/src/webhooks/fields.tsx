// A labelled form field with its hint and its messages (the server's, or the template check's),
// wired for screen readers (aria-invalid, aria-describedby).

import type { ReactNode } from 'react';
import type { FormErrors } from './form-errors';

export const fieldId = (key: string) => `wh-${key.replace(/[._]/g, '-')}`;

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
  label: ReactNode;
  hint?: ReactNode;
  errors: FormErrors;
  className?: string;
  children: (wired: InputWiring) => ReactNode;
}

export function Field({ name, label, hint, errors, className, children }: FieldProps) {
  return (
    <div className={className ? `wh-field ${className}` : 'wh-field'}>
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

/** A checkbox with its label after it, and its hint. */
export function CheckField({
  name,
  label,
  hint,
  checked,
  onChange,
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  const id = fieldId(name);
  return (
    <div className="wh-field wh-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
