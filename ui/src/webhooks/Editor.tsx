// The create/edit form beside its "Try it" panel (side by side on a wide screen): the form's state,
// the server's answer to a save at its fields, and the template check as you type. The panel tries
// the template as it is in the form, saved or not.

import { useState, type ReactNode } from 'react';
import { UnsavedChangesGuard } from '../components/UnsavedChangesGuard';
import { sameValue } from '../lib/use-unsaved-changes';
import { formatClock } from '../lib/time';
import { formErrors, mergeErrors, NO_ERRORS } from '../lib/form-errors';
import { FIELD_KEYS, type FormState, toInput } from './form-model';
import { onMutationUnauthorized } from '../lib/mutation-errors';
import { TryPanel } from './TryPanel';
import type { WebhookInput, WebhookWire } from './types';
import { useTemplateCheck } from './useTemplateCheck';
import { WebhookForm } from './WebhookForm';

interface Props {
  initial: FormState;
  /** The saved webhook (edit), or null (new: the draft endpoint). */
  webhook: WebhookWire | null;
  submitLabel: string;
  /** Saves; resolves to the form to show after the save (edit), or nothing (the page moves on). */
  save(input: WebhookInput): Promise<FormState | undefined>;
  /** What unsaved changes are to, in the question before they are lost: "“GitHub pushes”". */
  what: string;
  children?: ReactNode;
}

export function Editor({ initial, webhook, submitLabel, save, what, children }: Props) {
  const [form, setForm] = useState(initial);
  // What was loaded or last saved: the form differs from it = unsaved changes.
  const [stored, setStored] = useState(initial);
  // A create's page moves on: nothing is left unsaved in between.
  const [created, setCreated] = useState(false);
  const [saveErrors, setSaveErrors] = useState(NO_ERRORS);
  const [refusals, setRefusals] = useState(0);
  const [busy, setBusy] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const check = useTemplateCheck(form.template, form.dedupKey);
  const errors = mergeErrors(saveErrors, check);

  const update = (patch: Partial<FormState>) => {
    setSavedAt(null);
    setForm((f) => ({ ...f, ...patch }));
    // The check as you type supersedes what the last save said about a template.
    if ('template' in patch || 'dedupKey' in patch)
      setSaveErrors((e) => {
        const { template: _t, dedup_key: _d, ...fields } = e.fields;
        return { ...e, fields };
      });
  };
  const submit = async () => {
    setBusy(true);
    try {
      const next = await save(toInput(form));
      setSaveErrors(NO_ERRORS);
      if (next) {
        setForm(next);
        setStored(next);
        setSavedAt(new Date().toISOString());
      } else setCreated(true);
    } catch (err) {
      onMutationUnauthorized(err);
      setSavedAt(null);
      setSaveErrors(formErrors(err, FIELD_KEYS));
      setRefusals((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="wh-split">
      <UnsavedChangesGuard dirty={!created && !sameValue(form, stored)} what={what} />
      <WebhookForm
        form={form}
        update={update}
        errors={errors}
        stored={webhook?.signature}
        busy={busy}
        submitLabel={submitLabel}
        onSubmit={() => void submit()}
        refusals={refusals}
      >
        {children}
        <span role="status" className="saved-note">
          {savedAt ? `Saved at ${formatClock(savedAt).time}.` : ''}
        </span>
      </WebhookForm>
      <TryPanel id={webhook?.id ?? null} template={form.template} dedupKey={form.dedupKey} name={form.name} />
    </div>
  );
}
