// Pause/resume as a labelled native checkbox (role switch): PATCH {enabled}. The box shows the
// wanted value from the click on (local state: React Query publishes a mutation's progress a tick
// later, and a controlled checkbox would spring back meanwhile), the cache is updated optimistically,
// and a refusal (422: the automation no longer passes today's rules) puts it back and says why.

import { useState } from 'react';
import { useSetEnabled } from './queries';

export function EnabledToggle({ id, name, enabled }: { id: string; name: string; enabled: boolean }) {
  const mutation = useSetEnabled(id);
  const [wanted, setWanted] = useState<boolean | null>(null);
  const shown = wanted ?? enabled;
  return (
    <span className="toggle">
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
        <span className="error small-text" role="alert">
          {(mutation.error as Error).message}
        </span>
      )}
    </span>
  );
}
