// A signing secret Herald generated (on create, on a save that set a new preset, on rotation), shown
// once: held in memory only (never in the URL, history state or storage) from the save until the
// webhook's page has shown it. Leaving or reloading the page drops it for good, as the heading says.

import { useEffect, useState } from 'react';
import { CopyButton } from '../events/CopyButton';

const pending = new Map<string, string>();

/** Hands a generated secret to the page of webhook `id`, which shows it once. */
export function showOnce(id: string, secret: string | undefined): void {
  if (secret) pending.set(id, secret);
}

/** The secret waiting for this page: read at mount, then forgotten. */
export function usePendingSecret(id: string): [string | null, (next: string | null) => void] {
  // State survives StrictMode's effect replay, so deleting in an effect loses nothing.
  const [secret, setSecret] = useState(() => pending.get(id) ?? null);
  useEffect(() => {
    pending.delete(id);
  }, [id]);
  return [secret, setSecret];
}

export function OneTimeSecret({ secret, dismiss }: { secret: string | null; dismiss(): void }) {
  if (!secret) return null;
  return (
    <section className="secret-once wh-secret-once" aria-labelledby="once-title">
      <h2 id="once-title">Store this signing secret now: you will not see it again</h2>
      <p>
        Herald generated it and keeps it write-only: no page and no API answer shows it after you leave this page. Put it in the sender’s
        webhook settings (and your password manager) now.
      </p>
      <p>
        <code className="secret-value">{secret}</code> <CopyButton text={secret} label="Copy signing secret" />
      </p>
      <button type="button" onClick={dismiss}>
        I have stored it: hide
      </button>
    </section>
  );
}
