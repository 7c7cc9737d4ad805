// /webhooks: every inbound webhook with its switch, its URL (copy), how senders sign, and links to
// the events it made and its failures in the feed; with none, what a webhook is and how to add one.

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ListHead, ListQueryState, ListTable } from '../components/ListPage';
import { CopyButton } from '../events/CopyButton';
import { WebhookSwitch } from './WebhookSwitch';
import { signatureLabel, type WebhookWire } from './types';
import { eventsSearch, failuresSearch, hookUrlOf, useWebhooksClient, webhookKeys } from './use-webhooks';
import '../components/manage-page.css';
import './webhooks.css';

export function ListPage() {
  const api = useWebhooksClient();
  const query = useQuery({ queryKey: webhookKeys.all, queryFn: ({ signal }) => api.list({ signal }) });
  return (
    <section className="page manage-page wh-page" aria-labelledby="wh-title">
      <ListHead titleId="wh-title" title="Webhooks">
        {query.data && query.data.length > 0 && (
          <Link to="/webhooks/new" className="button primary">
            New webhook
          </Link>
        )}
      </ListHead>
      <ListQueryState query={query} noun="webhooks" />
      {query.data?.length === 0 && <EmptyState />}
      {query.data && query.data.length > 0 && <WebhookTable webhooks={query.data} />}
    </section>
  );
}

function EmptyState() {
  return (
    <div className="list-empty wh-empty">
      <p>
        <strong>No webhooks yet.</strong> A webhook is a URL on this server that turns requests from other services — GitHub, Stripe, Slack,
        your CI, anything that can send an HTTP request — into events. A template says which event each request makes; a signature check can
        refuse requests the sender did not sign.
      </p>
      <ol>
        <li>Create one: name it and pick a template (start from Static, Dynamic or CloudEvents).</li>
        <li>Try a sample request on its page to see the event it makes.</li>
        <li>Give its URL to the sender; its events appear in the feed, where automations can act on them.</li>
      </ol>
      <Link to="/webhooks/new" className="button primary">
        New webhook
      </Link>
    </div>
  );
}

function WebhookTable({ webhooks }: { webhooks: WebhookWire[] }) {
  return (
    <ListTable caption="Webhooks, oldest first" columns={['Name', 'Enabled', 'URL', 'Signature', 'Activity']}>
      {webhooks.map((w) => (
        <tr key={w.id}>
          <th scope="row">
            <Link to="/webhooks/$id" params={{ id: w.id }}>
              {w.name}
            </Link>
          </th>
          <td>
            <WebhookSwitch id={w.id} name={w.name} enabled={w.enabled} />
          </td>
          <td className="wh-url-cell">
            <code className="wh-url">{hookUrlOf(w.slug)}</code> <CopyButton text={hookUrlOf(w.slug)} label={`Copy URL of ${w.name}`} />
          </td>
          <td className={w.signature ? undefined : 'muted'}>{signatureLabel(w)}</td>
          <td className="wh-links">
            <Link to="/events" search={eventsSearch(w.id)} aria-label={`Events from ${w.name}`}>
              Events
            </Link>{' '}
            ·{' '}
            <Link to="/events" search={failuresSearch(w.id)} aria-label={`Failures of ${w.name}`}>
              Failures
            </Link>
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
