// Text for "what is this automation doing, and why didn't it fire?": `state`, `firings`, `explain`.
// Every command also has --json, which prints the server's answer untouched; these views are for
// people and may change.

import type { AutomationStateView, ExplainView, TriggerExplanation } from '../automations/engine-control.js';
import type { Automation } from '../model/automation.js';
import { formatKey } from './automations-format.js';

export function formatState(automation: Automation, view: AutomationStateView): string {
  const lines = [
    `${automation.name} (${automation.id}) — ${view.enabled ? 'enabled' : 'disabled'}`,
    `events clock: ${view.events_clock ?? 'no events seen yet'}`,
  ];
  for (const t of view.triggers) {
    lines.push(`trigger ${t.trigger_id} (${t.type}${t.posture ? `, ${t.posture}` : ''})`);
    if (t.windows.length === 0 && t.child_firings.length === 0) lines.push('  nothing open');
    for (const w of t.windows) {
      const extras = [
        w.next_deadline ? `next check ${w.next_deadline}` : '',
        w.last_event_id ? `last event ${w.last_event_id}` : '',
      ].filter(Boolean);
      lines.push(
        `  window ${formatKey(w.key)}: ${w.start} → ${w.end}, ${w.count}/${w.threshold} events${extras.length ? `, ${extras.join(', ')}` : ''}`,
      );
    }
    for (const c of t.child_firings) {
      lines.push(`  holding firing ${c.firing_id} of child ${c.child_trigger_id} ${formatKey(c.key)} since ${c.fired_at}`);
    }
  }
  return lines.join('\n') + '\n';
}

export function formatExplain(automation: Automation, view: ExplainView): string {
  const lines = [`event ${view.event_id} ${view.matched ? 'matches' : 'does not match'} ${automation.name} (${automation.id})`];
  for (const t of view.triggers) explainTrigger(t, '', lines);
  return lines.join('\n') + '\n';
}

function explainTrigger(t: TriggerExplanation, indent: string, lines: string[]): void {
  lines.push(`${indent}- trigger ${t.trigger_id} (${t.type}): ${t.matched ? `matched${t.role ? ` as ${t.role}` : ''}` : 'not matched'}`);
  const more = `${indent}    `;
  if (t.key) lines.push(`${more}key: ${formatKey(t.key)}`);
  if (t.window) {
    const w = t.window;
    lines.push(
      `${more}open window: ${w.start} → ${w.end}, ${w.count} events so far; the event is ${w.contains_event ? 'inside' : 'outside'} it`,
    );
  } else if (t.window === null) {
    lines.push(`${more}no open window for this key`);
  }
  for (const reason of t.reasons) lines.push(`${more}${reason}`);
  for (const child of t.children ?? []) explainTrigger(child, indent + '  ', lines);
}

/**
 * Firings, most recent first, with what became of each action. The record is read loosely (any of
 * the names the API may use), so a newer server with more fields still prints.
 */
export function formatFirings(automation: Automation, records: readonly unknown[]): string {
  if (records.length === 0) return `${automation.name} has not fired (or its firings were pruned by retention).\n`;
  const lines: string[] = [];
  for (const raw of records) {
    const r = asRecord(raw);
    const firing = asRecord(r.firing ?? r);
    const when = str(r.recorded) ?? str(firing.triggered) ?? '?';
    const states = Array.isArray(firing.trigger_states) ? firing.trigger_states.join('+') : '';
    const event = asRecord(firing.triggering_event);
    const head = [when, `firing ${str(firing.id) ?? str(r.id) ?? '?'}`, states, str(r.outcome) ? `(${str(r.outcome)})` : ''];
    if (str(event.event)) head.push(`on ${str(event.event)} ${str(event.id) ?? ''}`.trim());
    lines.push(head.filter(Boolean).join('  '));
    if (r.expanded === false && r.outcome !== 'loop-stopped') lines.push('    actions queued (the action worker has not written them yet)');
    const actions = Array.isArray(r.actions) ? r.actions : [];
    for (const a of actions.map(asRecord)) {
      const index = a.action_index ?? a.index;
      const type = str(a.action_type) ?? str(a.type) ?? '?';
      const attempts = typeof a.attempts === 'number' ? a.attempts : undefined;
      const tries = attempts === undefined ? '' : ` (${attempts} attempt${attempts === 1 ? '' : 's'})`;
      const error = str(a.last_error) ?? str(a.lastError);
      lines.push(`    action ${index ?? '?'} ${type}: ${str(a.status) ?? '?'}${tries}${error ? ` — ${error}` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
