// /webhooks: every inbound webhook with its switch, its URL (copy), how senders sign, and links to
// the events it made and its failures in the feed; with none, what a webhook is and how to add one.

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { CopyButton } from '../events/CopyButton';
import { EnabledSwitch } from './EnabledSwitch';
import { signatureLabel, type WebhookWire } from './types';
import { eventsSearch, failuresSearch, hookUrlOf, useWebhooksClient, webhookKeys } from './use-webhooks';
import './webhooks.css';

export function ListPage() {
  const api = useWebhooksClient();
  const query = useQuery({ queryKey: webhookKeys.all, queryFn: ({ signal }) => api.list({ signal }) });
  return (
    <section className="page wh-page" aria-labelledby="wh-title">
      <div className="wh-head">
        <h1 id="wh-title">Webhooks</h1>
        {query.data && query.data.length > 0 && (
          <Link to="/webhooks/new" className="button primary">
            New webhook
          </Link>
        )}
      </div>
      {query.isPending && <p className="state muted">Loading webhooks…</p>}
      {query.isError && (
        <div className="state error" role="alert">
          <p>
            <strong>The webhooks could not be loaded.</strong> {(query.error as Error).message}
          </p>
          <button type="button" onClick={() => void query.refetch()}>
            Try again
          </button>
        </div>
      )}
      {query.data?.length === 0 && <EmptyState />}
      {query.data && query.data.length > 0 && <WebhookTable webhooks={query.data} />}
    </section>
  );
}

function EmptyState() {
  return (
    <div className="wh-empty">
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
    <table className="wh-table">
      <caption className="sr-only">Webhooks, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Enabled</th>
          <th scope="col">URL</th>
          <th scope="col">Signature</th>
          <th scope="col">Activity</th>
        </tr>
      </thead>
      <tbody>
        {webhooks.map((w) => (
          <tr key={w.id}>
            <th scope="row">
              <Link to="/webhooks/$id" params={{ id: w.id }}>
                {w.name}
              </Link>
            </th>
            <td>
              <EnabledSwitch id={w.id} name={w.name} enabled={w.enabled} />
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
      </tbody>
    </table>
  );
}
