// The automations API's wire types, taken from the SDK client's signatures (the browser entry exports
// the client; its types travel with its methods).

import type { AutomationsClient } from '@herald/sdk/browser';

export type AutomationCreate = Parameters<AutomationsClient['create']>[0];
export type Automation = Awaited<ReturnType<AutomationsClient['read']>>;
export type Trigger = AutomationCreate['trigger'];
export type EventTrigger = Extract<Trigger, { type: 'event' }>;
export type CompositeTrigger = Exclude<Trigger, EventTrigger>;
export type Action = AutomationCreate['actions'][number];
export type AutomationState = Awaited<ReturnType<AutomationsClient['state']>>;
export type FiringRecord = Awaited<ReturnType<AutomationsClient['firings']>>[number];
export type Explanation = Awaited<ReturnType<AutomationsClient['explain']>>;
export type TriggerExplanation = Explanation['triggers'][number];
export type BacktestResult = Awaited<ReturnType<AutomationsClient['backtest']>>;
export type BacktestFiring = BacktestResult['firings'][number];
export type TemplateCheck = Awaited<ReturnType<AutomationsClient['validateTemplate']>>;

export const isEventTrigger = (t: Trigger): t is EventTrigger => t.type === 'event';
