// The events the backtest chart counts: those the draft's event triggers name (expect and after),
// as an event filter. The server AND-s `name` with `prefix`, so a mix of exact names and `x.*` globs
// is counted by prefix only (an exact name as a prefix over-counts only names that extend it). A
// trigger that takes any event, or a glob not at the end, counts every event.

import type { EventFilterInput } from '@herald/sdk/browser';
import type { Trigger } from './types';

function namesOf(t: Trigger): string[] | null {
  if (t.type !== 'event') {
    const all = t.triggers.map(namesOf);
    return all.some((n) => n === null) ? null : (all.flat() as string[]);
  }
  if (!t.expect || t.expect.length === 0) return null;
  return [...t.expect, ...(t.after ?? [])];
}

export function backtestEventFilter(trigger: Trigger): EventFilterInput['event'] {
  const names = namesOf(trigger);
  if (!names || names.some((n) => n.slice(0, -1).includes('*') || n === '*')) return undefined;
  const prefixes = names.filter((n) => n.endsWith('*')).map((n) => n.slice(0, -1));
  const exact = names.filter((n) => !n.endsWith('*'));
  if (prefixes.length === 0) return { name: exact };
  return { prefix: [...prefixes, ...exact] };
}
