// The active list filters (event names, labels) as removable chips: one click takes one away.

import type { FeedSearch } from './feed-search';

interface Props {
  search: FeedSearch;
  update(patch: Partial<FeedSearch>): void;
}

export function FilterChips({ search, update }: Props) {
  const without = (list: string[] | undefined, item: string) => {
    const rest = (list ?? []).filter((x) => x !== item);
    return rest.length ? rest : undefined;
  };
  return (
    <>
      {search.event?.map((name) => (
        <button
          key={`event:${name}`}
          type="button"
          className="chip removable"
          aria-label={`Remove event filter ${name}`}
          onClick={() => update({ event: without(search.event, name) })}
        >
          {name} ×
        </button>
      ))}
      {search.label?.map((label) => (
        <button
          key={`label:${label}`}
          type="button"
          className="chip removable"
          aria-label={`Remove label filter ${label}`}
          onClick={() => update({ label: without(search.label, label) })}
        >
          {label} ×
        </button>
      ))}
    </>
  );
}
