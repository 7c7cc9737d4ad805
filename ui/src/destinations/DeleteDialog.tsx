// Deleting asks first, and says which automations deliver to this destination (their actions would
// then fail with "Destination <id> not found"). The SDK finds them by reading every automation; if
// that fails, the dialog says deleting may break automations that reference it.

import { type UseQueryResult, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { onMutationUnauthorized } from '../lib/mutation-errors';
import type { DestinationUser, DestinationWire } from './types';
import { destinationKeys, useDestinationsClient } from './use-destinations';

export function DeleteDialog({ destination, close }: { destination: DestinationWire; close(): void }) {
  const api = useDestinationsClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const users = useQuery({
    queryKey: destinationKeys.usedBy(destination.id),
    queryFn: ({ signal }) => api.usedBy(destination.id, { signal }),
    staleTime: 0,
  });
  const remove = useMutation({
    mutationFn: () => api.delete(destination.id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: destinationKeys.one(destination.id) });
      void queryClient.invalidateQueries({ queryKey: destinationKeys.all, exact: true });
      // Deleted on purpose: unsaved settings of it go too, without asking.
      void navigate({ to: '/destinations', ignoreBlocker: true });
    },
    onError: onMutationUnauthorized,
  });
  return (
    <ConfirmDialog
      titleId="delete-title"
      title={`Delete “${destination.name}”?`}
      confirmLabel="Delete destination"
      busyLabel="Deleting…"
      busy={remove.isPending}
      error={remove.error as Error | null}
      failedPrefix="Not deleted"
      className="dest-dialog"
      danger
      onConfirm={() => remove.mutate()}
      close={close}
    >
      <UsedBy query={users} />
    </ConfirmDialog>
  );
}

function UsedBy({ query }: { query: UseQueryResult<DestinationUser[]> }) {
  if (query.isPending) return <p className="muted">Checking which automations use it…</p>;
  if (query.isError)
    return (
      <p className="warning">
        Could not check which automations use it ({(query.error as Error).message}). Deleting may break automations that reference it: their
        actions will fail with “Destination not found”.
      </p>
    );
  const users = query.data;
  if (users.length === 0) return <p>No automation delivers to it. This cannot be undone.</p>;
  return (
    <div className="warning">
      <p>
        <strong>{users.length === 1 ? '1 automation delivers' : `${users.length} automations deliver`} to it.</strong> Their actions will
        fail with “Destination not found” until they use another destination:
      </p>
      <ul>
        {users.map((a) => (
          <li key={a.id}>
            <Link to="/automations/$id" params={{ id: a.id }}>
              {a.name}
            </Link>
            {!a.enabled && <span className="muted"> (disabled)</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
