// The feed's time controls: range presets, "previous window", a typed custom range, Refresh, and the
// absolute range when one is set (from a zoom, a custom range or the previous window).

import { formatAbsolute } from '../lib/time';
import { CustomRange } from './CustomRange';
import type { FeedSearch } from './feed-search';
import { DEFAULT_RANGE, RANGES, RANGE_KEYS } from './range';

interface Props {
  search: FeedSearch;
  update(patch: Partial<FeedSearch>): void;
  previous(): void;
  refresh(): void;
}

export function RangeBar({ search, update, previous, refresh }: Props) {
  const absolute = Boolean(search.since);
  return (
    <fieldset className="range">
      <legend className="sr-only">Time range</legend>
      {RANGE_KEYS.map((key) => {
        const on = !absolute && (search.range ?? DEFAULT_RANGE) === key;
        return (
          <button
            key={key}
            type="button"
            aria-pressed={on}
            onClick={() => update({ range: key === DEFAULT_RANGE ? undefined : key, since: undefined, until: undefined })}
          >
            {RANGES[key].label}
          </button>
        );
      })}
      <button type="button" onClick={previous} title="The window of the same length just before this one">
        ← Previous window
      </button>
      <CustomRange
        key={`${search.since}/${search.until}`}
        since={search.since}
        until={search.until}
        apply={(since, until) => update({ since, until, live: undefined })}
      />
      <button type="button" onClick={refresh} title="Query again up to now">
        Refresh
      </button>
      {absolute && (
        <span className="absolute">
          {formatAbsolute(search.since!)} → {search.until ? formatAbsolute(search.until) : 'now'}
        </span>
      )}
    </fieldset>
  );
}
