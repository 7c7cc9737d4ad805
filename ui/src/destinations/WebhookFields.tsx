// A webhook's fields: URL, method, plain headers, secret headers (write-only: on edit they can only
// be replaced as a whole, the API merging secrets per key), and on create an optional own signing secret.

import { Field, type FieldsProps, secretsSetUnder } from './fields';
import { METHODS } from './form-model';
import { HeaderRows } from './HeaderRows';

export function WebhookFields({ form, update, errors, secretsSet }: FieldsProps) {
  const editing = secretsSet !== undefined;
  const secretHeaderNames = secretsSetUnder(secretsSet, 'headers').map((p) => p.slice('headers.'.length));
  return (
    <>
      <Field name="config.url" label="URL" hint="http or https, without credentials: put a token in a secret header." errors={errors}>
        {(w) => (
          <input
            {...w}
            className="mono"
            value={form.url}
            placeholder="https://hooks.example.com/herald"
            onChange={(e) => update({ url: e.target.value })}
          />
        )}
      </Field>
      <Field name="config.method" label="Method" errors={errors}>
        {(w) => (
          <select {...w} value={form.method} onChange={(e) => update({ method: e.target.value })}>
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        )}
      </Field>
      <HeaderRows
        name="config.headers"
        legend="Headers"
        hint="Sent with every request and shown on this page. Credentials (Authorization, tokens, keys) belong in secret headers."
        rows={form.headers}
        errors={errors}
        onChange={(headers) => update({ headers })}
      />
      {editing && !form.replaceSecretHeaders ? (
        <div className="labelled-field dest-field">
          <span className="dest-label">Secret headers</span>
          <p className="hint">
            {secretHeaderNames.length ? (
              <>
                Set: <code>{secretHeaderNames.join(', ')}</code> — values hidden, kept when you save.
              </>
            ) : (
              'None set.'
            )}
          </p>
          <button type="button" className="small" onClick={() => update({ replaceSecretHeaders: true, secretHeaders: [] })}>
            {secretHeaderNames.length ? 'Replace secret headers' : 'Add secret headers'}
          </button>
        </div>
      ) : (
        <HeaderRows
          name="secrets.headers"
          legend="Secret headers"
          secret
          hint={
            editing
              ? 'These replace every secret header set now; none at all removes them. Values are never shown again.'
              : 'Sent with every request; values are write-only (never shown again), e.g. Authorization: Bearer …'
          }
          rows={form.secretHeaders}
          errors={errors}
          onChange={(secretHeaders) => update({ secretHeaders })}
        />
      )}
      {!editing && (
        <Field
          name="secrets.signing_secrets"
          label="Signing secret (optional)"
          hint="Leave empty and Herald generates one (shown once). Or paste your own whsec_… to sign with it."
          errors={errors}
        >
          {(w) => (
            <input
              {...w}
              className="mono"
              type="password"
              autoComplete="off"
              value={form.signingSecret}
              onChange={(e) => update({ signingSecret: e.target.value })}
            />
          )}
        </Field>
      )}
    </>
  );
}
