// The whole automation as JSON: everything the API accepts (actions_on_trigger, match_related,
// run-deployment, tags …). Parsed on every keystroke; a valid object replaces the draft, an invalid
// one keeps the last valid draft and says where the JSON breaks.

import { useEffect, useState } from 'react';
import { checkDraftShape } from './draft';
import type { FieldError } from './field-errors';
import type { AutomationCreate } from './types';

interface Props {
  draft: AutomationCreate;
  onChange(d: AutomationCreate): void;
  /** Reports whether the text is usable (the editor refuses to save or switch tabs otherwise). */
  onValidity(error: string | null): void;
  /** Reports whether the text differs from the one the tab opened with (unsaved-changes warning). */
  onEdited(edited: boolean): void;
  errors: FieldError[];
}

export function JsonTab({ draft, onChange, onValidity, onEdited, errors }: Props) {
  const [opened] = useState(() => JSON.stringify(draft, null, 2));
  const [text, setText] = useState(opened);
  const [error, setError] = useState<string | null>(null);
  // Leaving the tab ends what its text alone says: the draft holds the parsed value.
  useEffect(() => () => onEdited(false), [onEdited]);
  const update = (value: string) => {
    setText(value);
    onEdited(value !== opened);
    let problem: string | null;
    try {
      const parsed: unknown = JSON.parse(value);
      problem = checkDraftShape(parsed);
      if (!problem) onChange(parsed as AutomationCreate);
    } catch (err) {
      problem = `Not valid JSON: ${(err as Error).message}`;
    }
    setError(problem);
    onValidity(problem);
  };
  return (
    <div className="json-tab">
      <label htmlFor="automation-json">Automation (AutomationCreate JSON, as POST /api/automations/ takes it)</label>
      <textarea
        id="automation-json"
        className="mono json-editor"
        spellCheck={false}
        rows={24}
        value={text}
        onChange={(e) => update(e.target.value)}
        aria-invalid={Boolean(error) || errors.length > 0 || undefined}
        aria-describedby="automation-json-status"
      />
      <p id="automation-json-status" className={error ? 'field-error' : 'hint'}>
        {error ?? 'Valid JSON. The server checks the rest when you save.'}
      </p>
    </div>
  );
}
