// --url and --api-key. They are accepted before the subcommand (`herald --url … events query`) and
// after it (`herald events query --url …`): the program uses positional options so that
// `herald server --api-key` can mean the server's own key setting.

import { type Command, Option } from 'commander';

export const DEFAULT_URL = 'http://127.0.0.1:4200';

export interface Connection {
  url: string;
  apiKey: string | undefined;
}

export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(new Option('--url <url>', `Herald server URL (env HERALD_URL; default ${DEFAULT_URL})`))
    .addOption(new Option('--api-key <key>', 'API key, when the server requires one (env HERALD_API_KEY)'));
}

/** The nearest explicit flag wins (subcommand, then program), then the environment, then the default. */
export function resolveConnection(command: Command, env: NodeJS.ProcessEnv = process.env): Connection {
  let url: string | undefined;
  let apiKey: string | undefined;
  for (let c: Command | null = command; c; c = c.parent) {
    const opts = c.opts<{ url?: string; apiKey?: string }>();
    url ??= opts.url;
    apiKey ??= opts.apiKey;
  }
  return { url: url ?? (env.HERALD_URL || DEFAULT_URL), apiKey: apiKey ?? (env.HERALD_API_KEY || undefined) };
}
