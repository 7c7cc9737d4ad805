// "Now" for a view: fixed while the view is unchanged (so list, histogram and count agree on one
// window), renewed when the view changes or on demand (Refresh, re-query after a live-tail gap).

import { useCallback, useState } from 'react';

export function useAnchor(key: string): [number, () => void] {
  const [anchor, setAnchor] = useState({ key, now: Date.now() });
  const renew = useCallback(() => setAnchor({ key, now: Date.now() }), [key]);
  if (anchor.key !== key) {
    const next = { key, now: Date.now() };
    setAnchor(next);
    return [next.now, renew];
  }
  return [anchor.now, renew];
}
