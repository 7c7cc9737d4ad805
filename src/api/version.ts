// Herald's version, read once from package.json (found from src/ when run with tsx, and from
// dist/src/ when built — the file sits one or two levels up).

import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function heraldVersion(): string {
  if (cached) return cached;
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'herald' && pkg.version) return (cached = pkg.version);
    } catch {
      // try the next candidate
    }
  }
  return (cached = '0.0.0');
}
