// The form's state (strings, as typed) and the request body made from it. Nothing is checked here:
// the server's rules are the only rules, and its 422 lands at the fields (form-errors.ts). The body
// names every field, so a PUT says exactly what the form shows; an empty secret is left out, which
// keeps the stored one (same preset) or has the server generate one (new preset), shown once.

import { isSignaturePreset, type SignaturePreset, TEMPLATE_PRESETS, TIMESTAMP_PRESETS, type WebhookInput, type WebhookWire } from './types';

export interface FormState {
  name: string;
  description: string;
  enabled: boolean;
  template: string;
  /** '' = no signature check. */
  preset: SignaturePreset | '';
  secret: string;
  header: string;
  algorithm: 'sha1' | 'sha256' | 'sha512';
  encoding: 'hex' | 'base64';
  prefix: string;
  tolerance: string;
  dedupKey: string;
  perSecond: string;
  burst: string;
  emitReceived: boolean;
}

export const emptyForm = (): FormState => ({
  name: '',
  description: '',
  enabled: true,
  template: TEMPLATE_PRESETS.static.template,
  preset: '',
  secret: '',
  header: '',
  algorithm: 'sha256',
  encoding: 'hex',
  prefix: '',
  tolerance: '',
  dedupKey: '',
  perSecond: '',
  burst: '',
  emitReceived: false,
});

export function formFrom(w: WebhookWire): FormState {
  const s = w.signature;
  return {
    name: w.name,
    description: w.description,
    enabled: w.enabled,
    template: w.template,
    preset: s && isSignaturePreset(s.preset) ? s.preset : '',
    secret: '',
    header: s?.header ?? '',
    algorithm: (s?.algorithm as FormState['algorithm']) ?? 'sha256',
    encoding: (s?.encoding as FormState['encoding']) ?? 'hex',
    prefix: s?.prefix ?? '',
    tolerance: s?.tolerance_seconds === undefined ? '' : String(s.tolerance_seconds),
    dedupKey: w.dedup_key ?? '',
    perSecond: w.rate_limit ? String(w.rate_limit.per_second) : '',
    burst: w.rate_limit ? String(w.rate_limit.burst) : '',
    emitReceived: w.emit_received,
  };
}

/** A typed number as sent: a number when it reads as one, else the text (the server names the problem). */
const numberOrText = (s: string): number | string => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

export function toInput(f: FormState): WebhookInput {
  const input: WebhookInput = {
    name: f.name,
    description: f.description,
    enabled: f.enabled,
    template: f.template,
    signature: null,
    dedup_key: f.dedupKey.trim() === '' ? null : f.dedupKey,
    rate_limit: null,
    emit_received: f.emitReceived,
  };
  if (f.preset) {
    const signature: Record<string, unknown> = { preset: f.preset };
    if (f.secret !== '') signature.secret = f.secret;
    if (f.preset === 'hmac') Object.assign(signature, { header: f.header, algorithm: f.algorithm, encoding: f.encoding, prefix: f.prefix });
    if (TIMESTAMP_PRESETS.includes(f.preset) && f.tolerance.trim() !== '') signature.tolerance_seconds = numberOrText(f.tolerance);
    input.signature = signature as unknown as WebhookInput['signature'];
  }
  if (f.perSecond.trim() !== '' || f.burst.trim() !== '') {
    const rate: Record<string, unknown> = { per_second: numberOrText(f.perSecond) };
    if (f.burst.trim() !== '') rate.burst = numberOrText(f.burst);
    input.rate_limit = rate as unknown as WebhookInput['rate_limit'];
  }
  return input;
}

/** The fields on screen, for placing a 422's issues. */
export const FIELD_KEYS = [
  'name',
  'description',
  'enabled',
  'template',
  'signature',
  'signature.preset',
  'signature.secret',
  'signature.header',
  'signature.algorithm',
  'signature.encoding',
  'signature.prefix',
  'signature.tolerance_seconds',
  'dedup_key',
  'rate_limit',
  'rate_limit.per_second',
  'rate_limit.burst',
  'emit_received',
] as const;
