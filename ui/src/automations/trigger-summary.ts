// A trigger in words, for the list and the detail page: "when 3 × `acme.job.failed` within 10 min,
// per `prefect.resource.id`", "when no `acme.heartbeat` within 5 min, per …", and composites as
// "when all of these fire within 1 h: (…); (…)" or "when these fire in order: (…) then (…)". Parts keep names apart from prose so they render in monospace.

import { formatDuration } from './duration';
import type { EventTrigger, Trigger } from './types';

export type Part = { text: string } | { code: string };

const t = (text: string): Part => ({ text });
const c = (code: string): Part => ({ code });

function names(list: string[] | undefined, none: string): Part[] {
  if (!list || list.length === 0) return [t(none)];
  const out: Part[] = [];
  list.forEach((n, i) => {
    if (i > 0) out.push(t(i === list.length - 1 ? ' or ' : ', '));
    out.push(c(n));
  });
  return out;
}

function resourceAndKey(tr: EventTrigger): Part[] {
  const out: Part[] = [];
  const id = tr.match?.['prefect.resource.id'];
  if (id !== undefined) out.push(t(' from '), ...names(Array.isArray(id) ? id : [id], ''));
  if (tr.for_each && tr.for_each.length > 0) out.push(t(', per '), ...names(tr.for_each, ''));
  return out;
}

function eventTrigger(tr: EventTrigger): Part[] {
  const threshold = tr.threshold ?? 1;
  const within = tr.within ?? 0;
  const count = (n: number) => (n === 1 ? [] : [t(`${n} × `)]);
  if (tr.posture === 'Proactive') {
    const window = t(` within ${formatDuration(within || 10)}`);
    const what =
      threshold <= 1 ? [t('no '), ...names(tr.expect, 'event')] : [t(`fewer than ${threshold} × `), ...names(tr.expect, 'events')];
    const opener = tr.after && tr.after.length > 0 ? [t('after '), ...names(tr.after, ''), t(', ')] : [];
    return [...opener, t('when '), ...what, window, ...resourceAndKey(tr)];
  }
  const opener = tr.after && tr.after.length > 0 ? [t('after '), ...names(tr.after, ''), t(', ')] : [];
  const window = within > 0 ? [t(` within ${formatDuration(within)}`)] : [];
  return [...opener, t('when '), ...count(threshold), ...names(tr.expect, 'any event'), ...window, ...resourceAndKey(tr)];
}

export function summarizeTrigger(tr: Trigger): Part[] {
  if (tr.type === 'event') return eventTrigger(tr);
  const joiner = tr.type === 'sequence' ? ' then (' : '; (';
  const children = tr.triggers.flatMap((child, i) => [t(i === 0 ? '(' : joiner), ...summarizeTrigger(child), t(')')]);
  const within = tr.within ? ` within ${formatDuration(tr.within)}` : '';
  if (tr.type === 'sequence') return [t(`when these fire in order${within}: `), ...children];
  const req = tr.require ?? 'all';
  const head = req === 'any' ? 'any of these fires' : req === 'all' ? 'all of these fire' : `${req} of these ${tr.triggers.length} fire`;
  return [t(`when ${head}${within}: `), ...children];
}

export function summaryText(parts: Part[]): string {
  return parts.map((p) => ('code' in p ? p.code : p.text)).join('');
}
