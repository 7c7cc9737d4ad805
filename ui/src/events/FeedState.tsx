// Loading, error and empty states of the feed, each saying what to do next.
import { isHeraldSdkError } from '@herald/sdk/browser';
import type { UseInfiniteQueryResult } from '@tanstack/react-query';
import type { FeedSearch } from './feed-search';
import { describeRange } from './range';

interface Props {
  pages: Pick<UseInfiniteQueryResult, 'isPending' | 'isError' | 'error' | 'refetch'>;
  empty: boolean;
  search: FeedSearch;
  filters: number;
  clear(): void;
  widen(): void;
}

export function FeedState({ pages, empty, search, filters, clear, widen }: Props) {
  if (pages.isPending) return <p className="state muted">Loading events…</p>;
  if (pages.isError) {
    const err = pages.error;
    const status = isHeraldSdkError(err) ? err.status : undefined;
    return (
      <div className="state error" role="alert">
        <p>
          <strong>The events could not be loaded.</strong> {err instanceof Error ? err.message : String(err)}
        </p>
        <p>
          {status === 422
            ? 'The server refused the filter: check the search syntax or the resource id.'
            : status === 503
              ? 'The query took too long: narrow the range or add a filter.'
              : 'Check that the server is running, then try again.'}{' '}
          <button type="button" onClick={() => void pages.refetch()}>
            Try again
          </button>
        </p>
      </div>
    );
  }
  if (!empty) return null;
  const wide = !search.since && search.range === '7d';
  return (
    <div className="state">
      <p>
        <strong>No events in {describeRange(search)}</strong>
        {filters > 0 ? ` matching ${filters} filter${filters === 1 ? '' : 's'}` : ''}.
      </p>
      <p>
        {!wide && (
          <button type="button" onClick={widen}>
            Widen to 7 days
          </button>
        )}{' '}
        {filters > 0 && (
          <button type="button" onClick={clear}>
            Clear {filters} filter{filters === 1 ? '' : 's'}
          </button>
        )}{' '}
        {filters === 0 && 'Send one with the SDK (docs/sdk.md) or POST /api/events.'}
      </p>
    </div>
  );
}
