// Command-line helpers shared by the benches that take `--name value` flags by hand.
import type { Backend } from './target.js';

/** The value after `name` in `args` (default: this process's arguments), or undefined. */
export function argValue(name: string, args: readonly string[] = process.argv.slice(2)): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** `--backend sqlite|postgres`, default sqlite; anything else throws. */
export function backendArg(args: readonly string[] = process.argv.slice(2)): Backend {
  const backend = argValue('--backend', args) ?? 'sqlite';
  if (backend !== 'sqlite' && backend !== 'postgres') throw new Error('--backend must be sqlite or postgres');
  return backend;
}
