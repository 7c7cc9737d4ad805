// A resource as a link to its timeline (/resources/<id>), shown by its name when it has one — and,
// where a list is being narrowed, a small funnel beside it that filters the feed by that resource
// instead (keeping the current range and filters).

import { Link } from '@tanstack/react-router';
import { resourceId, resourceName } from './humanize';

export function ResourceLink({ resource, className }: { resource: Record<string, string>; className?: string }) {
  const id = resourceId(resource);
  const name = resourceName(resource);
  return (
    <Link to="/resources/$id" params={{ id }} className={className} title={name ? `${name} (${id})` : id}>
      {name ?? id}
    </Link>
  );
}

export function FilterByResource({ resource }: { resource: Record<string, string> }) {
  const id = resourceId(resource);
  return (
    <Link
      to="/events"
      search={(prev: Record<string, unknown>) => ({ ...prev, resource: id })}
      className="filter-by"
      aria-label={`Filter the feed by ${resourceName(resource) ?? id}`}
      title="Filter the feed by this resource"
    >
      <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
        <path d="M1.5 2h13l-5 6.2V13l-3 1.5V8.2z" fill="currentColor" />
      </svg>
    </Link>
  );
}
