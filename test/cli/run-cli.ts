// Runs the real `herald` command as a child process (through tsx, so no build step is needed).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { runTsx, startTsx, type ProcessResult } from '../helpers/process.js';

const main = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

export type CliResult = ProcessResult;

/** Environment without the user's HERALD_* variables, so tests see only what they set. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HERALD_')));
  return { ...env, ...extra };
}

export function startCli(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return startTsx(main, args, cleanEnv(env));
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runTsx(main, args, cleanEnv(env));
}

/** Resolves with the output so far once `pattern` appears on the stream. */
export function waitForOutput(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        stream.off('data', onData);
        resolve(seen);
      }
    };
    stream.on('data', onData);
    stream.once('end', () => reject(new Error(`stream ended before ${pattern}; got:\n${seen}`)));
  });
}
