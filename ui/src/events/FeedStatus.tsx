// The line under the histogram: how many events match (a lower bound shows as "10,000+"), the live
// tail's state, the server's `dropped` notice (it stays until the list is re-queried: a gap must not
// go unnoticed) and the "N new events" pill for events held while the reader is scrolled away.

import type { HeraldEventPage } from '@herald/sdk/browser';
import { numberFormat } from '../lib/time';
import type { useLiveTail } from './useLiveTail';

interface Props {
  first: HeraldEventPage | undefined;
  pending: boolean;
  live: boolean;
  tail: ReturnType<typeof useLiveTail>;
  /** Queries the list again up to now (the dropped notice's action). */
  requery(): void;
}

const plural = (n: number, word: string) => `${numberFormat.format(n)} ${word}${n === 1 ? '' : 's'}`;

/** "1,234 events", or "10,000+ events" when `total` is a lower bound (`total_relation: "gte"`). */
export function countText(page: HeraldEventPage): string {
  if (page.total_relation === 'gte') return `${numberFormat.format(page.total)}+ events`;
  return plural(page.total, 'event');
}

export function FeedStatus({ first, pending, live, tail, requery }: Props) {
  return (
    <>
      <div className="status-line">
        <p role="status" className="feed-count" data-testid="count">
          {pending ? 'Counting…' : first ? countText(first) : ''}
          {tail.shown.length > 0 && <span className="muted"> · {numberFormat.format(tail.shown.length)} live</span>}
        </p>
        {live && (
          <p className={`live-status ${tail.status}`} aria-live="polite">
            {tail.status === 'live'
              ? 'Live: new events appear at the top'
              : tail.status === 'failed'
                ? `Live tail stopped: ${tail.error}`
                : `Live tail ${tail.status}…`}
          </p>
        )}
        {tail.dropped > 0 && (
          <div className="warning" role="alert">
            The server dropped {plural(tail.dropped, 'live event')} while this tab was behind; the live tail fetched them again.{' '}
            <button
              type="button"
              className="small"
              onClick={() => {
                tail.acknowledgeDropped();
                requery();
              }}
            >
              Re-query the list
            </button>
          </div>
        )}
      </div>
      {tail.pending > 0 && (
        <button
          type="button"
          className="pill"
          onClick={() => {
            tail.reveal();
            window.scrollTo({ top: 0 });
          }}
        >
          ↑ {plural(tail.pending, 'new event')}
        </button>
      )}
    </>
  );
}
