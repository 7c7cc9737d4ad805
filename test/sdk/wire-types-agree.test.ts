// The SDK's wire types (sdk/automations-client.ts, sdk/destinations-client.ts) are written for
// clients; the server builds the same JSON from its own view types. This file holds them together at
// compile time (`tsc` runs over test/ in `npm test`): every view the server returns must be
// assignable to the wire type the SDK promises, so a field added on one side and forgotten on the
// other fails the build instead of reaching a client. (Webhooks share one definition,
// sdk/webhook-types.ts, and need no check.)

import { expect, it } from 'vitest';
import type {
  AutomationStateWire,
  AutomationWire,
  BacktestResultWire,
  ExplanationWire,
  FiringRecordWire,
} from '../../sdk/automations-client.js';
import type { DestinationTestResult as DestinationTestWire, DestinationWire } from '../../sdk/destinations-client.js';
import type { DestinationView } from '../../src/actions/destinations.js';
import type { BacktestResult } from '../../src/automations/backtest-report.js';
import type { AutomationStateView, ExplainView } from '../../src/automations/engine-control.js';
import type { Automation } from '../../src/model/automation.js';
import type { FiringView } from '../../src/services/automation-insight.js';
import type { DestinationTestResult } from '../../src/services/destinations.js';

/**
 * The wire type without its `[field: string]: unknown` catch-alls (they let a client read fields a
 * newer server adds; an interface without one is never assignable to a type with one).
 */
type Known<T> = T extends readonly (infer U)[]
  ? Known<U>[]
  : T extends object
    ? { [K in keyof T as string extends K ? never : number extends K ? never : K]: Known<T[K]> }
    : T;

/** Compiles only when a `View` value has every field the SDK's `Wire` type promises, of its type. */
function assignable<Wire>(): <_View extends Known<Wire>>() => true {
  return () => true;
}

it('the server views are what the SDK wire types promise', () => {
  expect(assignable<AutomationWire>()<Automation>()).toBe(true);
  expect(assignable<AutomationStateWire>()<AutomationStateView>()).toBe(true);
  expect(assignable<FiringRecordWire>()<FiringView>()).toBe(true);
  expect(assignable<ExplanationWire>()<ExplainView>()).toBe(true);
  expect(assignable<BacktestResultWire>()<BacktestResult>()).toBe(true);
  expect(assignable<DestinationWire>()<DestinationView>()).toBe(true);
  expect(assignable<DestinationTestWire>()<DestinationTestResult>()).toBe(true);
});
