// /webhooks/<id>: the webhook's URL (copy, rotate), its events and failures in the feed, its settings
// beside "Try it", its signing secret (rotate) and delete. A secret Herald just generated is shown
// once at the top.

import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { LoadFailure } from '../components/LoadFailure';
import { CopyButton } from '../events/CopyButton';
import { formatAbsolute } from '../lib/time';
import { Editor } from './Editor';
import { formFrom } from './form-model';
import { useDeleteWebhook, useReplaceWebhook, useRotateSecret, useRotateSlug } from './mutations';
import { OneTimeSecret, usePendingSecret } from './OneTimeSecret';
import { signatureLabel, type WebhookInput, type WebhookWire } from './types';
import { eventsSearch, failuresSearch, hookUrlOf, useWebhooksClient, webhookKeys } from './use-webhooks';
import '../components/manage-page.css';
import './webhooks.css';

export function EditPage() {
  const { id } = useParams({ from: '/webhooks/$id' });
  // A new id is a new page: nothing (a pending secret, a draft, a try) carries over.
  return <Webhook key={id} id={id} />;
}

function Webhook({ id }: { id: string }) {
  const api = useWebhooksClient();
  const query = useQuery({ queryKey: webhookKeys.one(id), queryFn: ({ signal }) => api.read(id, { signal }) });
  const [secret, setSecret] = usePendingSecret(id);
  const replace = useReplaceWebhook(id);

  if (query.isPending) return <p className="page state muted">Loading webhook…</p>;
  if (query.isError) return <LoadFailure error={query.error} id={id} noun="webhook" back={<Link to="/webhooks">Back to webhooks</Link>} />;
  const w = query.data;
  const save = async (input: WebhookInput) => {
    const saved = await replace.mutateAsync(input);
    if (saved.signing_secret) setSecret(saved.signing_secret);
    return formFrom(saved);
  };
  return (
    <article className="page manage-page wh-page" aria-labelledby="webhook-title">
      <p className="crumbs">
        <Link to="/webhooks">Webhooks</Link> / <span className="mono">{w.id}</span> <CopyButton text={w.id} label="Copy webhook ID" />
      </p>
      <h1 id="webhook-title">
        {w.name} <span className={w.enabled ? 'chip wh-on' : 'chip wh-off'}>{w.enabled ? 'Enabled' : 'Disabled'}</span>
      </h1>
      <OneTimeSecret secret={secret} dismiss={() => setSecret(null)} />
      <Endpoint webhook={w} />
      <section aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <Editor initial={formFrom(w)} webhook={w} submitLabel="Save changes" save={save} what={`“${w.name}”`} />
      </section>
      {w.signature && <SigningSecret webhook={w} reveal={setSecret} />}
      <DangerZone webhook={w} />
    </article>
  );
}

function Endpoint({ webhook }: { webhook: WebhookWire }) {
  const [confirming, setConfirming] = useState(false);
  const [rotated, setRotated] = useState(false);
  const rotate = useRotateSlug(webhook.id);
  const url = hookUrlOf(webhook.slug);
  return (
    <section className="wh-endpoint" aria-labelledby="endpoint-title">
      <h2 id="endpoint-title">URL</h2>
      <p>
        <code className="wh-url" data-testid="hook-url">
          {url}
        </code>{' '}
        <CopyButton text={url} label="Copy URL" />
      </p>
      <p className="muted">
        Any method. {webhook.enabled ? '' : 'Disabled: it answers 404 until enabled. '}Signature: <strong>{signatureLabel(webhook)}</strong>
        .
      </p>
      <p className="wh-links">
        <Link to="/events" search={eventsSearch(webhook.id)}>
          Events
        </Link>{' '}
        <span className="muted">it made</span> ·{' '}
        <Link to="/events" search={failuresSearch(webhook.id)}>
          Failures
        </Link>{' '}
        <span className="muted">(requests refused, with why)</span>
      </p>
      <p role="status">{rotated ? 'New URL in place: the old one no longer works.' : ''}</p>
      <button
        type="button"
        onClick={() => {
          rotate.reset();
          setConfirming(true);
        }}
      >
        Rotate URL…
      </button>
      {confirming && (
        <ConfirmDialog
          titleId="confirm-title"
          title="Give this webhook a new URL?"
          confirmLabel="Rotate URL"
          busyLabel="Rotating…"
          busy={rotate.isPending}
          error={rotate.error as Error | null}
          onConfirm={() =>
            rotate.mutate(undefined, {
              onSuccess: () => {
                setRotated(true);
                setConfirming(false);
              },
            })
          }
          close={() => setConfirming(false)}
        >
          <p>
            The old URL stops working at once: senders still using it get 404 until you give them the new one. Use this when the URL has
            leaked.
          </p>
          <p className="mono wh-url">{url}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function SigningSecret({ webhook, reveal }: { webhook: WebhookWire; reveal(secret: string): void }) {
  const [confirming, setConfirming] = useState(false);
  const rotate = useRotateSecret(webhook.id);
  const s = webhook.signature!;
  return (
    <section aria-labelledby="signing-title">
      <h2 id="signing-title">Signing secret</h2>
      <p>
        {signatureLabel(webhook)}:{' '}
        {s.secret_set ? 'a secret is set. Secret values are never shown after they are set.' : 'no secret is set.'}
        {s.previous_secret_expires && (
          <>
            {' '}
            The previous secret is still accepted until{' '}
            <time dateTime={s.previous_secret_expires}>{formatAbsolute(s.previous_secret_expires)}</time>.
          </>
        )}
      </p>
      {!confirming ? (
        <button
          type="button"
          onClick={() => {
            rotate.reset();
            setConfirming(true);
          }}
        >
          Rotate secret…
        </button>
      ) : (
        <div className="rotate-step">
          <p>
            Herald generates a new secret and shows it once. The current one is still accepted for a day, so the sender can switch to the
            new one in the meantime.
          </p>
          {rotate.isError && (
            <p className="error" role="alert">
              Not rotated: {(rotate.error as Error).message}
            </p>
          )}
          <div className="action-row">
            <button
              type="button"
              className="primary"
              disabled={rotate.isPending}
              onClick={() =>
                rotate.mutate(undefined, {
                  onSuccess: (saved) => {
                    setConfirming(false);
                    if (saved.signing_secret) reveal(saved.signing_secret);
                  },
                })
              }
            >
              {rotate.isPending ? 'Rotating…' : 'Rotate now'}
            </button>
            <button type="button" className="ghost" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function DangerZone({ webhook }: { webhook: WebhookWire }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteWebhook(webhook.id);
  const navigate = useNavigate();
  return (
    <section aria-labelledby="delete-zone-title">
      <h2 id="delete-zone-title">Delete</h2>
      <p className="muted">Its URL answers 404 at once. The events it made stay.</p>
      <button
        type="button"
        className="danger"
        onClick={() => {
          remove.reset();
          setConfirming(true);
        }}
      >
        Delete…
      </button>
      {confirming && (
        <ConfirmDialog
          titleId="confirm-title"
          title={`Delete “${webhook.name}”?`}
          confirmLabel="Delete webhook"
          busyLabel="Deleting…"
          busy={remove.isPending}
          error={remove.error as Error | null}
          danger
          // Deleted on purpose: unsaved settings of it go too, without asking.
          onConfirm={() => remove.mutate(undefined, { onSuccess: () => void navigate({ to: '/webhooks', ignoreBlocker: true }) })}
          close={() => setConfirming(false)}
        >
          <p>Senders get 404 from its URL from now on. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
