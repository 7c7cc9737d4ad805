// /destinations/<id>: a destination's status and settings, its signing secret (webhooks), a test
// with the receiver's answer, and delete. Secrets a create or rotation just stored are shown once
// at the top.

import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { LoadFailure } from '../components/LoadFailure';
import { CopyButton } from '../events/CopyButton';
import { DeleteDialog } from './DeleteDialog';
import { EditForm } from './EditForm';
import { OneTimeSecrets, usePendingSecrets } from './OneTimeSecrets';
import { SigningSecretSection } from './SigningSecretSection';
import { StatusBadge } from './StatusBadge';
import { TestPanel } from './TestPanel';
import { TYPE_INFO, type DestinationWire } from './types';
import { destinationKeys, useDestinationsClient } from './use-destinations';
import { unchanged, useReplaceDestination } from './use-replace';
import '../components/manage-page.css';
import './destinations.css';

export function EditPage() {
  const { id } = useParams({ from: '/destinations/$id' });
  // A new id is a new page: nothing (a pending secret, a test answer) carries over.
  return <Destination key={id} id={id} />;
}

function Destination({ id }: { id: string }) {
  const api = useDestinationsClient();
  const query = useQuery({ queryKey: destinationKeys.one(id), queryFn: ({ signal }) => api.read(id, { signal }) });
  const [secrets, setSecrets] = usePendingSecrets(id);

  if (query.isPending) return <p className="page state muted">Loading destination…</p>;
  if (query.isError)
    return <LoadFailure error={query.error} id={id} noun="destination" back={<Link to="/destinations">Back to destinations</Link>} />;
  const d = query.data;
  return (
    <article className="page manage-page dest-page narrow" aria-labelledby="destination-title">
      <p className="crumbs">
        <Link to="/destinations">Destinations</Link> / <span className="mono">{d.id}</span>{' '}
        <CopyButton text={d.id} label="Copy destination ID" />
      </p>
      <h1 id="destination-title">
        {d.name} <span className="chip">{TYPE_INFO[d.type].label}</span>
      </h1>
      <OneTimeSecrets secrets={secrets} dismiss={() => setSecrets([])} />
      <Status destination={d} />
      <section aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <EditForm destination={d} />
      </section>
      {d.type === 'webhook' && <SigningSecretSection destination={d} reveal={setSecrets} />}
      <TestPanel id={d.id} />
      <DangerZone destination={d} />
    </article>
  );
}

/** Enabled or disabled (and why), with the switch: a receiver's 410 disables, people re-enable. */
function Status({ destination }: { destination: DestinationWire }) {
  const replace = useReplaceDestination(destination.id);
  return (
    <p className="dest-status-line">
      <StatusBadge destination={destination} />{' '}
      <button
        type="button"
        className="small"
        disabled={replace.isPending}
        onClick={() => replace.mutate({ ...unchanged(destination), disabled: !destination.disabled })}
      >
        {destination.disabled ? 'Re-enable' : 'Disable'}
      </button>
      {destination.disabled && <span className="muted"> Actions that use it fail at once until it is re-enabled.</span>}
      {replace.isError && <span className="error"> {(replace.error as Error).message}</span>}
    </p>
  );
}

function DangerZone({ destination }: { destination: DestinationWire }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <section aria-labelledby="delete-zone-title">
      <h2 id="delete-zone-title">Delete</h2>
      <p className="muted">Automations that deliver here will fail until they use another destination.</p>
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Delete…
      </button>
      {confirming && <DeleteDialog destination={destination} close={() => setConfirming(false)} />}
    </section>
  );
}
