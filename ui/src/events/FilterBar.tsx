// The feed's controls: time range, event names, resource (feed only: the timeline's is fixed),
// related resource by role, primary-resource labels, text search, live tail. Text fields are drafts
// until applied (Enter or Apply); every applied change is a navigation, so the URL holds the view.

import type { EventFilterInput } from '@herald/sdk/browser';
import { useEffect, useState } from 'react';
import { EventNamePicker } from './EventNamePicker';
import { type FeedSearch, formatLabel, parseLabel } from './feed-search';
import { FilterChips } from './FilterChips';
import { RangeBar } from './RangeBar';
import { ResourceBox } from './ResourceBox';

interface Props {
  search: FeedSearch;
  /** count-by/event's filter: the view's, without the name filter. */
  namesFilter: EventFilterInput;
  /** count-by/resource's filter (the view's, without the resource filter); absent: no resource box. */
  resourcesFilter?: EventFilterInput;
  update(patch: Partial<FeedSearch>): void;
  previous(): void;
  refresh(): void;
}

/** A text field's draft, reset whenever the URL's value changes underneath (back/forward, a link). */
function useDraft(value: string | undefined): [string, (v: string) => void] {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  return [draft, setDraft];
}

/** The label list with `text` added; a condition on a key already present replaces it (one per key). */
function addLabel(list: string[] | undefined, text: string): string[] | undefined {
  const c = parseLabel(text);
  if (!c) return list;
  return [...(list ?? []).filter((l) => parseLabel(l)?.key !== c.key), formatLabel(c)];
}

export function FilterBar({ search, namesFilter, resourcesFilter, update, previous, refresh }: Props) {
  const [resource, setResource] = useDraft(search.resource);
  const [role, setRole] = useDraft(search.role);
  const [related, setRelated] = useDraft(search.related);
  const [label, setLabel] = useState('');
  const [q, setQ] = useDraft(search.q);
  const labelInvalid = label.trim() !== '' && !parseLabel(label);
  const absolute = Boolean(search.since);
  const opt = (s: string) => s.trim() || undefined;

  return (
    <div className="filters">
      <RangeBar search={search} update={update} previous={previous} refresh={refresh} />
      <form
        className="query"
        onSubmit={(e) => {
          e.preventDefault();
          if (labelInvalid) return;
          update({
            resource: resourcesFilter ? opt(resource) : search.resource,
            role: opt(role),
            related: opt(related),
            label: label.trim() ? addLabel(search.label, label) : search.label,
            q: opt(q),
          });
          setLabel('');
        }}
      >
        <EventNamePicker
          filter={namesFilter}
          selected={search.event ?? []}
          onChange={(event) => update({ event: event.length ? event : undefined })}
        />
        {resourcesFilter && (
          <ResourceBox
            filter={resourcesFilter}
            value={resource}
            onChange={setResource}
            onCommit={(id) => id !== (search.resource ?? '') && update({ resource: id || undefined })}
          />
        )}
        <fieldset className="field related-filter">
          <legend className="sr-only">Related resource</legend>
          <label className="field">
            <span>Related</span>
            <input
              className="mono short"
              value={role}
              placeholder="role"
              aria-label="Related role"
              onChange={(e) => setRole(e.target.value)}
            />
          </label>
          <input
            className="mono medium"
            value={related}
            placeholder="id, or prefix*"
            aria-label="Related resource id"
            onChange={(e) => setRelated(e.target.value)}
          />
        </fieldset>
        <label className="field">
          <span>Label</span>
          <input
            className="mono medium"
            value={label}
            placeholder="key=value, key!=value"
            aria-invalid={labelInvalid}
            aria-describedby="label-hint"
            onChange={(e) => setLabel(e.target.value)}
          />
        </label>
        <label className="field grow">
          <span>Search</span>
          <input
            type="search"
            data-search
            value={q}
            placeholder="Search  (press /)"
            aria-describedby="search-hint"
            onChange={(e) => setQ(e.target.value)}
          />
        </label>
        <button type="submit">Apply</button>
        <button
          type="button"
          aria-pressed={Boolean(search.live)}
          disabled={absolute}
          onClick={() => update({ live: search.live ? undefined : true })}
        >
          {search.live ? '● Live' : 'Live tail'}
        </button>
      </form>
      {Boolean(search.event?.length || search.label?.length) && (
        <div className="query">
          <FilterChips search={search} update={update} />
        </div>
      )}
      <p className="hint">
        <span id="search-hint">
          Search: words match any · <code>"a phrase"</code> · <code>-word</code> excludes · <code>+word</code> requires.
        </span>{' '}
        <span id="label-hint" className={labelInvalid ? 'error' : undefined}>
          {labelInvalid
            ? 'A label filter is key=value or key!=value.'
            : 'Label: key=value or key!=value on the primary resource, * as wildcard.'}
        </span>{' '}
        Related: a role, an id, or both.{absolute ? ' Live tail follows relative ranges only.' : ''}
      </p>
    </div>
  );
}
