// Live tail: the same filter (without its time window) over `WS /api/events/out` through the SDK's
// subscribe(), which reconnects and re-queries what the server reports as dropped. Events that
// arrive while the reader is scrolled away wait behind an "N new events" pill instead of shifting
// the rows under their eyes; a dropped notice stays visible until the reader re-queries the list.

import { isHeraldSdkError, type EventFilterInput, type ReceivedEvent } from '@herald/sdk/browser';
import { useCallback, useEffect, useRef, useState } from 'react';
import { requireKey } from '../app/auth-state';
import { useApi } from '../lib/api';

export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting' | 'failed';

/** Newest-first lists capped so a busy stream cannot grow memory without bound. */
const MAX_LIVE = 2000;

export function useLiveTail(enabled: boolean, filter: EventFilterInput, isAtTop: () => boolean) {
  const api = useApi();
  const [shown, setShown] = useState<ReceivedEvent[]>([]);
  // Held events live in a ref (appended per event without re-rendering the list); the count drives the pill.
  const held = useRef<ReceivedEvent[]>([]);
  const [pending, setPending] = useState(0);
  const [status, setStatus] = useState<LiveStatus>('off');
  const [dropped, setDropped] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    setShown([]);
    held.current = [];
    setPending(0);
    setDropped(0);
    setError(null);
    if (!enabled) {
      setStatus('off');
      return;
    }
    setStatus('connecting');
    const sub = api.subscribe(JSON.parse(filterKey) as EventFilterInput, {
      onConnected: () => setStatus('live'),
      onReconnecting: () => setStatus('reconnecting'),
      onDropped: (notice) => setDropped((n) => n + notice.count),
    });
    let open = true;
    (async () => {
      for await (const event of sub) {
        if (!open) break;
        if (isAtTop()) setShown((list) => [event, ...list].slice(0, MAX_LIVE));
        else {
          held.current = [event, ...held.current].slice(0, MAX_LIVE);
          setPending(held.current.length);
        }
      }
    })().catch((err: unknown) => {
      if (!open) return;
      if (isHeraldSdkError(err) && err.code === 'HERALD_SDK_UNAUTHORIZED') requireKey();
      setStatus('failed');
      setError(err instanceof Error ? err.message : String(err));
    });
    return () => {
      open = false;
      sub.close();
    };
  }, [enabled, filterKey, api, isAtTop]);

  /** Shows the held events (the pill's action). */
  const reveal = useCallback(() => {
    const events = held.current;
    held.current = [];
    setPending(0);
    if (events.length) setShown((list) => [...events, ...list].slice(0, MAX_LIVE));
  }, []);

  /** The reader re-queried the list, which covers the gap: the notice has done its job. */
  const acknowledgeDropped = useCallback(() => setDropped(0), []);

  return { shown, pending, status, dropped, error, reveal, acknowledgeDropped };
}
