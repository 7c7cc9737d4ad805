// Appends a bench's section to bench/RESULTS.md, unless the command line has `--no-record` (trial
// and profiling runs print their figures without recording them).
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RESULTS_FILE = join(import.meta.dirname, '..', 'RESULTS.md');

/** True when this run should not append to bench/RESULTS.md. */
export function noRecord(argv: readonly string[] = process.argv): boolean {
  return argv.includes('--no-record');
}

/** Appends `section` as given (creating the file with its title if needed); returns whether it did. */
export function recordResult(section: string): boolean {
  if (noRecord()) return false;
  if (!existsSync(RESULTS_FILE)) writeFileSync(RESULTS_FILE, '# Benchmark results\n' + (section.startsWith('\n') ? '' : '\n'));
  appendFileSync(RESULTS_FILE, section);
  return true;
}

/** Prints a bench's section and records it followed by a newline (see recordResult). */
export function publishResult(text: string): void {
  process.stdout.write(text + '\n');
  recordResult(text + '\n');
}
