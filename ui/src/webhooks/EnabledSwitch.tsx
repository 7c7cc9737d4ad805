// The list's on/off switch (a native checkbox with role switch): PATCH {enabled}. It shows the wanted
// value from the click on and moves back, with the server's reason, if refused. A disabled webhook's
// URL answers 404, like an unknown one.

import { useState } from 'react';
import { useSetEnabled } from './mutations';

export function EnabledSwitch({ id, name, enabled }: { id: string; name: string; enabled: boolean }) {
  const mutation = useSetEnabled(id);
  const [wanted, setWanted] = useState<boolean | null>(null);
  const shown = wanted ?? enabled;
  return (
    <span className="wh-toggle">
      <label>
        <input
          type="checkbox"
          role="switch"
          checked={shown}
          aria-checked={shown}
          disabled={wanted !== null}
          onChange={(e) => {
            setWanted(e.target.checked);
            mutation.mutate(e.target.checked, { onSettled: () => setWanted(null) });
          }}
          aria-label={`Enabled: ${name}`}
        />
        <span aria-hidden="true">{shown ? 'On' : 'Off'}</span>
      </label>
      {mutation.isError && (
        <span className="error" role="alert">
          {' '}
          {(mutation.error as Error).message}
        </span>
      )}
    </span>
  );
}
