// Parsers for flag values. Each throws UsageError with the flag's name and an example of what works.

import { toTimestamp } from '../../sdk/index.js';
import { UsageError } from './cli-error.js';

/** Commander "collect" parser for repeatable flags. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `label=value` (split at the first `=`). */
export function parseLabel(flag: string, text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`${flag} expects label=value, got "${text}" (e.g. ${flag} prefect.resource.name=nightly-etl)`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** `role:id` (split at the first `:`, so ids may contain colons, e.g. `dataset:s3://bucket/key`). */
export function parseRelated(text: string): { role: string; id: string } {
  const at = text.indexOf(':');
  if (at <= 0 || at === text.length - 1)
    throw new UsageError(`--related expects role:id, got "${text}" (e.g. --related flow:prefect.flow.etl)`);
  return { role: text.slice(0, at), id: text.slice(at + 1) };
}

/** A JSON object (the payload of an event). */
export function parseJsonObject(flag: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${flag} is not valid JSON: ${(err as Error).message} (e.g. ${flag} '{"rows": 42}')`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(
      `${flag} must be a JSON object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)} (e.g. ${flag} '{"rows": 42}')`,
    );
  }
  return value as Record<string, unknown>;
}

const RELATIVE = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** A time: ISO-8601 (`2026-08-21T10:00:00Z`), `now`, or an age such as `15m`, `2h`, `7d` (that long ago). */
export function parseTime(flag: string, text: string, nowMs: number): string {
  const t = text.trim();
  if (t === 'now') return toTimestamp(nowMs);
  const rel = RELATIVE.exec(t);
  if (rel) return toTimestamp(nowMs - Number(rel[1]) * UNIT_MS[rel[2]]);
  const naive = !/(Z|[+-]\d{2}:?\d{2})$/i.test(t);
  const ms = Date.parse(naive && t.includes('T') ? t + 'Z' : t);
  if (Number.isNaN(ms)) throw new UsageError(`${flag} expects a time such as 15m, 2h, 7d or 2026-08-21T10:00:00Z, got "${text}"`);
  return toTimestamp(ms);
}

export function parsePositiveInt(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new UsageError(`${flag} expects a whole number of 1 or more, got "${text}"`);
  return Number(text);
}
