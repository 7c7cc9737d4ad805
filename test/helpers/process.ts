// Runs a TypeScript file as a real child process (through tsx, so no build step is needed).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function startTsx(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], { env });
}

/** Runs `file` to completion (no standard input) and collects its output and exit code. */
export function runTsx(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ProcessResult> {
  return collect(startTsx(file, args, env));
}

/** Runs `node <args>` to completion, e.g. with extra flags or `--import` hooks before the script. */
export function runNode(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<ProcessResult> {
  return collect(spawn(process.execPath, args, { env: options.env ?? process.env, cwd: options.cwd }));
}

async function collect(child: ChildProcessWithoutNullStreams): Promise<ProcessResult> {
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}
