// How an event reads in a row: a humanized label beside the raw name, the resource's name before
// its id (Prefect's fallback chain), related resources grouped by role, and a tone that gives
// colour a meaning (failure, success, absence, Herald's own events muted) — nothing decorative.

import type { ReceivedEvent } from '@herald/sdk/browser';

/** `prefect.flow-run.Completed` → `Flow Run Completed` (Prefect's rule: drop the vendor prefix, split, capitalise). */
export function eventLabel(name: string): string {
  const words = name
    .replace(/^(prefect-cloud|prefect)\./, '')
    .split(/[._-]+/)
    .filter(Boolean);
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ') || name;
}

export function resourceName(resource: Record<string, string>): string | undefined {
  return resource['prefect.resource.name'] ?? resource['prefect.name'] ?? resource['prefect-cloud.name'];
}

export function resourceId(resource: Record<string, string>): string {
  return resource['prefect.resource.id'] ?? '';
}

/** Related resources by role, roles in first-seen order. */
export function relatedByRole(event: ReceivedEvent): [string, Record<string, string>[]][] {
  const groups = new Map<string, Record<string, string>[]>();
  for (const r of event.related) {
    const role = r['prefect.resource.role'] ?? 'related';
    groups.set(role, [...(groups.get(role) ?? []), r]);
  }
  return [...groups];
}

export type Tone = 'failure' | 'success' | 'absence' | 'muted' | 'plain';

export function eventTone(name: string): Tone {
  if (/^(prefect\.automation\.|prefect-cloud\.)/.test(name)) return 'muted';
  const last = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  if (/fail|crash|error|cancel|reject/.test(last)) return 'failure';
  if (/complet|succe|ok$|done|resolv/.test(last)) return 'success';
  if (/absen|late|stale|timeout|missed/.test(last)) return 'absence';
  return 'plain';
}

/** `a.b.c` → `a.*`, `a.b.*` (what the name picker offers beside each name). */
export function namePrefixes(name: string): string[] {
  const parts = name.split('.');
  return parts.slice(1).map((_, i) => `${parts.slice(0, i + 1).join('.')}.*`);
}

/** The detail route's date segment (`YYYY-MM-DD`, UTC) of an event. */
export function eventDate(occurred: string): string {
  return occurred.slice(0, 10);
}
