// The webhook wire types, from the SDK's WebhooksClient (browser entry), and what the pages show for
// each signature preset and template preset.

import type { SignaturePreset, WebhookInput, WebhookTestResult, WebhookWire, WebhookWithSecretWire } from '@herald/sdk/browser';

export type { SignaturePreset, WebhookInput, WebhookTestResult, WebhookWire, WebhookWithSecretWire };

export const SIGNATURE_PRESETS: readonly SignaturePreset[] = ['standard-webhooks', 'github', 'stripe', 'slack', 'hmac'];

export const PRESET_INFO: Record<SignaturePreset, { label: string; what: string }> = {
  'standard-webhooks': {
    label: 'Standard Webhooks',
    what: 'webhook-id, webhook-timestamp and webhook-signature headers (Svix, Resend, OpenAI, …); secret whsec_…',
  },
  github: { label: 'GitHub', what: 'X-Hub-Signature-256: sha256=<hex HMAC of the body>' },
  stripe: { label: 'Stripe', what: 'Stripe-Signature: t=<timestamp>,v1=<hex HMAC>' },
  slack: { label: 'Slack', what: 'X-Slack-Signature: v0=<hex HMAC> with X-Slack-Request-Timestamp' },
  hmac: { label: 'Generic HMAC', what: 'an HMAC of the body in a header you name' },
};

/** Presets that sign a timestamp, so a tolerance applies (the server's TIMESTAMP_PRESETS). */
export const TIMESTAMP_PRESETS: readonly SignaturePreset[] = ['standard-webhooks', 'stripe', 'slack'];

export function isSignaturePreset(value: unknown): value is SignaturePreset {
  return SIGNATURE_PRESETS.includes(value as SignaturePreset);
}

/** "Standard Webhooks", "GitHub", …, or "unsigned". */
export function signatureLabel(w: Pick<WebhookWire, 'signature'>): string {
  if (!w.signature) return 'unsigned';
  return isSignaturePreset(w.signature.preset) ? PRESET_INFO[w.signature.preset].label : w.signature.preset;
}

export type TemplatePreset = 'static' | 'dynamic' | 'cloudevents';

export const TEMPLATE_PRESETS: Record<TemplatePreset, { label: string; what: string; template: string }> = {
  static: {
    label: 'Static',
    what: 'the same event for every request (the request becomes its payload)',
    template: '{"event": "my.event", "resource": {"prefect.resource.id": "my.resource"}}',
  },
  dynamic: {
    label: 'Dynamic',
    what: 'the event name and resource from the request body, the body as payload',
    template: [
      '{',
      '  "event": "{{ body.event_name }}",',
      '  "resource": {',
      '    "prefect.resource.id": "my.resource.{{ body.id }}"',
      '  },',
      '  "payload": {{ body | tojson }}',
      '}',
    ].join('\n'),
  },
  cloudevents: {
    label: 'CloudEvents',
    what: 'a CloudEvent (structured or binary mode) as it is',
    template: '{{ body | from_cloud_event(headers) }}',
  },
};
