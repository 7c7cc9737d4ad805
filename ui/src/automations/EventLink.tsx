import { Link } from '@tanstack/react-router';
import { eventDate } from '../events/humanize';

/** A link to an event's detail page; the label defaults to its id. */
export function EventLink({ id, occurred, children }: { id: string; occurred: string; children?: React.ReactNode }) {
  return (
    <Link to="/events/event/$date/$id" params={{ date: eventDate(occurred), id }} className="mono">
      {children ?? id}
    </Link>
  );
}

/** `{a: "1", b: "2"}` → `a=1, b=2`; the empty key (a trigger without for_each) reads "all events". */
export function keyText(key: Record<string, string>): string {
  const entries = Object.entries(key);
  return entries.length === 0 ? '(one window for all events)' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}
