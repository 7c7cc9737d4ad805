// The SDK ships on its own (`herald/sdk`): at runtime it may load only Node built-ins, `ws` and its
// own files. Type-only imports (erased at compile time) may reach the server's event types.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const sdkDir = join(import.meta.dirname, '..', '..', 'sdk');

describe('SDK import boundary', () => {
  it('loads nothing at runtime but node:*, ws and sdk/ itself', () => {
    const offenders: string[] = [];
    for (const file of readdirSync(sdkDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const source = readFileSync(join(sdkDir, file), 'utf8');
      for (const m of source.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
        const [, , typeOnly, target] = m;
        const runtimeOk = target.startsWith('node:') || target === 'ws' || (target.startsWith('./') && !target.includes('..'));
        if (!typeOnly && !runtimeOk) offenders.push(`${file}: ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
