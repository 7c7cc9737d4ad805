// Whether the API key prompt is open: set by any 401 (query cache, live tail), cleared when a key is
// entered. A tiny external store so non-React code (the query cache) can open it.

import { useSyncExternalStore } from 'react';

let needed = false;
const listeners = new Set<() => void>();

function set(value: boolean): void {
  if (needed === value) return;
  needed = value;
  for (const l of listeners) l();
}

export const requireKey = () => set(true);
export const keyProvided = () => set(false);

export function useKeyRequired(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => needed,
  );
}
