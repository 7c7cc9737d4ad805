// /resources/<id>: everything that happened to one resource — every event where it is the primary
// or a related resource (`any_resource`), with the feed's controls, histogram, list and live tail
// (FeedView, scoped to it) — beside its latest labels and the automations that concern it.

import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import { formatAbsolute } from '../lib/time';
import { CopyButton } from '../events/CopyButton';
import type { FeedSearch } from '../events/feed-search';
import { FeedView } from '../events/FeedView';
import { resourceName } from '../events/humanize';
import { Labels } from '../events/Labels';
import { MatchingAutomations } from './MatchingAutomations';
import { useResource } from './useResource';

export function ResourceTimelinePage() {
  const { id } = useParams({ from: '/resources/$id' });
  const search = useSearch({ from: '/resources/$id' });
  const navigate = useNavigate({ from: '/resources/$id' });
  const update = useCallback(
    (patch: Partial<FeedSearch>) => navigate({ search: (prev: FeedSearch) => ({ ...prev, ...patch }) }),
    [navigate],
  );
  const scope = useMemo(() => ({ id: [id] }), [id]);
  const resource = useResource(id);
  const labels = resource.data?.primary ?? resource.data?.related;
  const name = labels ? resourceName(labels) : undefined;

  return (
    <section className="page feed timeline" aria-labelledby="resource-title">
      <p className="crumbs">
        <Link to="/events">Events</Link> / Resource
      </p>
      <div className="title-row">
        <h1 id="resource-title">
          {name ?? <span className="mono">{id}</span>}
          {name && <code className="name">{id}</code>}
        </h1>
        <CopyButton text={id} label="Copy resource ID" />
      </div>
      <div className="facts">
        <section aria-labelledby="labels-title">
          <h2 id="labels-title">Latest labels</h2>
          {resource.isPending && <p className="muted">Loading labels…</p>}
          {resource.isError && <p className="error">Could not load labels: {(resource.error as Error).message}</p>}
          {resource.data && !labels && <p className="muted">No event names this resource in the last 180 days.</p>}
          {labels && (
            <>
              <p className="hint">
                {resource.data?.primaryAt
                  ? `From its most recent event as the primary resource, ${formatAbsolute(resource.data.primaryAt)}.`
                  : 'It has only been a related resource; labels from its most recent such event.'}
              </p>
              <Labels resource={labels} label="Latest labels" />
            </>
          )}
        </section>
        <section aria-labelledby="automations-title">
          <h2 id="automations-title">Automations</h2>
          <MatchingAutomations id={id} labels={resource.data} />
        </section>
      </div>
      <h2 className="sr-only">Events</h2>
      <FeedView search={search} update={update} scope={scope} />
    </section>
  );
}
