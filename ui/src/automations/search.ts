// Search params of the automations pages, checked by plain functions: anything malformed is dropped
// (a stale link still opens the page).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}/;

export interface DetailSearch {
  /** An event id to explain (other pages link here with it). */
  explain?: string;
}

export interface EditorSearch extends EditTabSearch {
  /** "Automate" from an event: the event to pre-fill the trigger from, and its day. */
  eventId?: string;
  eventDate?: string;
}

export interface EditTabSearch {
  /** The editor's JSON tab (the form is the default). */
  tab?: 'json';
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);

export function validateDetailSearch(input: Record<string, unknown>): DetailSearch {
  const explain = str(input.explain);
  return explain && UUID.test(explain) ? { explain } : {};
}

export function validateEditTabSearch(input: Record<string, unknown>): EditTabSearch {
  return input.tab === 'json' ? { tab: 'json' } : {};
}

export function validateEditorSearch(input: Record<string, unknown>): EditorSearch {
  const eventId = str(input.eventId);
  const eventDate = str(input.eventDate);
  const tab = validateEditTabSearch(input);
  if (!eventId || !UUID.test(eventId)) return tab;
  return { ...tab, eventId, eventDate: eventDate && DAY.test(eventDate) ? eventDate.slice(0, 10) : undefined };
}
