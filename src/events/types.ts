// The event model as it travels on the wire ([compat S1], [compat S2.5]). The wire types have one
// definition, in the standalone SDK (sdk/wire-types.ts: the SDK ships alone and must not import the
// server); the server takes them from there, types only, and adds what only the server needs.

import type { EventFilterInput, Order, Timestamp } from '../../sdk/wire-types.js';

export type {
  AnyResourceFilterInput,
  Countable,
  Event,
  EventCount,
  EventFilterInput,
  EventPage,
  Order,
  ReceivedEvent,
  RelatedFilterInput,
  RelatedResource,
  Resource,
  ResourceSpecification,
  TimeUnit,
  Timestamp,
} from '../../sdk/wire-types.js';

/**
 * An EventFilter after parsing: the same JSON shape (so it can be carried in page tokens and echoed),
 * with defaults resolved — `occurred.since/until` are concrete and `order` is set.
 */
export interface EventFilter extends EventFilterInput {
  occurred: { since: Timestamp; until: Timestamp };
  order: Order;
}
