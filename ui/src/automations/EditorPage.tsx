// /automations/create (optionally ?eventId=…&eventDate=… — "Automate" from an event) and
// /automations/$id/edit: load what the editor starts from, then hand over to Editor.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearch } from '@tanstack/react-router';
import { useMemo } from 'react';
import { detailFilter } from '../events/EventDetailPage';
import { useApi } from '../lib/api';
import { blankDraft, draftFrom } from './draft';
import { Editor } from './Editor';
import { EventLink } from './EventLink';
import { draftFromEvent } from './from-event';
import { useAutomation, useAutomationsClient } from './queries';
import './automations.css';

export function CreatePage() {
  const { eventId, eventDate } = useSearch({ from: '/automations/create' });
  const { client } = useApi();
  const automations = useAutomationsClient();
  const qc = useQueryClient();
  const date = eventDate ?? new Date().toISOString().slice(0, 10);
  const source = useQuery({
    queryKey: ['event', date, eventId],
    queryFn: ({ signal }) => client.queryPage(detailFilter(date, eventId!), 1, { signal }),
    enabled: Boolean(eventId),
  });
  const event = source.data?.events[0];
  const initial = useMemo(() => (event ? draftFromEvent(event) : blankDraft()), [event]);
  if (eventId && source.isPending) return <p className="page state muted">Loading the event to automate…</p>;
  const notice = !eventId ? undefined : event ? (
    <p className="banner info">
      Pre-filled from event{' '}
      <EventLink id={event.id} occurred={event.occurred}>
        {event.event}
      </EventLink>
      : it fires on every <code>{event.event}</code> of <code>{event.resource['prefect.resource.id']}</code>.
    </p>
  ) : (
    <p className="banner error" role="alert">
      {source.isError
        ? `The event could not be loaded: ${(source.error as Error).message}`
        : `No event ${eventId} around ${date}: starting from a blank automation.`}
    </p>
  );
  return (
    <Editor
      key={event?.id ?? 'blank'}
      title="New automation"
      initial={initial}
      saveLabel="Create automation"
      notice={notice}
      cancel={{ to: '/automations' }}
      save={async (draft) => {
        const created = await automations.create(draft);
        await qc.invalidateQueries({ queryKey: ['automations'] });
        return created.id;
      }}
    />
  );
}

export function EditPage() {
  const { id } = useParams({ from: '/automations/$id/edit' });
  const query = useAutomation(id);
  const automations = useAutomationsClient();
  const qc = useQueryClient();
  if (query.isPending) return <p className="page state muted">Loading automation…</p>;
  if (query.isError)
    return (
      <section className="page narrow state" role="alert">
        <h1>The automation could not be loaded</h1>
        <p>
          {(query.error as Error).message} <Link to="/automations">All automations</Link>
        </p>
      </section>
    );
  return (
    <Editor
      key={query.data.updated ?? id}
      title={`Edit ${query.data.name}`}
      initial={draftFrom(query.data)}
      saveLabel="Save changes"
      cancel={{ to: '/automations/$id', params: { id } }}
      save={async (draft) => {
        await automations.replace(id, draft);
        await Promise.all([qc.invalidateQueries({ queryKey: ['automations'] }), qc.invalidateQueries({ queryKey: ['automation', id] })]);
        return id;
      }}
    />
  );
}
