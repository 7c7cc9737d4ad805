// The one way the UI reaches the server: Herald's SDK (browser entry). The API key, when the server
// has one, lives in sessionStorage (asked once per tab, gone when it closes); changing it makes a new
// client, and components read the current one through useApi().

import { HeraldClient, type ReceivedEvent, subscribe, type EventFilterInput, type SubscribeOptions } from '@herald/sdk/browser';
import { useSyncExternalStore } from 'react';

const KEY_STORAGE = 'herald.apiKey';

/** The API root: the server writes its HERALD_API_BASE_PATH into index.html (src/api/ui-static.ts). */
function apiUrl(): string {
  const base = document.querySelector<HTMLMetaElement>('meta[name="herald-api-base"]')?.content ?? '/api';
  return new URL(base || '/', window.location.origin).toString().replace(/\/$/, '');
}

export interface Api {
  client: HeraldClient;
  /** Live events matching `filter` (no backfill): the SDK reconnects and recovers dropped events. */
  subscribe(filter: EventFilterInput, options?: Partial<SubscribeOptions>): AsyncIterableIterator<ReceivedEvent> & { close(): void };
  hasKey: boolean;
}

/**
 * Marks every request as a page script's: the server then answers 401 without a Basic challenge,
 * which would make the browser hold the request behind its own login dialog (src/api/auth-hook.ts).
 */
const scriptFetch: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('X-Requested-With', 'herald-ui');
  return fetch(input, { ...init, headers });
};

function makeApi(apiKey: string | undefined): Api {
  const url = apiUrl();
  return {
    client: new HeraldClient({ url, apiKey, retries: 1, fetch: scriptFetch }),
    subscribe: (filter, options) => subscribe(filter, { url, apiKey, backfill: false, fetch: scriptFetch, ...options }),
    hasKey: Boolean(apiKey),
  };
}

let current = makeApi(readKey());
const listeners = new Set<() => void>();

function readKey(): string | undefined {
  try {
    return sessionStorage.getItem(KEY_STORAGE) || undefined;
  } catch {
    return undefined; // storage disabled: the key is asked again on reload
  }
}

/** Stores the key for this tab and switches every component to a client that sends it. */
export function setApiKey(key: string): void {
  try {
    sessionStorage.setItem(KEY_STORAGE, key);
  } catch {
    // keep it in memory only
  }
  current = makeApi(key || undefined);
  for (const l of listeners) l();
}

export function getApi(): Api {
  return current;
}

export function useApi(): Api {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
