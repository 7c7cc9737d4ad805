// The filter flags shared by `events tail` and `events query`, and their translation into Prefect's
// EventFilter JSON ([compat S2.5]).

import { type Command, Option } from 'commander';
import type { EventFilterInput } from '../../sdk/index.js';
import { collect, parseLabel, parseTime } from './parse-values.js';

export interface FilterFlags {
  eventPrefix?: string[];
  event?: string[];
  resourceId?: string[];
  resourceLabel?: string[];
  relatedId?: string[];
  text?: string;
  since?: string;
  until?: string;
}

export function addFilterOptions(command: Command, { withUntil }: { withUntil: boolean }): Command {
  command
    .addOption(new Option('--event-prefix <prefix>', 'event name starts with (repeatable: any of them)').argParser(collect))
    .addOption(new Option('--event <name>', 'event name is exactly (repeatable: any of them)').argParser(collect))
    .addOption(new Option('--resource-id <id>', 'primary resource id; * and ? are globs (repeatable: any of them)').argParser(collect))
    .addOption(
      new Option(
        '--resource-label <label=value>',
        'primary resource label matches (glob; repeatable: all must match, repeated labels: any value)',
      ).argParser(collect),
    )
    .addOption(new Option('--related-id <id>', 'a related resource has this id (repeatable: any of them)').argParser(collect))
    .addOption(new Option('--text <query>', 'text search: words (OR), -word excludes, +word requires, "quoted phrase"'))
    .addOption(new Option('--since <time>', 'events that occurred at or after: 15m, 2h, 7d (ago) or an ISO-8601 time'));
  if (withUntil) command.addOption(new Option('--until <time>', 'events that occurred at or before: same forms as --since'));
  return command;
}

export function buildFilter(flags: FilterFlags, nowMs: number): EventFilterInput {
  const filter: EventFilterInput = {};
  if (flags.eventPrefix?.length || flags.event?.length) {
    filter.event = {};
    if (flags.eventPrefix?.length) filter.event.prefix = flags.eventPrefix;
    if (flags.event?.length) filter.event.name = flags.event;
  }
  const labels: Record<string, string[]> = {};
  for (const text of flags.resourceLabel ?? []) {
    const [label, value] = parseLabel('--resource-label', text);
    (labels[label] ??= []).push(value);
  }
  const ids = flags.resourceId ?? [];
  if (ids.length > 0 || Object.keys(labels).length > 0) {
    filter.resource = {};
    // Globs can only be expressed as a label pattern; exact ids also match as patterns, so mixed
    // lists go there together (one OR-ed list) rather than becoming two AND-ed constraints.
    if (ids.some((id) => /[*?[]/.test(id))) labels['prefect.resource.id'] = [...(labels['prefect.resource.id'] ?? []), ...ids];
    else if (ids.length > 0) filter.resource.id = ids;
    if (Object.keys(labels).length > 0)
      filter.resource.labels = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
  }
  if (flags.relatedId?.length) filter.related = { id: flags.relatedId };
  if (flags.text) filter.text = { query: flags.text };
  if (flags.since || flags.until) {
    filter.occurred = {};
    if (flags.since) filter.occurred.since = parseTime('--since', flags.since, nowMs);
    if (flags.until) filter.occurred.until = parseTime('--until', flags.until, nowMs);
  }
  return filter;
}
