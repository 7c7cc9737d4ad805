// One event, one row: fixed-width time (absolute + relative), humanized label linking to the detail
// page with the raw name beside it, the primary resource, related resources as role-grouped chips.
// Resource links narrow the feed to that resource (the resource timeline comes later).

import type { ReceivedEvent } from '@herald/sdk/browser';
import { Link } from '@tanstack/react-router';
import { formatAbsolute, formatClock, formatRelative } from '../lib/time';
import { eventDate, eventLabel, eventTone, relatedByRole, resourceId, resourceName } from './humanize';

function ResourceLink({ resource, className }: { resource: Record<string, string>; className: string }) {
  const id = resourceId(resource);
  const name = resourceName(resource);
  return (
    <Link to="/events" search={(prev) => ({ ...prev, resource: id })} className={className} title={name ? `${name} (${id})` : id}>
      {name ?? id}
    </Link>
  );
}

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
        <ResourceLink resource={event.resource} className="resource mono" />
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
