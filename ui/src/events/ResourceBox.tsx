// The resource box: free text (an id, or a prefix ending in `*`) with suggestions from
// `count-by/resource` over the current window and filters — each suggestion shows the resource's
// name and puts its id in the box (a native <datalist>: keyboard and screen-reader support for free).
// The counts are asked for only once the box is focused: a busy server may have many resources.

import type { EventFilterInput } from '@herald/sdk/browser';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../lib/api';
import { numberFormat } from '../lib/time';

/** Suggestions shown at most (the busiest first: count-by orders by count). */
const MAX_OPTIONS = 200;

interface Props {
  filter: EventFilterInput;
  value: string;
  onChange(value: string): void;
  /** The box's value to apply, a typed name already turned into its id. */
  onCommit(value: string): void;
}

export function ResourceBox({ filter, value, onChange, onCommit }: Props) {
  const { client } = useApi();
  const [wanted, setWanted] = useState(false);
  const counts = useQuery({
    queryKey: ['count-by-resource', filter],
    queryFn: ({ signal }) => client.countBy('resource', filter, { signal }),
    enabled: wanted,
  });
  // A name typed in full (not picked) still filters by its resource's id.
  const resolve = (text: string) => counts.data?.find((r) => r.label === text.trim() && r.label !== r.value)?.value ?? text.trim();
  const commit = () => {
    const id = resolve(value);
    if (id !== value) onChange(id);
    onCommit(id);
  };
  return (
    <label className="field">
      <span>Resource</span>
      <input
        className="mono medium"
        list="resource-options"
        value={value}
        placeholder="name, id, or prefix*"
        onFocus={() => setWanted(true)}
        onChange={(e) => onChange(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          commit();
        }}
      />
      <datalist id="resource-options" data-testid="resource-options">
        {counts.data?.slice(0, MAX_OPTIONS).map((r) => (
          <option key={r.value} value={r.value} label={`${r.label === r.value ? '' : `${r.label} · `}${numberFormat.format(r.count)}`} />
        ))}
      </datalist>
    </label>
  );
}
