// /events/event/<YYYY-MM-DD>/<id> (Prefect's route): one event, fetched like Prefect's UI does — by
// id within its day, since event queries are time-bounded. The date segment may also be a full
// timestamp (templates' `ui_url` links): its first 10 characters are the day. `Esc` goes back (or
// closes the open actions menu first). Resources link to their timelines.

import type { EventFilterInput } from '@herald/sdk/browser';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { isTyping } from '../app/Shell';
import { useApi } from '../lib/api';
import { formatAbsolute, formatRelative } from '../lib/time';
import { CopyButton } from './CopyButton';
import { EventMenu } from './EventMenu';
import { FollowedBy } from './FollowedBy';
import { eventDate, eventLabel, relatedByRole, resourceId } from './humanize';
import { JsonTree } from './JsonTree';
import { Labels } from './Labels';
import { ResourceLink } from './ResourceLink';

const DAY = 86_400_000;

/** A day either side of the URL's date: the id decides, the window only has to contain it in any time zone. */
export function detailFilter(date: string, id: string): EventFilterInput {
  const day = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  const base = Number.isNaN(day) ? Date.now() : day;
  return { id: { id: [id] }, occurred: { since: new Date(base - DAY).toISOString(), until: new Date(base + 2 * DAY).toISOString() } };
}

export function EventDetailPage() {
  const { date, id } = useParams({ from: '/events/event/$date/$id' });
  const { client } = useApi();
  const router = useRouter();
  const query = useQuery({
    queryKey: ['event', date.slice(0, 10), id],
    queryFn: ({ signal }) => client.queryPage(detailFilter(date, id), 1, { signal }),
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || isTyping(e.target)) return;
      const menu = document.querySelector<HTMLDetailsElement>('details.menu[open]');
      if (menu) {
        menu.open = false;
        menu.querySelector('summary')?.focus();
        return;
      }
      // Back within the app; a page opened from a link (no history here) goes to the feed.
      if (window.history.length > 1) router.history.back();
      else void router.navigate({ to: '/events' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router]);

  if (query.isPending) return <p className="page state muted">Loading event…</p>;
  if (query.isError)
    return (
      <section className="page narrow state error" role="alert">
        <h1>The event could not be loaded</h1>
        <p>{(query.error as Error).message}</p>
        <button type="button" onClick={() => void query.refetch()}>
          Try again
        </button>
      </section>
    );
  const event = query.data.events[0];
  if (!event)
    return (
      <section className="page narrow state">
        <h1>Event not found</h1>
        <p>
          No event <code>{id}</code> around {date.slice(0, 10)}. It may be past retention, or the link's date is wrong.{' '}
          <Link to="/events">Back to the feed</Link>
        </p>
      </section>
    );

  return (
    <article className="page detail" aria-labelledby="event-title">
      <p className="crumbs">
        <Link to="/events">Events</Link> / <span className="mono">{event.id}</span>
      </p>
      <div className="title-row">
        <h1 id="event-title">
          {eventLabel(event.event)} <code className="name">{event.event}</code>
        </h1>
        <EventMenu event={event} />
      </div>
      <section aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <dl className="summary">
          <div>
            <dt>Occurred</dt>
            <dd>
              <time dateTime={event.occurred}>{formatAbsolute(event.occurred)}</time>{' '}
              <span className="muted">({formatRelative(event.occurred)})</span>
            </dd>
          </div>
          <div>
            <dt>Received</dt>
            <dd>
              <time dateTime={event.received}>{formatAbsolute(event.received)}</time>
            </dd>
          </div>
          <div>
            <dt>ID</dt>
            <dd className="mono">
              {event.id} <CopyButton text={event.id} label="Copy event ID" />
            </dd>
          </div>
          <div>
            <dt>Follows</dt>
            <dd className="mono">
              {event.follows ? (
                <Link to="/events/event/$date/$id" params={{ date: eventDate(event.occurred), id: event.follows }}>
                  {event.follows}
                </Link>
              ) : (
                <span className="muted">—</span>
              )}
            </dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="resource-title">
        <h2 id="resource-title">
          Resource: <ResourceLink resource={event.resource} />
        </h2>
        <Labels resource={event.resource} />
      </section>
      <section aria-labelledby="related-title">
        <h2 id="related-title">Related resources</h2>
        {event.related.length === 0 && <p className="muted">None.</p>}
        {relatedByRole(event).map(([role, resources]) => (
          <div key={role} className="related-group">
            <h3>{role}</h3>
            {resources.map((r) => (
              <div key={resourceId(r)} className="related">
                <ResourceLink resource={r} />
                <Labels resource={r} />
              </div>
            ))}
          </div>
        ))}
      </section>
      <section aria-labelledby="followers-title">
        <h2 id="followers-title">Followed by</h2>
        <FollowedBy event={event} />
      </section>
      <section aria-labelledby="payload-title">
        <h2 id="payload-title">
          Payload <CopyButton text={JSON.stringify(event.payload, null, 2)} label="Copy payload JSON" />
        </h2>
        <JsonTree value={event.payload} label="Payload" />
      </section>
      <section aria-labelledby="raw-title">
        <h2 id="raw-title">
          Raw JSON <CopyButton text={JSON.stringify(event, null, 2)} label="Copy raw event JSON" />
        </h2>
        <details>
          <summary>Show the event as received</summary>
          <pre className="raw mono">{JSON.stringify(event, null, 2)}</pre>
        </details>
      </section>
    </article>
  );
}
