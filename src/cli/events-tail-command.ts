// `herald events tail`: print events as they happen (WS /events/out), until Ctrl-C.

import type { Command } from 'commander';
import { subscribe, toTimestamp } from '../../sdk/index.js';
import { addConnectionOptions, resolveConnection } from './connection-options.js';
import { type FilterFlags, addFilterOptions, buildFilter } from './filter-options.js';
import { formatEventJson, formatEventLine } from './format-event.js';
import type { CliIo } from './io.js';

interface TailFlags extends FilterFlags {
  json?: boolean;
}

export function addTailCommand(events: Command, io: CliIo): void {
  const tail = events
    .command('tail')
    .description('Print matching events live as they arrive (Ctrl-C to stop)')
    .option('--json', 'one JSON event per line');
  addFilterOptions(tail, { withUntil: false });
  addConnectionOptions(tail);
  tail.addHelpText(
    'after',
    `
Starts at "now" unless --since is given (the server replays at most 15 minutes).
Reconnects by itself if the connection drops, without repeating events.

Examples:
  $ herald events tail
  $ herald events tail --event-prefix prefect.flow-run. --since 10m
  $ herald events tail --resource-label prefect.resource.name='nightly-*' --json | jq .event
`,
  );
  tail.action(async (flags: TailFlags, command: Command) => {
    const filter = buildFilter(flags, Date.now());
    // "From now" is sent as a backfill from the start time: an event committed between our request
    // and the server joining us to the live feed is then still delivered (by the backfill).
    filter.occurred = { ...filter.occurred, since: filter.occurred?.since ?? toTimestamp(Date.now()) };
    const { url, apiKey } = resolveConnection(command);
    const subscription = subscribe(filter, {
      url,
      apiKey,
      backfill: true,
      onReconnecting: ({ attempt, delayMs }) =>
        io.err(`Connection lost; reconnecting in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt})…\n`),
      onConnected: () => io.err(`Tailing events from ${url} (Ctrl-C to stop)\n`),
      onDropped: ({ count, since }) => io.err(`Fell behind: the server skipped ${count} events since ${since}; fetching them now\n`),
    });
    const stop = () => void subscription.close();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      for await (const event of subscription) io.out((flags.json ? formatEventJson(event) : formatEventLine(event)) + '\n');
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  });
}
