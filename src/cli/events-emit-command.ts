// `herald events emit`: send one event over HTTP and say what happened to it.

import { type Command, Option } from 'commander';
import { HeraldClient, type EventInput } from '../../sdk/index.js';
import { addConnectionOptions, resolveConnection } from './connection-options.js';
import { collect, parseJsonObject, parseLabel, parseRelated, parseTime } from './parse-values.js';
import type { CliIo } from './io.js';

interface EmitFlags {
  event: string;
  resourceId: string;
  resource?: string[];
  related?: string[];
  payload?: string;
  follows?: string;
  id?: string;
  occurred?: string;
  json?: boolean;
}

export function addEmitCommand(events: Command, io: CliIo): void {
  const emit = events
    .command('emit')
    .description('Send one event to Herald (over HTTP; returns once it is durably stored)')
    .addOption(new Option('--event <name>', 'event name, e.g. etl.run.completed').makeOptionMandatory())
    .addOption(new Option('--resource-id <id>', 'id of the resource the event is about, e.g. etl.job.nightly').makeOptionMandatory())
    .addOption(new Option('--resource <label=value>', 'another label of the resource (repeatable)').argParser(collect))
    .addOption(new Option('--related <role:id>', 'a related resource with its role (repeatable)').argParser(collect))
    .addOption(new Option('--payload <json>', 'event payload, a JSON object'))
    .addOption(new Option('--follows <id>', 'id of the event this one follows (kept only within ±5 min)'))
    .addOption(new Option('--id <uuid>', 'event id (default: a new UUIDv7; re-sending an id stores it once)'))
    .addOption(new Option('--occurred <time>', 'when it happened: ISO-8601 or an age like 5m (default: now)'))
    .option('--json', 'print the stored event as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ herald events emit --event etl.run.completed --resource-id etl.job.nightly
  $ herald events emit --event etl.run.failed --resource-id etl.job.nightly \\
      --resource prefect.resource.name="Nightly ETL" --related owner:team.data \\
      --payload '{"rows": 0, "error": "timeout"}'
`,
    );
  addConnectionOptions(emit);
  emit.action(async (flags: EmitFlags, command: Command) => {
    const now = Date.now();
    const resource: Record<string, string> = { 'prefect.resource.id': flags.resourceId };
    for (const text of flags.resource ?? []) {
      const [label, value] = parseLabel('--resource', text);
      resource[label] = value;
    }
    const input: EventInput = {
      event: flags.event,
      resource,
      related: (flags.related ?? [])
        .map(parseRelated)
        .map(({ role, id }) => ({ 'prefect.resource.id': id, 'prefect.resource.role': role })),
      payload: flags.payload === undefined ? {} : parseJsonObject('--payload', flags.payload),
      follows: flags.follows,
      id: flags.id,
      occurred: flags.occurred === undefined ? undefined : parseTime('--occurred', flags.occurred, now),
    };
    const client = new HeraldClient(resolveConnection(command));
    const { events, duplicates } = await client.emitEvents([input]);
    const event = events[0];
    if (flags.json) io.out(JSON.stringify(event) + '\n');
    else if (duplicates.includes(event.id)) io.out(`Already stored: ${event.id} (${event.event}) — not stored again\n`);
    else io.out(`Stored ${event.id} (${event.event})\n`);
  });
}
