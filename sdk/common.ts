// What both entries export (index.ts for Node, browser.ts for browsers): everything that runs on
// the web platform alone. Each entry adds `subscribe` bound to its own WebSocket transport.

export { uuidv7, uuidv7Time } from './uuidv7.js';
export { buildEvent, defaultEventLimits, FOLLOWS_WINDOW_MS, type EventInput, type EventLimits } from './build-event.js';
export {
  HeraldClient,
  type HeraldClientOptions,
  type EmitResult,
  type QueryOptions,
  type CountByOptions,
  type RequestOptions,
  type EventQueryResult,
} from './http-client.js';
// The typed clients of the management APIs and their wire types.
export * from './automations-client.js';
export * from './destinations-client.js';
export * from './webhooks-client.js';
export { EventSubscription, type SubscribeOptions, type DroppedNotice } from './subscribe.js';
export { HeraldSdkError, isHeraldSdkError, describeValidationDetail, type SdkErrorCode } from './errors.js';
export { systemClock, awaitedClock, type Clock, type TimerHandle } from './clock.js';
export type { BackoffOptions, ReconnectNotice } from './backoff.js';
export { toTimestamp, parseTimestamp } from './timestamps.js';
export type {
  Event,
  ReceivedEvent,
  Resource,
  RelatedResource,
  EventFilterInput,
  EventPage,
  HeraldEventPage,
  EventCount,
  Countable,
  TimeUnit,
} from './wire-types.js';
