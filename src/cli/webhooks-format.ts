// How webhooks look on a terminal: the `ls` table, one webhook in full, and the one-time secret notice.

import { stringify as toYaml } from 'yaml';
import type { WebhookWire } from '../../sdk/index.js';
import { formatTable } from './automations-format.js';

export type OutputFormat = 'table' | 'json' | 'yaml';
export const OUTPUT_FORMATS: OutputFormat[] = ['table', 'json', 'yaml'];

export function webhookRows(hooks: readonly WebhookWire[], urlOf: (w: WebhookWire) => string): string {
  if (hooks.length === 0) return 'No webhooks. Create one with `herald webhooks create <name> -t @template.json`.\n';
  const rows = hooks.map((w) => [w.id, w.name, w.enabled ? 'yes' : 'no', urlOf(w), w.signature?.preset ?? '-']);
  return formatTable(['ID', 'NAME', 'ENABLED', 'URL', 'SIGNATURE'], rows);
}

/** A data answer in the chosen format (`table` falls back to JSON for commands without a table). */
export function structured(value: unknown, format: OutputFormat): string {
  return format === 'yaml' ? toYaml(value, { lineWidth: 0 }) : JSON.stringify(value, null, 2) + '\n';
}

/** `get` without -o: the settings a person checks, then the template as written. */
export function describeWebhook(w: WebhookWire, url: string): string {
  const lines = [`${w.name} (${w.id})`, `  URL:          ${url}`, `  enabled:      ${w.enabled ? 'yes' : 'no'}`];
  if (w.description) lines.push(`  description:  ${w.description}`);
  lines.push(`  signature:    ${describeSignature(w.signature)}`);
  if (w.dedup_key) lines.push(`  dedup key:    ${w.dedup_key}`);
  if (w.rate_limit) lines.push(`  rate limit:   ${w.rate_limit.per_second}/s, burst ${w.rate_limit.burst}`);
  if (w.emit_received) lines.push('  emits prefect-cloud.webhook.received for every request');
  lines.push(`  updated:      ${w.updated}`, '  template:', ...w.template.split('\n').map((l) => `    ${l}`));
  return lines.join('\n') + '\n';
}

function describeSignature(s: WebhookWire['signature']): string {
  if (!s) return '- (anyone with the URL can send)';
  const parts = [s.preset];
  if (s.header) parts.push(`header ${s.header}`);
  if (s.algorithm) parts.push(`${s.algorithm}/${s.encoding ?? 'hex'}`);
  if (s.prefix) parts.push(`prefix ${JSON.stringify(s.prefix)}`);
  if (s.tolerance_seconds !== undefined) parts.push(`tolerance ${s.tolerance_seconds}s`);
  parts.push(s.secret_set ? 'secret set' : 'NO SECRET SET');
  if (s.previous_secret_expires) parts.push(`previous secret accepted until ${s.previous_secret_expires}`);
  return parts.join(', ');
}

/** A secret Herald generated is returned once: say so where it cannot be missed. */
export function secretNotice(secret: string | undefined, name: string): string {
  if (!secret) return '';
  return (
    `signing secret: ${secret}\n` +
    `  Store it now (give it to the sender): it is not shown again. \`herald webhooks rotate-secret "${name}"\` makes a new one.\n`
  );
}
