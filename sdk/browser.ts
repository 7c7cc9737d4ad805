// Herald's TypeScript SDK, browser entry (`@herald/sdk` under the `browser` condition, or
// `@herald/sdk/browser`): the platform's fetch and WebSocket, no Node built-ins and no `ws` — the
// import boundary is checked by .dependency-cruiser.cjs and tsconfig.browser.json. EventsWorker
// (exit flush, ref/unref, corked bursts) is Node-only; send batches with HeraldClient.emitEvents.

import { type WebSocketConstructor, browserTransport } from './browser-transport.js';
import { EventSubscription, type SubscribeOptions } from './subscribe.js';
import type { EventFilterInput } from './wire-types.js';

export * from './common.js';
export type { WebSocketConstructor, WebSocketLike } from './browser-transport.js';

export interface BrowserSubscribeOptions extends SubscribeOptions {
  /** The WebSocket class to use (default `globalThis.WebSocket`). */
  WebSocket?: WebSocketConstructor;
}

/**
 * Opens a subscription over the platform's WebSocket; iterate it with `for await`, stop it with
 * `close()` or `break`. A browser cannot pause a socket, so events past `bufferSize` are held in memory.
 */
export function subscribe(filter: EventFilterInput, options: BrowserSubscribeOptions): EventSubscription {
  return new EventSubscription(filter, options, browserTransport(options.WebSocket));
}
