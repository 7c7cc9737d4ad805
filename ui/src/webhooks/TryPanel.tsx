// "Try it": a sample request (method, headers, body) through the template as it is in the form — the
// saved webhook's test endpoint on its page (its id and name in the event), the draft endpoint on
// "new". Shows the event it would make, or why it would fail: the error's type, message and line,
// and what the template rendered. Nothing is stored and no event is emitted.

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { CopyButton } from '../events/CopyButton';
import { issueMessage, validationIssues } from '../lib/form-errors';
import { onMutationUnauthorized } from '../lib/mutation-errors';
import { DEFAULT_SAMPLE, METHODS, parseHeaders, type SampleRequest } from './try-request';
import type { WebhookTestResult } from './types';
import { useWebhooksClient } from './use-webhooks';

interface Props {
  /** The saved webhook's id; null on "new" (the draft endpoint). */
  id: string | null;
  template: string;
  dedupKey: string;
  name: string;
}

type Outcome = { kind: 'result'; result: WebhookTestResult } | { kind: 'refused'; messages: string[] };

export function TryPanel({ id, template, dedupKey, name }: Props) {
  const api = useWebhooksClient();
  const [sample, setSample] = useState<SampleRequest>(DEFAULT_SAMPLE);
  const [headerError, setHeaderError] = useState<string | null>(null);
  const attempt = useMutation({
    mutationFn: async (headers: Record<string, string>): Promise<Outcome> => {
      const input = {
        method: sample.method,
        headers,
        body: sample.body,
        template,
        dedup_key: dedupKey.trim() ? dedupKey : null,
        ...(name.trim() ? { name } : {}),
      };
      try {
        return { kind: 'result', result: id ? await api.test(id, input) : await api.testDraft(input) };
      } catch (err) {
        const issues = validationIssues(err);
        if (!issues) throw err;
        // The template (or dedup key) does not compile: the same message as at the field.
        return { kind: 'refused', messages: issues.map((i) => `${fieldName(i.loc)}${issueMessage(i)}`) };
      }
    },
    onError: onMutationUnauthorized,
  });
  const run = () => {
    const parsed = parseHeaders(sample.headers);
    setHeaderError(parsed.ok ? null : parsed.error);
    if (parsed.ok) attempt.mutate(parsed.headers);
  };
  const set = (patch: Partial<SampleRequest>) => setSample((s) => ({ ...s, ...patch }));

  return (
    <section className="wh-try" aria-labelledby="try-title">
      <h2 id="try-title">Try it</h2>
      <p className="hint">
        A sample request through the template as it is in the form{id ? ' (saved or not)' : ''}: the event it would make. Nothing is stored;
        the signature is not checked.
      </p>
      <div className="labelled-field wh-field">
        <label htmlFor="wh-try-method">Method</label>
        <select id="wh-try-method" value={sample.method} onChange={(e) => set({ method: e.target.value })}>
          {METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </div>
      <div className="labelled-field wh-field">
        <label htmlFor="wh-try-headers">Headers</label>
        <textarea
          id="wh-try-headers"
          className="mono"
          rows={3}
          spellCheck={false}
          value={sample.headers}
          aria-invalid={Boolean(headerError)}
          aria-describedby={headerError ? 'wh-try-headers-hint wh-try-headers-error' : 'wh-try-headers-hint'}
          onChange={(e) => set({ headers: e.target.value })}
        />
        <p id="wh-try-headers-hint" className="hint">
          One per line: <code>Name: value</code>.
        </p>
        {headerError && (
          <p id="wh-try-headers-error" className="field-error">
            {headerError}
          </p>
        )}
      </div>
      <div className="labelled-field wh-field">
        <label htmlFor="wh-try-body">Body</label>
        <textarea
          id="wh-try-body"
          className="mono"
          rows={6}
          spellCheck={false}
          value={sample.body}
          onChange={(e) => set({ body: e.target.value })}
        />
      </div>
      <div className="action-row">
        <button type="button" className="primary" onClick={run} disabled={attempt.isPending}>
          {attempt.isPending ? 'Trying…' : 'Try it'}
        </button>
      </div>
      <div className="wh-try-result" role="status" aria-live="polite">
        {attempt.isError && (
          <p className="error">
            <strong>The sample could not be tried.</strong> {(attempt.error as Error).message}
          </p>
        )}
        {attempt.data && !attempt.isPending && <Answer outcome={attempt.data} />}
      </div>
    </section>
  );
}

const fieldName = (loc: unknown[] | undefined): string => {
  const key = loc?.[0] === 'body' ? loc[1] : undefined;
  return key === 'dedup_key' ? 'Dedup key: ' : key === 'template' || key === undefined ? '' : `${String(key)}: `;
};

function Answer({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'refused')
    return (
      <div className="test-answer wh-answer failed" data-testid="try-answer">
        <p className="test-answer-head wh-answer-head">
          <strong>The template does not compile</strong>
        </p>
        <ul className="test-answer-error">
          {outcome.messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      </div>
    );
  const { result } = outcome;
  if (result.ok) {
    const json = JSON.stringify(result.event, null, 2);
    return (
      <div className="test-answer wh-answer ok" data-testid="try-answer">
        <p className="test-answer-head wh-answer-head">
          <strong>Makes this event</strong> <CopyButton text={json} label="Copy event JSON" />
        </p>
        <pre className="raw mono" data-testid="try-event">
          {json}
        </pre>
      </div>
    );
  }
  const { error, rendered } = result;
  return (
    <div className="test-answer wh-answer failed" data-testid="try-answer">
      <p className="test-answer-head wh-answer-head">
        <strong>Would fail</strong> <span className="chip">{error.type}</span>
        {error.line !== null && <span> · line {error.line}</span>}
      </p>
      <p className="test-answer-error" data-testid="try-error">
        {error.message}
      </p>
      {rendered !== null ? (
        <>
          <h3>What the template rendered</h3>
          <pre className="raw mono" data-testid="try-rendered">
            {rendered}
          </pre>
        </>
      ) : (
        <p className="muted">The template stopped before it rendered anything.</p>
      )}
    </div>
  );
}
