// A webhook's signing secrets: how many are set, and rotation. The new secret is made in the browser
// and shown once. The server never returns the current one, so to sign with both during the switch
// (docs/automations.md "Rotation") the current secret has to be pasted.

import { useState } from 'react';
import { formErrors, NO_ERRORS } from '../lib/form-errors';
import { Field } from './fields';
import type { ShownSecret } from './OneTimeSecrets';
import { generateSigningSecret } from './signing-secret';
import type { DestinationWire } from './types';
import { unchanged, useReplaceDestination } from './use-replace';

interface Props {
  destination: DestinationWire;
  /** Shows the new secret once (the page's one-time panel). */
  reveal(secrets: ShownSecret[]): void;
}

export function SigningSecretSection({ destination, reveal }: Props) {
  const [open, setOpen] = useState(false);
  const [keep, setKeep] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);
  const replace = useReplaceDestination(destination.id);
  const count = destination.secrets_set.filter((p) => p.startsWith('signing_secrets.')).length;

  const rotate = () => {
    const fresh = generateSigningSecret();
    const signing = keep.trim() ? [fresh, keep.trim()] : [fresh];
    replace.mutate(
      { ...unchanged(destination), secrets: { signing_secrets: signing } },
      {
        onSuccess: () => {
          setOpen(false);
          setKeep('');
          setErrors(NO_ERRORS);
          reveal([{ label: 'New signing secret', value: fresh }]);
        },
        onError: (err) => setErrors(formErrors(err, ['secrets.signing_secrets'])),
      },
    );
  };

  return (
    <section aria-labelledby="signing-title">
      <h2 id="signing-title">Signing secret</h2>
      <p>
        Every request carries <code>webhook-signature</code> (Standard Webhooks), signed with{' '}
        {count === 1 ? 'one secret' : `${count} secrets`}. Secret values are never shown after they are set.
      </p>
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          Rotate signing secret…
        </button>
      ) : (
        <div className="rotate-step">
          <p>
            A new secret is generated in your browser and shown once; from then on every delivery is signed with it. A receiver still on the
            old secret will refuse deliveries — unless you paste the current secret below: deliveries are then signed with both until you
            rotate again.
          </p>
          {errors.banner.length > 0 && (
            <p className="form-banner dest-banner" role="alert">
              {errors.banner.join('; ')}
            </p>
          )}
          <Field name="secrets.signing_secrets" label="Current secret to keep signing with (optional)" errors={errors}>
            {(w) => (
              <input {...w} className="mono" type="password" autoComplete="off" value={keep} onChange={(e) => setKeep(e.target.value)} />
            )}
          </Field>
          <div className="action-row">
            <button type="button" className="primary" disabled={replace.isPending} onClick={rotate}>
              {replace.isPending ? 'Rotating…' : 'Rotate now'}
            </button>
            <button type="button" className="ghost" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
