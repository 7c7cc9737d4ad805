// /destinations/new?type=…: pick a type, fill in its fields, create. The secrets of the new
// destination (typed, or the signing secret Herald generated) are handed to its page, which shows
// them once.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { UnsavedChangesGuard } from '../components/UnsavedChangesGuard';
import { sameValue } from '../lib/use-unsaved-changes';
import { DestinationForm } from './DestinationForm';
import { formErrors, NO_ERRORS } from '../lib/form-errors';
import { emptyForm, fieldKeys, secretsOf, toInput } from './form-model';
import { onMutationUnauthorized } from '../lib/mutation-errors';
import { showOnce } from './OneTimeSecrets';
import { DESTINATION_TYPES, TYPE_INFO, type DestinationInput, type DestinationType } from './types';
import { destinationKeys, useDestinationsClient } from './use-destinations';
import '../components/manage-page.css';
import './destinations.css';

export function NewPage() {
  const type: DestinationType = useSearch({ from: '/destinations/new' }).type ?? 'webhook';
  const navigate = useNavigate();
  const api = useDestinationsClient();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(emptyForm);
  const [blank] = useState(emptyForm);
  const [errors, setErrors] = useState(NO_ERRORS);

  const create = useMutation({
    mutationFn: (input: DestinationInput) => api.create(input),
    onSuccess: ({ signing_secret, ...created }, input) => {
      showOnce(created.id, secretsOf(input, signing_secret));
      // The page opens from the cache; the one-time secret never enters it.
      queryClient.setQueryData(destinationKeys.one(created.id), created);
      void queryClient.invalidateQueries({ queryKey: destinationKeys.all, exact: true });
      // Stored: leaving for its page loses nothing.
      void navigate({ to: '/destinations/$id', params: { id: created.id }, ignoreBlocker: true });
    },
    onError: (err) => {
      onMutationUnauthorized(err);
      setErrors(formErrors(err, fieldKeys(type, false)));
    },
  });

  const chooseType = (next: DestinationType) => {
    setErrors(NO_ERRORS);
    void navigate({ to: '/destinations/new', search: { type: next }, replace: true });
  };

  return (
    <section className="page manage-page dest-page narrow" aria-labelledby="new-title">
      <p className="crumbs">
        <Link to="/destinations">Destinations</Link> / new
      </p>
      <h1 id="new-title">New destination</h1>
      <UnsavedChangesGuard dirty={!create.isSuccess && !sameValue(form, blank)} what="the new destination" />
      <fieldset className="dest-types">
        <legend>Type</legend>
        {DESTINATION_TYPES.map((t) => (
          <label key={t} className={t === type ? 'chosen' : undefined}>
            <input type="radio" name="type" value={t} checked={t === type} onChange={() => chooseType(t)} />
            <span>
              <strong>{TYPE_INFO[t].label}</strong> <span className="muted">{TYPE_INFO[t].what}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <DestinationForm
        type={type}
        form={form}
        update={(patch) => setForm((f) => ({ ...f, ...patch }))}
        errors={errors}
        busy={create.isPending}
        submitLabel={`Create ${TYPE_INFO[type].label} destination`}
        onSubmit={() => create.mutate(toInput(type, form, false))}
      >
        {/* Cancel is a deliberate discard: it does not ask. */}
        <Link to="/destinations" ignoreBlocker>
          Cancel
        </Link>
      </DestinationForm>
    </section>
  );
}
