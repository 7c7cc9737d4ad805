// A labelled form field with its hint and its messages (the server's 422, or a check as you type),
// wired for screen readers (aria-invalid, aria-describedby). Each area wraps these with its id
// scheme (`wh-name`, `dest-config-url`): ids are what its focus handling, links and tests address.

import type { ReactNode } from 'react';
import type { FormErrors } from '../lib/form-errors';
import './fields.css';

/** A field key (`config.url`) as an element id; the hint and errors add `-hint` and `-error`. */
export type IdOf = (key: string) => string;

export interface InputWiring {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

/** The attributes that tie an input to its label, hint and errors. */
function wiring(idOf: IdOf, key: string, errors: FormErrors, hint: boolean): InputWiring {
  const id = idOf(key);
  const described = [hint ? `${id}-hint` : '', errors.fields[key] ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': Boolean(errors.fields[key]), 'aria-describedby': described || undefined };
}

export interface FieldErrorsProps {
  name: string;
  errors: FormErrors;
}

export function FieldMessages({ idOf, name, errors }: FieldErrorsProps & { idOf: IdOf }) {
  const messages = errors.fields[name];
  if (!messages) return null;
  return (
    <p id={`${idOf(name)}-error`} className="field-error">
      {messages.join('; ')}
    </p>
  );
}

export interface FieldProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors: FormErrors;
  className?: string;
  children: (wired: InputWiring) => ReactNode;
}

/** `areaClass` is the area's class on every field, beside `className` for this one. */
export function LabelledField({
  idOf,
  areaClass,
  name,
  label,
  hint,
  errors,
  className,
  children,
}: FieldProps & { idOf: IdOf; areaClass: string }) {
  return (
    <div className={['labelled-field', areaClass, className].filter(Boolean).join(' ')}>
      <label htmlFor={idOf(name)}>{label}</label>
      {children(wiring(idOf, name, errors, Boolean(hint)))}
      {hint && (
        <p id={`${idOf(name)}-hint`} className="hint">
          {hint}
        </p>
      )}
      <FieldMessages idOf={idOf} name={name} errors={errors} />
    </div>
  );
}
