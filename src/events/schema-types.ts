// Compile-time proof that the plain interfaces of `types.ts` (defined in sdk/wire-types.ts) and
// `issues.ts` are exactly the static types of the TypeBox schemas in `schemas.ts` (docs/server.md
// "API schemas"). The interfaces stay hand-written because the SDK owns them and ships as its own
// package (@herald/sdk): deriving them with
// `Static<>` would put @sinclair/typebox into every SDK user's type graph, and editor hovers would
// show TypeBox's mapped types instead of the fields. A change to either side that is not made to
// the other fails `tsc` here, so the schema remains the one definition the shapes are held to.

import type { Static } from '@sinclair/typebox';
import type { ValidationErrorBody, ValidationIssue } from './issues.js';
import type * as S from './schemas.js';
import type {
  Countable,
  Event,
  EventCount,
  EventFilterInput,
  EventPage,
  Order,
  ReceivedEvent,
  ResourceSpecification,
  TimeUnit,
} from './types.js';

/** True only when A and B are the same type (not merely assignable one way). */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** True when every A is a B: what a service builds fits the published response schema. */
export type Fits<A, B> = [A] extends [B] ? true : false;
/** Fails to compile unless T is `true`: `Assert<Same<A, B>>`. */
export type Assert<T extends true> = T;

export type SchemaTypesMatch = [
  // The request schema leaves out what has a default; the validated Event is the stored one minus `received`.
  Assert<Same<Omit<Static<typeof S.ReceivedEvent>, 'received'>, Event>>,
  Assert<Same<Required<Static<typeof S.Event>>, Event>>,
  Assert<Same<Static<typeof S.ReceivedEvent>, ReceivedEvent>>,
  Assert<Same<Static<typeof S.ResourceSpecification>, ResourceSpecification>>,
  Assert<Same<Static<typeof S.EventFilter>, EventFilterInput>>,
  Assert<Same<Static<typeof S.EventPage>, EventPage>>,
  Assert<Same<Static<typeof S.EventCount>, EventCount>>,
  Assert<Same<Static<typeof S.Countable>, Countable>>,
  Assert<Same<Static<typeof S.TimeUnit>, TimeUnit>>,
  Assert<Same<Static<typeof S.Order>, Order>>,
  Assert<Same<Static<typeof S.ValidationIssue>, ValidationIssue>>,
  Assert<Same<Static<typeof S.ValidationErrorBody>, ValidationErrorBody>>,
];
