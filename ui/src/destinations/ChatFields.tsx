// Slack and Teams: their one setting is the incoming-webhook URL, which carries its own token, so
// it is a write-only secret.

import { Field, type FieldsProps, secretsSetUnder } from './fields';

export function ChatFields({ type, form, update, errors, secretsSet }: FieldsProps & { type: 'slack' | 'teams' }) {
  const set = secretsSetUnder(secretsSet, 'url').length > 0;
  const where =
    type === 'slack'
      ? 'Slack: Apps → Incoming Webhooks'
      : 'Teams: the channel’s Workflows → “Post to a channel when a webhook request is received”';
  return (
    <Field
      name="secrets.url"
      label="Incoming-webhook URL (secret)"
      hint={
        set
          ? 'Set — hidden. Type a new URL to replace it; leave empty to keep it.'
          : `The URL holds its own token, so it is write-only. Get one from ${where}.`
      }
      errors={errors}
    >
      {(w) => (
        <input
          {...w}
          className="mono"
          type="password"
          autoComplete="off"
          value={form.chatUrl}
          placeholder={set ? '(set — hidden)' : 'https://…'}
          onChange={(e) => update({ chatUrl: e.target.value })}
        />
      )}
    </Field>
  );
}
