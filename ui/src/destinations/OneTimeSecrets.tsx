// Secrets shown once: what a create or a rotation just stored, kept in memory only (never in the
// URL, history state or storage) from the save until the destination's page has shown it. Leaving
// or reloading the page drops it for good, as the heading says.

import { useEffect, useState } from 'react';
import { CopyButton } from '../events/CopyButton';

export interface ShownSecret {
  label: string;
  value: string;
}

const pending = new Map<string, ShownSecret[]>();

/** Hands secrets to the page of destination `id`, which shows them once. */
export function showOnce(id: string, secrets: ShownSecret[]): void {
  if (secrets.length) pending.set(id, secrets);
}

/** The secrets waiting for this page: read at mount, then forgotten. */
export function usePendingSecrets(id: string): [ShownSecret[], (next: ShownSecret[]) => void] {
  // State survives StrictMode's effect replay, so deleting in an effect loses nothing.
  const [secrets, setSecrets] = useState(() => pending.get(id) ?? []);
  useEffect(() => {
    pending.delete(id);
  }, [id]);
  return [secrets, setSecrets];
}

export function OneTimeSecrets({ secrets, dismiss }: { secrets: ShownSecret[]; dismiss(): void }) {
  if (!secrets.length) return null;
  const one = secrets.length === 1;
  return (
    <section className="secret-once dest-secrets-once" aria-labelledby="once-title">
      <h2 id="once-title">
        Copy {one ? 'this secret' : 'these secrets'} now: you will not see {one ? 'it' : 'them'} again
      </h2>
      <p>
        Herald stores secrets write-only: no page and no API answer shows {one ? 'it' : 'them'} after you leave this page. Keep{' '}
        {one ? 'it' : 'them'} in your password manager or your receiver's configuration.
      </p>
      <dl>
        {secrets.map((s) => (
          <div key={s.label}>
            <dt>{s.label}</dt>
            <dd>
              <code className="secret-value">{s.value}</code> <CopyButton text={s.value} label={`Copy ${s.label}`} />
            </dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={dismiss}>
        I have stored {one ? 'it' : 'them'}: hide
      </button>
    </section>
  );
}
