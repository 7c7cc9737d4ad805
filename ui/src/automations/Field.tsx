// A labelled form control with its hint and its errors (server 422s at this path, and local checks),
// wired with aria-describedby / aria-invalid so a screen reader hears them with the field.

import { useId } from 'react';
import { useFieldErrors } from './field-errors';

interface Props {
  label: string;
  /** The draft path this field edits: server errors at it (or below it) show here. */
  path: string;
  hint?: React.ReactNode;
  /** Errors found in the browser (invalid JSON, a template that does not parse). */
  localErrors?: (string | null | undefined)[];
  children(props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }): React.ReactNode;
}

export function Field({ label, path, hint, localErrors = [], children }: Props) {
  const id = useId();
  const errors = [...useFieldErrors(path), ...localErrors.filter((e): e is string => Boolean(e))];
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = errors.length > 0 ? `${id}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="form-field" data-path={path}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': errors.length > 0 || undefined })}
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {errId && (
        <p id={errId} className="field-error">
          {errors.join(' · ')}
        </p>
      )}
    </div>
  );
}
