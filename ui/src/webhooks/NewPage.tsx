// /webhooks/new: the form with the Static template to start from, and "Try it" through the draft
// endpoint. On create, a secret Herald generated is handed to the webhook's page, which shows it once.

import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Editor } from './Editor';
import { emptyForm } from './form-model';
import { showOnce } from './OneTimeSecret';
import type { WebhookInput } from './types';
import { useWebhooksClient, webhookKeys } from './use-webhooks';
import '../components/manage-page.css';
import './webhooks.css';

export function NewPage() {
  const api = useWebhooksClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [initial] = useState(emptyForm);
  const save = async (input: WebhookInput) => {
    const { signing_secret, ...created } = await api.create(input);
    showOnce(created.id, signing_secret);
    // The page opens from the cache; the one-time secret never enters it.
    queryClient.setQueryData(webhookKeys.one(created.id), created);
    void queryClient.invalidateQueries({ queryKey: webhookKeys.all, exact: true });
    // Stored: leaving for its page loses nothing.
    void navigate({ to: '/webhooks/$id', params: { id: created.id }, ignoreBlocker: true });
    return undefined;
  };
  return (
    <section className="page manage-page wh-page" aria-labelledby="new-title">
      <p className="crumbs">
        <Link to="/webhooks">Webhooks</Link> / new
      </p>
      <h1 id="new-title">New webhook</h1>
      <p className="muted wh-lede">Saving gives it a URL of its own; every request sent there becomes an event through the template.</p>
      <Editor initial={initial} webhook={null} submitLabel="Create webhook" save={save} what="the new webhook">
        {/* Cancel is a deliberate discard: it does not ask. */}
        <Link to="/webhooks" ignoreBlocker>
          Cancel
        </Link>
      </Editor>
    </section>
  );
}
