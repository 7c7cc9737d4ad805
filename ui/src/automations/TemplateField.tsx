// A text field that may hold a template (docs/templates.md): checked as you type, debounced.

import { Field } from './Field';
import { useTemplateCheck } from './useTemplateCheck';

interface Props {
  label: string;
  path: string;
  value: string;
  onChange(value: string): void;
  multiline?: boolean;
  hint?: React.ReactNode;
}

export function TemplateField({ label, path, value, onChange, multiline, hint }: Props) {
  const problem = useTemplateCheck(value);
  return (
    <Field
      label={label}
      path={path}
      hint={hint ?? 'A template: {{ event.event }}, {{ labels[…] }}, {{ automation.name }}'}
      localErrors={[problem]}
    >
      {(p) =>
        multiline ? (
          <textarea {...p} className="mono" rows={4} value={value} onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input {...p} className="mono wide" value={value} onChange={(e) => onChange(e.target.value)} />
        )
      }
    </Field>
  );
}
