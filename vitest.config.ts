import { appendFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'sdk/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Real databases and servers: give integration tests room, never rely on sleeps.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
    // An unhandled error still fails the run; scripts/test.sh also prints it (message and stack)
    // beside its summary line, where a CI log that keeps only the tail still shows it.
    onUnhandledError(error) {
      const log = process.env.HERALD_UNHANDLED_LOG;
      if (!log) return;
      const where = (error as { testPath?: string }).testPath ?? '';
      appendFileSync(log, `unhandled ${error.type ?? 'error'} ${where}\n${error.stack ?? error.message}\n\n`);
    },
  },
});
