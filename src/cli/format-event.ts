// One line per event for people: when, what, and on which resource.
//   2026-08-21T10:00:00.123Z  prefect.flow-run.Completed  prefect.flow-run.0b7f… (crimson-otter)

import type { ReceivedEvent } from '../../sdk/index.js';

export function formatEventLine(event: ReceivedEvent): string {
  const when = Number.isNaN(Date.parse(event.occurred)) ? event.occurred : new Date(event.occurred).toISOString();
  const resource = event.resource ?? {};
  const name = resource['prefect.resource.name'] ?? resource['prefect.name'];
  return `${when}  ${event.event}  ${resource['prefect.resource.id'] ?? '?'}${name ? ` (${name})` : ''}`;
}

/** One JSON document per line (`--json`), so output pipes into `jq -c` and friends. */
export function formatEventJson(event: ReceivedEvent): string {
  return JSON.stringify(event);
}
