// How every `herald webhooks` subcommand is declared: connection flags, examples in --help, and -o.

import { type Command, Option } from 'commander';
import { addConnectionOptions } from './connection-options.js';
import { OUTPUT_FORMATS } from './webhooks-format.js';

/** A subcommand with the connection flags and its examples at the end of --help. */
export function subcommand(parent: Command, nameAndArgs: string, description: string, examples: string[]): Command {
  const sub = parent.command(nameAndArgs).description(description);
  sub.addHelpText('after', `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}\n`);
  return addConnectionOptions(sub);
}

export function outputOption(formats: readonly string[] = OUTPUT_FORMATS): Option {
  return new Option('-o, --output <format>', 'output format').choices(formats).default(formats[0]);
}
