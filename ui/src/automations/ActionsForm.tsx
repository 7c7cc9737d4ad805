// The actions list: add, remove, reorder by position, pick a type (its fields reset to sensible
// defaults); each action's fields below its type.

import { actionLabel } from './action-summary';
import { ActionFields } from './ActionFields';
import { defaultAction } from './draft';
import { Field } from './Field';
import type { Action } from './types';

const FORM_TYPES = ['do-nothing', 'send-notification', 'call-webhook', 'emit-event', 'pause-automation', 'resume-automation'];

export function ActionsForm({ actions, onChange }: { actions: Action[]; onChange(a: Action[]): void }) {
  const setAt = (i: number, a: Action) => onChange(actions.map((x, j) => (j === i ? a : x)));
  return (
    <fieldset className="form-section">
      <legend>Actions</legend>
      {actions.length === 0 && <p className="muted">No actions: it will record firings and do nothing.</p>}
      <ol className="children">
        {actions.map((action, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: actions are positional (action_index)
          <li key={`${i}:${action.type}`}>
            <fieldset>
              <legend>
                Action {i + 1}
                <button type="button" className="ghost small" onClick={() => onChange(actions.filter((_, j) => j !== i))}>
                  Remove action {i + 1}
                </button>
              </legend>
              <Field label="Type" path={`actions.${i}.type`}>
                {(p) => (
                  <select {...p} value={action.type} onChange={(e) => setAt(i, defaultAction(e.target.value))}>
                    {[...FORM_TYPES, ...(FORM_TYPES.includes(action.type) ? [] : [action.type])].map((t) => (
                      <option key={t} value={t}>
                        {actionLabel(t)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <ActionFields action={action} path={`actions.${i}`} onChange={(a) => setAt(i, a)} />
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange([...actions, defaultAction('do-nothing')])}>
        Add an action
      </button>
    </fieldset>
  );
}
