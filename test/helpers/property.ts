// Every property and fuzz test runs a bounded number of cases drawn from a recorded seed, so a run
// is repeatable and cannot wander into an input no earlier run met. Explore other inputs with
// HERALD_PROPERTY_SEED=<int>; a failing fc.assert prints `{ seed: …, path: … }` — rerun with that
// seed to replay it. (test/api/fuzz.test.ts has its own HERALD_FUZZ_SEED.)
import type fc from 'fast-check';

function seedFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return n;
}

export const PROPERTY_SEED = seedFromEnv('HERALD_PROPERTY_SEED', 20_261_210);

/** fast-check parameters: the recorded seed and exactly `numRuns` cases. */
export function propertyRuns<T>(numRuns: number): fc.Parameters<T> {
  return { seed: PROPERTY_SEED, numRuns };
}
