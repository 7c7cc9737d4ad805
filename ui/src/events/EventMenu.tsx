// The detail page's overflow menu, a native <details> disclosure (keyboard and screen readers for
// free): Automate (the automation editor pre-fills a trigger from this event, Prefect's
// `/automations/create?eventId=…&eventDate=…`), Copy ID, Copy link.

import type { ReceivedEvent } from '@herald/sdk/browser';
import { HrefLink } from '../lib/HrefLink';
import { CopyButton } from './CopyButton';
import { eventDate } from './humanize';

/** Prefect's wizard link for an event (ui-v2), so links built for Prefect work here too. */
export function automateHref(event: Pick<ReceivedEvent, 'id' | 'occurred'>): string {
  return `/automations/create?${new URLSearchParams({ eventId: event.id, eventDate: eventDate(event.occurred) })}`;
}

export function EventMenu({ event }: { event: ReceivedEvent }) {
  return (
    <details className="menu">
      <summary>Actions</summary>
      <ul className="menu-panel">
        <li>
          <HrefLink href={automateHref(event)}>Automate…</HrefLink>
        </li>
        <li>
          <CopyButton text={event.id} caption="Copy ID" className="ghost" />
        </li>
        <li>
          <CopyButton text={window.location.href} caption="Copy link" className="ghost" />
        </li>
      </ul>
    </details>
  );
}
