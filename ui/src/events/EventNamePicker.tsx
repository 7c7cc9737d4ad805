// Event-name multi-select: the names seen in the window (count-by/event over the range and the
// resource/text filters, not the name filter itself), each also offered as its prefixes `a.*`,
// `a.b.*` with summed counts. A disclosure with a filter box and checkboxes: plain, labelled controls.
// The names are fetched when it is first opened, so the feed's first rows never wait for them.

import type { EventFilterInput } from '@herald/sdk/browser';
import { useMemo, useState } from 'react';
import { numberFormat } from '../lib/time';
import { namePrefixes } from './humanize';
import { useEventNameCounts } from './useFeed';

interface Props {
  filter: EventFilterInput;
  selected: string[];
  onChange(next: string[]): void;
}

export function EventNamePicker({ filter, selected, onChange }: Props) {
  const [opened, setOpened] = useState(false);
  const counts = useEventNameCounts(filter, opened);
  const [text, setText] = useState('');
  const options = useMemo(() => {
    const totals = new Map<string, number>();
    for (const { value, count } of counts.data ?? []) {
      for (const key of [...namePrefixes(value), value]) totals.set(key, (totals.get(key) ?? 0) + count);
    }
    for (const s of selected) if (!totals.has(s)) totals.set(s, 0);
    return [...totals].sort(([a], [b]) => a.localeCompare(b));
  }, [counts.data, selected]);
  const shown = options.filter(([name]) => name.toLowerCase().includes(text.toLowerCase()));
  const toggle = (name: string) => onChange(selected.includes(name) ? selected.filter((s) => s !== name) : [...selected, name]);

  return (
    <details className="picker" onToggle={(e) => e.currentTarget.open && setOpened(true)}>
      <summary>Event names{selected.length ? ` (${selected.length})` : ''}</summary>
      <div className="picker-panel">
        <label className="sr-only" htmlFor="event-name-filter">
          Filter event names
        </label>
        <input id="event-name-filter" type="search" placeholder="Filter names…" value={text} onChange={(e) => setText(e.target.value)} />
        {counts.isPending && <p className="muted">Loading names…</p>}
        {counts.isError && <p className="error">Could not load event names: {(counts.error as Error).message}</p>}
        {counts.data && options.length === 0 && <p className="muted">No events in this range.</p>}
        <ul>
          {shown.slice(0, 300).map(([name, count]) => (
            <li key={name}>
              <label>
                <input type="checkbox" checked={selected.includes(name)} onChange={() => toggle(name)} />
                <code>{name}</code>
                <span className="count">{numberFormat.format(count)}</span>
              </label>
            </li>
          ))}
        </ul>
        {shown.length > 300 && <p className="muted">Showing 300 of {shown.length}; type to narrow.</p>}
      </div>
    </details>
  );
}
