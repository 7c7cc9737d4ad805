// The automation editor shared by create and edit: name, a form for the common trigger shapes and
// actions, a JSON tab for everything else, save with the server's 422s shown at their fields (the
// rest, and other errors, in a banner that takes focus), and the backtest of the draft.

import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { UnsavedChangesGuard } from '../components/UnsavedChangesGuard';
import { sameValue } from '../lib/use-unsaved-changes';
import { ActionsForm } from './ActionsForm';
import { BacktestPanel } from './BacktestPanel';
import { Field } from './Field';
import { type FieldError, FieldErrorsContext, formFieldPaths, unclaimed, validationIssues } from './field-errors';
import { JsonTab } from './JsonTab';
import { TriggerForm } from './TriggerForm';
import type { AutomationCreate } from './types';

type Tab = 'form' | 'json';

interface Props {
  title: string;
  initial: AutomationCreate;
  saveLabel: string;
  /** Stores the draft; resolves with the automation's id. */
  save(draft: AutomationCreate): Promise<string>;
  cancel: { to: '/automations' } | { to: '/automations/$id'; params: { id: string } };
  notice?: React.ReactNode;
}

function Tabs({ tab, onTab }: { tab: Tab; onTab(t: Tab): void }) {
  const tabs: [Tab, string][] = [
    ['form', 'Form'],
    ['json', 'JSON'],
  ];
  return (
    <div role="tablist" aria-label="Edit as" className="tabs">
      {tabs.map(([t, label]) => (
        <button
          key={t}
          type="button"
          role="tab"
          id={`tab-${t}`}
          aria-selected={tab === t}
          aria-controls="editor-panel"
          tabIndex={tab === t ? 0 : -1}
          onClick={() => onTab(t)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
              const next = t === 'form' ? 'json' : 'form';
              onTab(next);
              document.getElementById(`tab-${next}`)?.focus();
            }
          }}
        >
          {label}
        </button>
      ))}
    </div>
  );
}

export function Editor({ title, initial, saveLabel, save, cancel, notice }: Props) {
  const navigate = useNavigate();
  const [draft, setDraft] = useState(initial);
  // The tab is in the URL (?tab=json) like every other view state: reload and links keep it.
  const tab: Tab = (useSearch({ strict: false }) as { tab?: string }).tab === 'json' ? 'json' : 'form';
  const setTab = (t: Tab) =>
    void navigate({ to: '.', search: (prev) => ({ ...prev, tab: t === 'json' ? ('json' as const) : undefined }), replace: true });
  const [jsonError, setJsonError] = useState<string | null>(null);
  // The JSON tab's text differs from the one it opened with (a change that does not parse yet, or
  // one that only moves whitespace, is a change too).
  const [jsonEdited, setJsonEdited] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const mutation = useMutation({
    mutationFn: save,
    onMutate: () => {
      setErrors([]);
      setFailure(null);
    },
    // Stored: leaving for its page loses nothing.
    onSuccess: (id) => void navigate({ to: '/automations/$id', params: { id }, ignoreBlocker: true }),
    onError: (err) => {
      const issues = validationIssues(err);
      if (issues) setErrors(issues);
      else setFailure((err as Error).message);
    },
  });
  const fields = tab === 'form' ? formFieldPaths(draft) : [];
  const banner = unclaimed(errors, fields);
  const problems = errors.length > 0 || failure !== null;
  const dirty = !mutation.isSuccess && ((tab === 'json' && jsonEdited) || !sameValue(draft, initial));
  useEffect(() => {
    if (problems) summary.current?.focus();
  }, [problems]);

  return (
    <section className="page automation-editor" aria-labelledby="editor-title">
      <p className="crumbs">
        <Link to="/automations">Automations</Link>
      </p>
      <h1 id="editor-title">{title}</h1>
      <UnsavedChangesGuard dirty={dirty} what={initial.name ? `“${initial.name}”` : 'the new automation'} />
      {notice}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (jsonError) setFailure(`Fix the JSON first: ${jsonError}`);
          else mutation.mutate(draft);
        }}
        noValidate
      >
        {problems && (
          <div ref={summary} tabIndex={-1} className="banner error" role="alert" data-testid="save-errors">
            <p>
              <strong>
                {failure
                  ? 'The automation could not be saved.'
                  : `The server refused the automation: ${errors.length} problem${errors.length === 1 ? '' : 's'}.`}
              </strong>
              {failure && ` ${failure}`}
              {!failure && banner.length < errors.length && ' They are shown at their fields.'}
            </p>
            {banner.length > 0 && (
              <ul>
                {banner.map((e) => (
                  <li key={`${e.path}:${e.message}`}>
                    {e.path && <code>{e.path}</code>} {e.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <FieldErrorsContext.Provider value={tab === 'form' ? errors : []}>
          <Tabs
            tab={tab}
            onTab={(t) => {
              if (t === 'form' && jsonError) setFailure(`Fix the JSON before going back to the form: ${jsonError}`);
              else setTab(t);
            }}
          />
          <div id="editor-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
            {tab === 'json' ? (
              <JsonTab draft={draft} onChange={setDraft} onValidity={setJsonError} onEdited={setJsonEdited} errors={errors} />
            ) : (
              <>
                <Field label="Name" path="name">
                  {(p) => (
                    <input
                      {...p}
                      className="wide"
                      required
                      value={draft.name}
                      onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                    />
                  )}
                </Field>
                <Field label="Description (optional)" path="description">
                  {(p) => (
                    <textarea
                      {...p}
                      rows={2}
                      value={draft.description ?? ''}
                      onChange={(e) => setDraft({ ...draft, description: e.target.value })}
                    />
                  )}
                </Field>
                <TriggerForm trigger={draft.trigger} onChange={(trigger) => setDraft({ ...draft, trigger })} />
                <ActionsForm actions={draft.actions} onChange={(actions) => setDraft({ ...draft, actions })} />
              </>
            )}
          </div>
        </FieldErrorsContext.Provider>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={mutation.isPending}>
            {mutation.isPending ? 'Saving…' : saveLabel}
          </button>
          {/* Cancel is a deliberate discard: it does not ask. */}
          <Link {...cancel} className="button" ignoreBlocker>
            Cancel
          </Link>
        </div>
      </form>
      <BacktestPanel draft={draft} valid={!jsonError} />
    </section>
  );
}
