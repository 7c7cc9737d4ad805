// One event, one row: fixed-width time (absolute + relative), humanized label linking to the detail
// page with the raw name beside it, the primary resource, related resources as role-grouped chips.
// Resource links open the resource's timeline; the funnel beside the primary one narrows the feed.

import type { ReceivedEvent } from '@herald/sdk/browser';
import { Link } from '@tanstack/react-router';
import { formatAbsolute, formatClock, formatRelative } from '../lib/time';
import { eventDate, eventLabel, eventTone, relatedByRole, resourceId } from './humanize';
import { FilterByResource, ResourceLink } from './ResourceLink';

export function EventRow({ event, now }: { event: ReceivedEvent; now: number }) {
  const { time, day } = formatClock(event.occurred);
  return (
    <div className={`row tone-${eventTone(event.event)}`}>
      <time className="when" dateTime={event.occurred} title={formatAbsolute(event.occurred)}>
        <span className="mono">{time}</span>
        <span className="sub">
          {day} · {formatRelative(event.occurred, now)}
        </span>
      </time>
      <div className="what">
        <Link className="label" to="/events/event/$date/$id" params={{ date: eventDate(event.occurred), id: event.id }} data-row-link>
          {eventLabel(event.event)}
        </Link>
        <code className="name">{event.event}</code>
      </div>
      <div className="res">
        <span className="primary">
          <ResourceLink resource={event.resource} className="resource mono" />
          <FilterByResource resource={event.resource} />
        </span>
        {relatedByRole(event).map(([role, resources]) => (
          <span className="group" key={role}>
            <span className="role">{role}</span>
            {resources.map((r) => (
              <ResourceLink key={resourceId(r)} resource={r} className="chip" />
            ))}
          </span>
        ))}
      </div>
    </div>
  );
}
