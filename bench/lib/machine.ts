// Describes the machine and commit a benchmark ran on, for bench/RESULTS.md.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const gib = Math.round(totalmem() / 2 ** 30);
  return `${cpus().length} × ${cpu}, ${gib} GiB, Node ${process.version}`;
}

export function commitLine(): string {
  try {
    const sha = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain', { encoding: 'utf8' }).trim() ? '+uncommitted' : '';
    return sha + dirty;
  } catch {
    return 'unknown';
  }
}

export function header(title: string): string {
  return `### ${title}\n\n- date: ${new Date().toISOString()}\n- commit: ${commitLine()}\n- machine: ${machineLine()}\n`;
}

/** p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/**
 * This process's resident memory, split as Linux counts it: anonymous (the heap and native
 * allocations) and file-backed (mapped files — with SQLite's readers mapping the database, the OS
 * page cache of that file, shared and reclaimable). Falls back to the total elsewhere.
 */
export function residentMemory(): string {
  const mb = (kb: number) => `${Math.round(kb / 1024).toLocaleString('en-US')} MB`;
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const [total, anon, file] = [field('VmRSS'), field('RssAnon'), field('RssFile')];
    if ([total, anon, file].some(Number.isNaN)) throw new Error('no split');
    return `${mb(total)} (anonymous ${mb(anon)}, file-backed ${mb(file)})`;
  } catch {
    return `${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`;
  }
}
