// The destination wire types, derived from the SDK's DestinationsClient (the browser entry exports
// the client and DestinationWire; the rest follow from its method signatures), and the labels the
// pages show for each type.

import type { DestinationsClient, DestinationWire } from '@herald/sdk/browser';

export type { DestinationWire };
export type DestinationType = DestinationWire['type'];
export type DestinationInput = Parameters<DestinationsClient['create']>[0];
export type CreatedDestination = Awaited<ReturnType<DestinationsClient['create']>>;
export type DestinationTestResult = Awaited<ReturnType<DestinationsClient['test']>>;
export type DestinationUser = Awaited<ReturnType<DestinationsClient['usedBy']>>[number];

export const DESTINATION_TYPES: readonly DestinationType[] = ['webhook', 'slack', 'teams', 'email'];

export const TYPE_INFO: Record<DestinationType, { label: string; what: string }> = {
  webhook: { label: 'Webhook', what: 'an HTTP request to your URL, signed (Standard Webhooks)' },
  slack: { label: 'Slack', what: 'a message to a channel, through a Slack incoming-webhook URL' },
  teams: { label: 'Microsoft Teams', what: 'a message to a channel, through a Teams incoming-webhook URL' },
  email: { label: 'E-mail', what: 'a message to recipients, through your SMTP server' },
};

export function isDestinationType(value: unknown): value is DestinationType {
  return DESTINATION_TYPES.includes(value as DestinationType);
}
