// Herald's TypeScript SDK (`herald/sdk`). Usable on its own: at runtime it needs only Node's
// built-ins and `ws`. See docs/sdk.md for usage and the semantics at the limits.

export { uuidv7, uuidv7Time } from './uuidv7.js';
export { buildEvent, defaultEventLimits, FOLLOWS_WINDOW_MS, type EventInput, type EventLimits } from './build-event.js';
export {
  HeraldClient,
  type HeraldClientOptions,
  type EmitResult,
  type QueryOptions,
  type CountByOptions,
  type EventQueryResult,
} from './http-client.js';
export {
  EventsWorker,
  type EventsWorkerOptions,
  type EventsWorkerEvents,
  type EventsWorkerState,
  type AckNotice,
  type DeferredNotice,
  type ReconnectNotice,
} from './events-worker.js';
export { subscribe, EventSubscription, type SubscribeOptions, type DroppedNotice } from './subscribe.js';
export { HeraldSdkError, isHeraldSdkError, describeValidationDetail, type SdkErrorCode } from './errors.js';
export { systemClock, awaitedClock, type Clock, type TimerHandle } from './clock.js';
export type { BackoffOptions } from './backoff.js';
export { toTimestamp, parseTimestamp } from './timestamps.js';
export type {
  Event,
  ReceivedEvent,
  Resource,
  RelatedResource,
  EventFilterInput,
  EventPage,
  EventCount,
  Countable,
  TimeUnit,
} from '../src/events/types.js';
