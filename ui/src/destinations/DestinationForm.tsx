// The fields of a destination for its type, for create and edit alike. Secret inputs are
// write-only: on edit they start empty, say what is set, and an empty one keeps it. noValidate:
// the server's rules are the only rules, and its 422 messages are shown at these fields.

import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { NotSavedBanner } from '../components/NotSavedBanner';
import { SubmitRow } from '../components/SubmitRow';
import { ChatFields } from './ChatFields';
import { EmailFields } from './EmailFields';
import { Field, type FieldsProps } from './fields';
import type { DestinationType } from './types';
import { WebhookFields } from './WebhookFields';

interface Props extends FieldsProps {
  type: DestinationType;
  busy: boolean;
  submitLabel: string;
  onSubmit(): void;
  children?: ReactNode;
}

export function DestinationForm({ type, form, update, errors, secretsSet, busy, submitLabel, onSubmit, children }: Props) {
  const ref = useRef<HTMLFormElement>(null);
  // After a refused save, focus goes to the first field the server named.
  useEffect(() => {
    if (Object.keys(errors.fields).length) ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form ref={ref} className="dest-form" noValidate onSubmit={submit} aria-busy={busy}>
      <NotSavedBanner messages={errors.banner} className="dest-banner" />
      <Field name="name" label="Name" hint="How automations and people refer to it, e.g. “ops on-call”." errors={errors}>
        {(w) => <input {...w} value={form.name} onChange={(e) => update({ name: e.target.value })} autoComplete="off" />}
      </Field>
      {type === 'webhook' && <WebhookFields form={form} update={update} errors={errors} secretsSet={secretsSet} />}
      {(type === 'slack' || type === 'teams') && (
        <ChatFields type={type} form={form} update={update} errors={errors} secretsSet={secretsSet} />
      )}
      {type === 'email' && <EmailFields form={form} update={update} errors={errors} secretsSet={secretsSet} />}
      <SubmitRow busy={busy} label={submitLabel}>
        {children}
      </SubmitRow>
    </form>
  );
}
