// The signature check: a preset (or none), the secret (write-only: empty keeps the stored one for the
// same preset, or has Herald generate one, shown once after saving), and the preset's own settings
// — a generic HMAC's header, algorithm, encoding and prefix; a timestamped preset's tolerance.

import { Field } from './fields';
import type { FormErrors } from '../lib/form-errors';
import type { FormState } from './form-model';
import { PRESET_INFO, SIGNATURE_PRESETS, TIMESTAMP_PRESETS, type WebhookWire } from './types';

interface Props {
  form: FormState;
  update(patch: Partial<FormState>): void;
  errors: FormErrors;
  stored?: WebhookWire['signature'];
}

export function SignatureFields({ form, update, errors, stored }: Props) {
  const preset = form.preset;
  const keeps = Boolean(stored?.secret_set && preset && stored.preset === preset);
  return (
    <fieldset className="wh-group">
      <legend>Signature check</legend>
      <Field
        name="signature.preset"
        label="Senders sign with"
        errors={errors}
        hint={
          preset
            ? `${PRESET_INFO[preset].label}: ${PRESET_INFO[preset].what}. Requests without a valid signature are refused (recorded as prefect-cloud.webhook.failed).`
            : 'Unsigned: anyone who knows the URL can send events. The URL is the only credential.'
        }
      >
        {(w) => (
          <select {...w} value={preset} onChange={(e) => update({ preset: e.target.value as FormState['preset'], secret: '' })}>
            <option value="">Nothing (unsigned)</option>
            {SIGNATURE_PRESETS.map((p) => (
              <option key={p} value={p}>
                {PRESET_INFO[p].label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {errors.fields.signature && (
        <p id="wh-signature-error" className="field-error">
          {errors.fields.signature.join('; ')}
        </p>
      )}
      {preset && (
        <Field
          name="signature.secret"
          label="Secret (optional)"
          errors={errors}
          hint={
            keeps
              ? 'A secret is set (never shown). Empty keeps it; a value typed here replaces it at once — or rotate it below, keeping the old one valid for a day.'
              : preset === 'standard-webhooks'
                ? 'The sender’s secret (whsec_…). Empty: Herald generates one and shows it once after saving.'
                : 'The sender’s secret. Empty: Herald generates one and shows it once after saving.'
          }
        >
          {(w) => (
            <input
              {...w}
              className="mono"
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              value={form.secret}
              onChange={(e) => update({ secret: e.target.value })}
            />
          )}
        </Field>
      )}
      {preset === 'hmac' && (
        <>
          <div className="wh-row">
            <Field name="signature.header" label="Signature header" errors={errors} hint="e.g. X-Signature">
              {(w) => (
                <input
                  {...w}
                  autoComplete="off"
                  spellCheck={false}
                  value={form.header}
                  onChange={(e) => update({ header: e.target.value })}
                />
              )}
            </Field>
            <Field name="signature.prefix" label="Prefix (optional)" errors={errors} hint="Text before the digest, e.g. sha256=">
              {(w) => (
                <input
                  {...w}
                  className="mono"
                  autoComplete="off"
                  spellCheck={false}
                  value={form.prefix}
                  onChange={(e) => update({ prefix: e.target.value })}
                />
              )}
            </Field>
          </div>
          <div className="wh-row">
            <Field name="signature.algorithm" label="Algorithm" errors={errors}>
              {(w) => (
                <select {...w} value={form.algorithm} onChange={(e) => update({ algorithm: e.target.value as FormState['algorithm'] })}>
                  <option value="sha256">SHA-256</option>
                  <option value="sha512">SHA-512</option>
                  <option value="sha1">SHA-1</option>
                </select>
              )}
            </Field>
            <Field name="signature.encoding" label="Encoding" errors={errors}>
              {(w) => (
                <select {...w} value={form.encoding} onChange={(e) => update({ encoding: e.target.value as FormState['encoding'] })}>
                  <option value="hex">hex</option>
                  <option value="base64">base64</option>
                </select>
              )}
            </Field>
          </div>
        </>
      )}
      {preset && TIMESTAMP_PRESETS.includes(preset) && (
        <Field
          name="signature.tolerance_seconds"
          label="Timestamp tolerance in seconds (optional)"
          errors={errors}
          hint="How old (or early) a signed timestamp may be; empty: 300."
        >
          {(w) => (
            <input
              {...w}
              inputMode="numeric"
              autoComplete="off"
              value={form.tolerance}
              onChange={(e) => update({ tolerance: e.target.value })}
            />
          )}
        </Field>
      )}
    </fieldset>
  );
}
