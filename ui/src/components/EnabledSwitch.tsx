// An on/off switch for a stored thing: a labelled native checkbox with role switch, sending
// `mutation` (PATCH {enabled}). The box shows the wanted value from the click on (local state: React
// Query publishes a mutation's progress a tick later, and a controlled checkbox would spring back
// meanwhile) and moves back, with the server's reason, if refused. The mutation owns the cache.

import type { UseMutationResult } from '@tanstack/react-query';
import { useState } from 'react';
import './enabled-switch.css';

interface Props {
  name: string;
  enabled: boolean;
  mutation: UseMutationResult<unknown, Error, boolean, unknown>;
  /** The area's class (its size and spacing around the switch). */
  className: string;
}

export function EnabledSwitch({ name, enabled, mutation, className }: Props) {
  const [wanted, setWanted] = useState<boolean | null>(null);
  const shown = wanted ?? enabled;
  return (
    <span className={`enabled-switch ${className}`}>
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
          {mutation.error.message}
        </span>
      )}
    </span>
  );
}
