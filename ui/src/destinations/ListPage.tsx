// /destinations: every destination with where it delivers and whether it is enabled; with none, what
// a destination is and how to add one.

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ListHead, ListQueryState, ListTable } from '../components/ListPage';
import { formatAbsolute, formatRelative } from '../lib/time';
import { deliversTo } from './describe';
import { StatusBadge } from './StatusBadge';
import { DESTINATION_TYPES, TYPE_INFO, type DestinationWire } from './types';
import { destinationKeys, useDestinationsClient } from './use-destinations';
import '../components/manage-page.css';
import './destinations.css';

export function ListPage() {
  const api = useDestinationsClient();
  const query = useQuery({ queryKey: destinationKeys.all, queryFn: ({ signal }) => api.list({ signal }) });
  return (
    <section className="page manage-page dest-page" aria-labelledby="dest-title">
      <ListHead titleId="dest-title" title="Destinations">
        {query.data && query.data.length > 0 && (
          <Link to="/destinations/new" className="button primary">
            New destination
          </Link>
        )}
      </ListHead>
      <ListQueryState query={query} noun="destinations" />
      {query.data?.length === 0 && <EmptyState />}
      {query.data && query.data.length > 0 && <DestinationTable destinations={query.data} />}
    </section>
  );
}

function EmptyState() {
  return (
    <div className="list-empty dest-empty">
      <p>
        <strong>No destinations yet.</strong> A destination is where an automation delivers: an HTTP request to your webhook, a message to a
        Slack or Teams channel, or an e-mail. Automations name it in their <code>call-webhook</code> and <code>send-notification</code>{' '}
        actions (as <code>block_document_id</code>). Add one, send it a test, then use it in an automation.
      </p>
      <ul className="dest-type-links">
        {DESTINATION_TYPES.map((type) => (
          <li key={type}>
            <Link to="/destinations/new" search={{ type }} className="button">
              New {TYPE_INFO[type].label} destination
            </Link>{' '}
            <span className="muted">{TYPE_INFO[type].what}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function DestinationTable({ destinations }: { destinations: DestinationWire[] }) {
  return (
    <ListTable caption="Destinations, oldest first" columns={['Name', 'Type', 'Delivers to', 'Status', 'Updated']}>
      {destinations.map((d) => (
        <tr key={d.id}>
          <th scope="row">
            <Link to="/destinations/$id" params={{ id: d.id }}>
              {d.name}
            </Link>
          </th>
          <td>{TYPE_INFO[d.type]?.label ?? d.type}</td>
          <td className="mono dest-target">{deliversTo(d)}</td>
          <td>
            <StatusBadge destination={d} />
          </td>
          <td>
            <time dateTime={d.updated} title={formatAbsolute(d.updated)}>
              {formatRelative(d.updated)}
            </time>
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
