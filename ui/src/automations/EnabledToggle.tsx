// Pause/resume as a labelled native checkbox (role switch): PATCH {enabled}. While the request runs
// the box shows the wanted value; a refusal (422: the automation no longer passes today's rules)
// puts it back and says why.

import { useSetEnabled } from './queries';

export function EnabledToggle({ id, name, enabled }: { id: string; name: string; enabled: boolean }) {
  const mutation = useSetEnabled(id);
  const shown = mutation.isPending ? mutation.variables : enabled;
  return (
    <span className="toggle">
      <label>
        <input
          type="checkbox"
          role="switch"
          checked={shown}
          disabled={mutation.isPending}
          onChange={(e) => mutation.mutate(e.target.checked)}
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
