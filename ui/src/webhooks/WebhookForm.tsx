// The fields of a webhook, for create and edit alike: name, description, enabled, the template (with
// presets to start from), the signature check, and the advanced settings. noValidate: the server's
// rules are the only rules; its 422 and the template check land at these fields.

import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { NotSavedBanner } from '../components/NotSavedBanner';
import { SubmitRow } from '../components/SubmitRow';
import { CheckField, Field } from './fields';
import type { FormErrors } from '../lib/form-errors';
import type { FormState } from './form-model';
import { SignatureFields } from './SignatureFields';
import { TEMPLATE_PRESETS, type TemplatePreset, type WebhookWire } from './types';

interface Props {
  form: FormState;
  update(patch: Partial<FormState>): void;
  errors: FormErrors;
  /** Edit mode: the stored signature check (secrets are never shown; whether one is set is). */
  stored?: WebhookWire['signature'];
  busy: boolean;
  submitLabel: string;
  onSubmit(): void;
  /** Bumped by each refused save: focus then goes to the first field the server named. */
  refusals: number;
  children?: ReactNode;
}

export function WebhookForm({ form, update, errors, stored, busy, submitLabel, onSubmit, refusals, children }: Props) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (refusals > 0) ref.current?.querySelector<HTMLElement>('[aria-invalid="true"], .wh-banner')?.focus();
  }, [refusals]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  const lines = form.template.split('\n').length;
  return (
    <form ref={ref} className="wh-form" noValidate onSubmit={submit} aria-busy={busy}>
      <NotSavedBanner messages={errors.banner} className="wh-banner" focusable />
      <Field name="name" label="Name" hint="How people and events refer to it, e.g. “GitHub pushes”." errors={errors}>
        {(w) => <input {...w} value={form.name} onChange={(e) => update({ name: e.target.value })} autoComplete="off" />}
      </Field>
      <Field name="description" label="Description (optional)" errors={errors}>
        {(w) => <textarea {...w} rows={2} value={form.description} onChange={(e) => update({ description: e.target.value })} />}
      </Field>
      <CheckField
        name="enabled"
        label="Enabled"
        hint="A disabled webhook’s URL answers 404, like an unknown one."
        checked={form.enabled}
        onChange={(enabled) => update({ enabled })}
      />

      <fieldset className="wh-group">
        <legend>Template</legend>
        <div className="wh-presets">
          <span className="muted">Start from:</span>
          {(Object.keys(TEMPLATE_PRESETS) as TemplatePreset[]).map((p) => (
            <button
              key={p}
              type="button"
              className="small"
              title={TEMPLATE_PRESETS[p].what}
              aria-describedby="wh-template-presets-hint"
              onClick={() => update({ template: TEMPLATE_PRESETS[p].template })}
            >
              {TEMPLATE_PRESETS[p].label}
            </button>
          ))}
        </div>
        <p id="wh-template-presets-hint" className="sr-only">
          Replaces the template below.
        </p>
        <Field
          name="template"
          label="Event template"
          errors={errors}
          hint={
            <>
              Jinja2 rendering to the JSON of one event. It can read <code>body</code> (parsed JSON or form data, else text),{' '}
              <code>headers</code> (any case), <code>method</code> and <code>query</code>. Checked as you type.
            </>
          }
        >
          {(w) => (
            <textarea
              {...w}
              className="mono wh-template"
              rows={Math.min(Math.max(lines + 1, 6), 24)}
              spellCheck={false}
              autoCapitalize="off"
              autoComplete="off"
              value={form.template}
              onChange={(e) => update({ template: e.target.value })}
            />
          )}
        </Field>
      </fieldset>

      <SignatureFields form={form} update={update} errors={errors} stored={stored} />

      <fieldset className="wh-group">
        <legend>Delivery</legend>
        <Field
          name="dedup_key"
          label="Dedup key (optional)"
          errors={errors}
          hint={
            <>
              A template, e.g. <code>{'{{ headers["x-github-delivery"] }}'}</code>: requests that render the same non-empty key make the
              same event id, so a sender’s retries are stored once.
            </>
          }
        >
          {(w) => (
            <input
              {...w}
              className="mono"
              spellCheck={false}
              autoComplete="off"
              value={form.dedupKey}
              onChange={(e) => update({ dedupKey: e.target.value })}
            />
          )}
        </Field>
        <div className="wh-row">
          <Field name="rate_limit.per_second" label="Rate limit: requests per second" errors={errors} hint="Empty: no limit.">
            {(w) => (
              <input
                {...w}
                inputMode="decimal"
                autoComplete="off"
                value={form.perSecond}
                onChange={(e) => update({ perSecond: e.target.value })}
              />
            )}
          </Field>
          <Field name="rate_limit.burst" label="Burst (optional)" errors={errors} hint="Requests allowed at once.">
            {(w) => (
              <input {...w} inputMode="numeric" autoComplete="off" value={form.burst} onChange={(e) => update({ burst: e.target.value })} />
            )}
          </Field>
        </div>
        <CheckField
          name="emit_received"
          label="Emit prefect-cloud.webhook.received for every request"
          hint="An audit trail of what arrived, besides the events the template makes."
          checked={form.emitReceived}
          onChange={(emitReceived) => update({ emitReceived })}
        />
        {errors.fields.rate_limit && (
          <p id="wh-rate-limit-error" className="field-error">
            Rate limit: {errors.fields.rate_limit.join('; ')}
          </p>
        )}
      </fieldset>

      <SubmitRow busy={busy} label={submitLabel}>
        {children}
      </SubmitRow>
    </form>
  );
}
