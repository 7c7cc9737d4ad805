// Herald's TypeScript SDK, Node entry (`@herald/sdk` under the `node`/`default` conditions). At
// runtime it needs only Node's built-ins and `ws`. See docs/sdk.md for usage and the semantics at
// the limits; browser.ts is the same API over the platform's fetch and WebSocket, minus EventsWorker.

import type { SubscribeOptions } from './subscribe.js';
import { EventSubscription } from './subscribe.js';
import type { EventFilterInput } from './wire-types.js';
import { wsTransport } from './ws-transport.js';

export * from './common.js';
export {
  EventsWorker,
  type EventsWorkerOptions,
  type EventsWorkerEvents,
  type EventsWorkerState,
  type AckNotice,
  type DeferredNotice,
} from './events-worker.js';

/** Opens a subscription over `ws`; iterate it with `for await`, stop it with `close()` or `break`. */
export function subscribe(filter: EventFilterInput, options: SubscribeOptions): EventSubscription {
  return new EventSubscription(filter, options, wsTransport);
}
