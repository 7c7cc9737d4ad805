// "Followed by": the events whose `follows` names this one. The event filter has no `follows`
// criterion (spec §2.5, and unknown keys are refused), and a follower is only ever linked within
// FOLLOWS_WINDOW_MS (5 min) of its leader, so this scans the events in that window either side,
// oldest first, and keeps those that name this event — at most MAX_SCAN of them, saying so when
// the window holds more.

import { FOLLOWS_WINDOW_MS, type ReceivedEvent } from '@herald/sdk/browser';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useApi } from '../lib/api';
import { formatAbsolute, numberFormat } from '../lib/time';
import { eventDate, eventLabel } from './humanize';

const MAX_SCAN = 500;

function useFollowers(event: ReceivedEvent) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['followers', event.id],
    queryFn: async ({ signal }) => {
      const at = Date.parse(event.occurred);
      const occurred = { since: new Date(at - FOLLOWS_WINDOW_MS).toISOString(), until: new Date(at + FOLLOWS_WINDOW_MS).toISOString() };
      let page = await client.queryPage({ occurred, order: 'ASC' }, 50, { signal });
      const total = page.total;
      const found: ReceivedEvent[] = [];
      let scanned = 0;
      for (;;) {
        scanned += page.events.length;
        found.push(...page.events.filter((e) => e.follows === event.id));
        if (!page.next_page || scanned >= MAX_SCAN) break;
        page = await client.nextPage(page.next_page, { signal });
      }
      return { found, scanned, complete: !page.next_page, total };
    },
  });
}

export function FollowedBy({ event }: { event: ReceivedEvent }) {
  const followers = useFollowers(event);
  if (followers.isPending) return <p className="muted">Looking for events that follow this one…</p>;
  if (followers.isError) return <p className="error">Could not look for followers: {(followers.error as Error).message}</p>;
  const { found, scanned, complete, total } = followers.data;
  return (
    <>
      {found.length === 0 ? (
        <p className="muted">No event within 5 minutes names this one in its follows.</p>
      ) : (
        <ul className="followers">
          {found.map((e) => (
            <li key={e.id}>
              <time className="mono" dateTime={e.occurred}>
                {formatAbsolute(e.occurred)}
              </time>{' '}
              <Link to="/events/event/$date/$id" params={{ date: eventDate(e.occurred), id: e.id }}>
                {eventLabel(e.event)}
              </Link>{' '}
              <code className="name">{e.event}</code>
            </li>
          ))}
        </ul>
      )}
      {!complete && (
        <p className="hint">
          Looked at the first {numberFormat.format(scanned)} of {numberFormat.format(total)} events within 5 minutes of this one.
        </p>
      )}
    </>
  );
}
