// How automations look on a terminal: the `ls` table and a one-line trigger summary, e.g.
//   Reactive: ≥3 × prefect.flow-run.Failed in 10m per prefect.resource.id
//   Proactive: <1 × prefect.flow-run.Completed|prefect.flow-run.Failed in 10m after prefect.flow-run.Running
//   compound: all of 2 in 1h

import type { Automation, Trigger } from '../model/automation.js';

const SUMMARY_MAX = 80;

/** Columns padded to their widest cell; the last column is not padded (no trailing spaces). */
export function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n') + '\n';
}

export function automationRows(automations: readonly Automation[]): string {
  if (automations.length === 0) return 'No automations. Create one with `herald automations apply -f <file>`.\n';
  const rows = automations.map((a) => [a.id, a.name, a.enabled ? 'yes' : 'no', truncate(triggerSummary(a.trigger), SUMMARY_MAX)]);
  return formatTable(['ID', 'NAME', 'ENABLED', 'TRIGGER'], rows);
}

export function triggerSummary(trigger: Trigger): string {
  switch (trigger.type) {
    case 'compound': {
      const n = trigger.triggers.length;
      const require = trigger.require === 'all' ? `all of ${n}` : trigger.require === 'any' ? `any of ${n}` : `${trigger.require} of ${n}`;
      return `compound: ${require}${trigger.within ? ` in ${formatSeconds(trigger.within)}` : ''}`;
    }
    case 'sequence':
      return `sequence of ${trigger.triggers.length}${trigger.within ? ` in ${formatSeconds(trigger.within)}` : ''}`;
    default: {
      const expect = trigger.expect?.length ? trigger.expect.join('|') : 'any event';
      // Reactive fires when at least `threshold` events arrive; Proactive when fewer than that do.
      const count =
        trigger.threshold === 1 && trigger.posture === 'Reactive'
          ? ''
          : `${trigger.posture === 'Proactive' ? '<' : '≥'}${trigger.threshold} × `;
      const parts = [`${trigger.posture}: ${count}${expect}`];
      if (trigger.within) parts.push(`in ${formatSeconds(trigger.within)}`);
      if (trigger.after?.length) parts.push(`after ${trigger.after.join('|')}`);
      if (trigger.for_each?.length) parts.push(`per ${trigger.for_each.join(',')}`);
      return parts.join(' ');
    }
  }
}

/** 30 → "30s", 600 → "10m", 5400 → "90m", 7200 → "2h", 1.5 → "1.5s". */
export function formatSeconds(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** `{a: "1", b: "2"}` → `a=1 b=2`; empty → `(all)` (no for_each: one window for everything). */
export function formatKey(key: Record<string, string> | undefined): string {
  const entries = Object.entries(key ?? {});
  return entries.length === 0 ? '(all)' : entries.map(([k, v]) => `${k}=${v}`).join(' ');
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
