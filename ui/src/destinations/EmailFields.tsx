// E-mail over SMTP: server, TLS, sender and recipients in config; the password a write-only secret
// that can be kept, replaced or removed.

import { Field, FieldErrors, type FieldsProps, secretsSetUnder } from './fields';
import { STARTTLS } from './form-model';

export function EmailFields({ form, update, errors, secretsSet }: FieldsProps) {
  const editing = secretsSet !== undefined;
  const passwordSet = secretsSetUnder(secretsSet, 'password').length > 0;
  return (
    <>
      <div className="dest-row">
        <Field name="config.host" label="SMTP host" errors={errors}>
          {(w) => (
            <input
              {...w}
              className="mono"
              value={form.host}
              placeholder="smtp.example.com"
              onChange={(e) => update({ host: e.target.value })}
            />
          )}
        </Field>
        <Field name="config.port" label="Port" hint="Empty: 587, or 465 with TLS." errors={errors}>
          {(w) => (
            <input {...w} className="mono port" inputMode="numeric" value={form.port} onChange={(e) => update({ port: e.target.value })} />
          )}
        </Field>
      </div>
      <div className="dest-row">
        <div className="dest-field check">
          <input id="dest-config-secure" type="checkbox" checked={form.secure} onChange={(e) => update({ secure: e.target.checked })} />
          <label htmlFor="dest-config-secure">TLS from the start (port 465)</label>
          <FieldErrors name="config.secure" errors={errors} />
        </div>
        <Field name="config.starttls" label="STARTTLS" errors={errors}>
          {(w) => (
            <select {...w} value={form.starttls} onChange={(e) => update({ starttls: e.target.value })}>
              {STARTTLS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field name="config.from" label="From" errors={errors}>
        {(w) => <input {...w} value={form.from} placeholder="herald@example.com" onChange={(e) => update({ from: e.target.value })} />}
      </Field>
      <Field name="config.to" label="To" hint="One or more addresses, separated by commas (at most 100)." errors={errors}>
        {(w) => (
          <input
            {...w}
            value={form.to}
            placeholder="oncall@example.com, ops@example.com"
            onChange={(e) => update({ to: e.target.value })}
          />
        )}
      </Field>
      <div className="dest-row">
        <Field name="config.username" label="Username (optional)" errors={errors}>
          {(w) => <input {...w} value={form.username} autoComplete="off" onChange={(e) => update({ username: e.target.value })} />}
        </Field>
        <Field
          name="secrets.password"
          label="Password (secret)"
          hint={passwordSet ? 'Set — hidden. Type a new one to replace it; leave empty to keep it.' : 'Needs a username. Write-only.'}
          errors={errors}
        >
          {(w) => (
            <input
              {...w}
              type="password"
              autoComplete="new-password"
              value={form.password}
              disabled={form.removePassword}
              onChange={(e) => update({ password: e.target.value })}
            />
          )}
        </Field>
      </div>
      {editing && passwordSet && (
        <div className="dest-field check">
          <input
            id="dest-remove-password"
            type="checkbox"
            checked={form.removePassword}
            onChange={(e) => update({ removePassword: e.target.checked, password: '' })}
          />
          <label htmlFor="dest-remove-password">Remove the stored password</label>
        </div>
      )}
    </>
  );
}
