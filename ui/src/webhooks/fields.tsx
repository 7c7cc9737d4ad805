// The webhook form's fields (components/fields.tsx) with ids `wh-<key>`, and its checkbox field.

import type { ReactNode } from 'react';
import { type FieldErrorsProps, FieldMessages, type FieldProps, type IdOf, LabelledField } from '../components/fields';

export const fieldId: IdOf = (key) => `wh-${key.replace(/[._]/g, '-')}`;

export const Field = (props: FieldProps) => <LabelledField {...props} idOf={fieldId} areaClass="wh-field" />;

export const FieldErrors = (props: FieldErrorsProps) => <FieldMessages {...props} idOf={fieldId} />;

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
