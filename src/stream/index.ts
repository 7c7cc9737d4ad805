// Live subscriptions: fan-out, backfill, back-pressure ([arch part-stream]). Public surface.
export { Distributor, type StreamSubscriber } from './distributor.js';
export { BoundedOutbound, type DroppedNotice, type FrameChannel } from './outbound.js';
export { LiveSubscription, BACKFILL_DEDUPE_GRACE_MS, type SubscriptionOptions } from './subscription.js';
export { streamFilters, type StreamFilters } from './stream-filter.js';
export { wsFrameChannel, textFrame } from './ws-channel.js';
