// Small controlled inputs for the trigger form: a comma-separated list of names, and a duration as a
// number and a unit. Each keeps the text being typed locally ("acme.job." half-typed, "1.") and
// reports the parsed value.

import { useState } from 'react';
import { splitDuration, toSeconds, UNITS, type Unit } from './duration';

type InputProps = { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean };

export function ListInput({
  value,
  onChange,
  ...p
}: InputProps & { value: string[] | undefined; onChange(v: string[]): void; placeholder?: string }) {
  const [text, setText] = useState((value ?? []).join(', '));
  return (
    <input
      {...p}
      className="mono wide"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(
          e.target.value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}

export function DurationInput({
  seconds,
  onChange,
  label,
  ...p
}: InputProps & { seconds: number; onChange(s: number): void; label: string }) {
  const initial = splitDuration(seconds);
  const [value, setValue] = useState(String(initial.value));
  const [unit, setUnit] = useState<Unit>(initial.unit);
  const emit = (v: string, u: Unit) => {
    const n = Number(v);
    if (v.trim() !== '' && Number.isFinite(n)) onChange(toSeconds(n, u));
  };
  return (
    <span className="duration">
      <input
        {...p}
        type="number"
        min={0}
        step="any"
        className="num-input"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          emit(e.target.value, unit);
        }}
      />
      <select
        aria-label={`${label} unit`}
        value={unit}
        onChange={(e) => {
          const u = e.target.value as Unit;
          setUnit(u);
          emit(value, u);
        }}
      >
        {UNITS.map((u) => (
          <option key={u.unit} value={u.unit}>
            {u.label}
          </option>
        ))}
      </select>
    </span>
  );
}
