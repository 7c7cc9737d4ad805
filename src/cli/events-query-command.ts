// `herald events query`: page through stored events (POST /events/filter, then next_page links).

import { type Command, Option } from 'commander';
import { HeraldClient } from '../../sdk/index.js';
import { addConnectionOptions, resolveConnection } from './connection-options.js';
import { type FilterFlags, addFilterOptions, buildFilter } from './filter-options.js';
import { formatEventJson, formatEventLine } from './format-event.js';
import type { CliIo } from './io.js';
import { parsePositiveInt } from './parse-values.js';

interface QueryFlags extends FilterFlags {
  limit: string;
  order: string;
  json?: boolean;
}

export function addQueryCommand(events: Command, io: CliIo): void {
  const query = events
    .command('query')
    .description('List stored events matching a filter, newest first (all pages up to --limit)')
    .addOption(new Option('--limit <n>', 'most events to print').default('100'))
    .addOption(new Option('--order <order>', 'asc (oldest first) or desc (newest first)').choices(['asc', 'desc']).default('desc'))
    .option('--json', 'one JSON event per line on stdout (the total goes to stderr)');
  addFilterOptions(query, { withUntil: true });
  addConnectionOptions(query);
  query.addHelpText(
    'after',
    `
Without --since the server looks back 180 days (Prefect's default).

Examples:
  $ herald events query --event-prefix prefect.flow-run. --since 2h
  $ herald events query --resource-id 'prefect.flow-run.*' --resource-label prefect.state-type=FAILED
  $ herald events query --text 'timeout -retry' --limit 500 --json | jq .payload
`,
  );
  query.action(async (flags: QueryFlags, command: Command) => {
    const limit = parsePositiveInt('--limit', flags.limit);
    const filter = buildFilter(flags, Date.now());
    filter.order = flags.order === 'asc' ? 'ASC' : 'DESC';
    const client = new HeraldClient(resolveConnection(command));
    const results = client.queryEvents(filter, { limit });
    let shown = 0;
    for await (const event of results) {
      io.out((flags.json ? formatEventJson(event) : formatEventLine(event)) + '\n');
      shown++;
    }
    const total = results.total ?? shown;
    const summary = `${shown} of ${total} matching event${total === 1 ? '' : 's'}${shown < total ? ` (raise --limit to see more)` : ''}\n`;
    if (flags.json) io.err(summary);
    else io.out(summary);
  });
}
