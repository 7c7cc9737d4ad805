// The settings of a stored destination: its fields from the server, secrets write-only (an empty
// secret input keeps what is set). Saved with PUT; the server's 422 lands at its fields.

import { useState } from 'react';
import { UnsavedChangesGuard } from '../components/UnsavedChangesGuard';
import { sameValue } from '../lib/use-unsaved-changes';
import { formatClock } from '../lib/time';
import { DestinationForm } from './DestinationForm';
import { formErrors, NO_ERRORS } from '../lib/form-errors';
import { fieldKeys, formFrom, toInput } from './form-model';
import type { DestinationWire } from './types';
import { useReplaceDestination } from './use-replace';

export function EditForm({ destination }: { destination: DestinationWire }) {
  const [form, setForm] = useState(() => formFrom(destination));
  // What was loaded or last saved: the form differs from it = unsaved changes.
  const [stored, setStored] = useState(form);
  const [errors, setErrors] = useState(NO_ERRORS);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const replace = useReplaceDestination(destination.id);
  const save = () =>
    replace.mutate(toInput(destination.type, form, true), {
      onSuccess: (saved) => {
        setErrors(NO_ERRORS);
        // Secret inputs empty again: what was typed is stored, and write-only from now on.
        const fresh = formFrom(saved);
        setForm(fresh);
        setStored(fresh);
        setSavedAt(saved.updated);
      },
      onError: (err) => {
        setSavedAt(null);
        setErrors(formErrors(err, fieldKeys(destination.type, true)));
      },
    });
  return (
    <>
      <UnsavedChangesGuard dirty={!sameValue(form, stored)} what={`“${destination.name}”`} />
      <DestinationForm
        type={destination.type}
        form={form}
        update={(patch) => {
          setSavedAt(null);
          setForm((f) => ({ ...f, ...patch }));
        }}
        errors={errors}
        secretsSet={destination.secrets_set}
        busy={replace.isPending}
        submitLabel="Save changes"
        onSubmit={save}
      >
        <span role="status" className="saved-note">
          {savedAt ? `Saved at ${formatClock(savedAt).time}.` : ''}
        </span>
      </DestinationForm>
    </>
  );
}
