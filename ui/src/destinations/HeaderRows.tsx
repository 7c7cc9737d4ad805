// Editable HTTP headers (name + value rows) for a webhook: plain ones in config, secret ones in
// secrets. A fieldset with its legend, so each row's inputs are labelled by position.

import type { FormErrors } from '../lib/form-errors';
import { FieldErrors, fieldId } from './fields';
import type { HeaderRow } from './form-model';

interface Props {
  name: string;
  legend: string;
  hint: string;
  rows: HeaderRow[];
  secret?: boolean;
  errors: FormErrors;
  onChange(rows: HeaderRow[]): void;
}

export function HeaderRows({ name, legend, hint, rows, secret, errors, onChange }: Props) {
  const id = fieldId(name);
  const set = (i: number, patch: Partial<HeaderRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="dest-headers" aria-describedby={`${id}-hint${errors.fields[name] ? ` ${id}-error` : ''}`}>
      <legend>{legend}</legend>
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position; editing never reorders them
        <div className="dest-header-row" key={i}>
          <input
            aria-label={`${legend}: name of header ${i + 1}`}
            className="mono"
            value={row.name}
            placeholder="X-Team"
            aria-invalid={Boolean(errors.fields[name])}
            onChange={(e) => set(i, { name: e.target.value })}
          />
          <input
            aria-label={`${legend}: value of header ${i + 1}`}
            className="mono"
            type={secret ? 'password' : 'text'}
            autoComplete="off"
            value={row.value}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <button type="button" className="ghost small" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            Remove<span className="sr-only"> header {i + 1}</span>
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => onChange([...rows, { name: '', value: '' }])}>
        Add header
      </button>
      <FieldErrors name={name} errors={errors} />
    </fieldset>
  );
}
