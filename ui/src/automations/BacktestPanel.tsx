// Backtest: replay stored events through the draft (POST /automations/backtest) and show the firings
// it would have produced, on a chart of the range and as a list. Nothing runs: actions are described,
// not executed. A result made from an older draft is marked as such.

import { isHeraldSdkError } from '@herald/sdk/browser';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { formatAbsolute } from '../lib/time';
import { BacktestChart } from './BacktestChart';
import { EventLink, keyText } from './EventLink';
import { useAutomationsClient } from './queries';
import type { AutomationCreate, BacktestResult } from './types';

type RangeChoice = '24h' | '7d' | 'custom';
const HOUR = 3_600_000;
const PRESETS = { '24h': 24 * HOUR, '7d': 7 * 24 * HOUR } as const;

/** `datetime-local` value ↔ epoch ms, in the viewer's zone. */
const toLocalInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};
const fromLocalInput = (s: string) => (s ? new Date(s).getTime() : Number.NaN);

/** The server's own words for a refusal (its 422 names the limit, e.g. HERALD_BACKTEST_MAX_EVENTS). */
function serverMessage(err: unknown): string {
  if (isHeraldSdkError(err) && err.body && typeof err.body === 'object') {
    const b = err.body as Record<string, unknown>;
    const head = [b.exception_message, b.message, typeof b.detail === 'string' ? b.detail : undefined].find((x) => typeof x === 'string');
    const detail = Array.isArray(err.detail)
      ? err.detail.map(
          (d: { loc?: unknown[]; msg?: unknown }) => `${(d.loc ?? []).filter((x) => x !== 'body').join('.')}: ${String(d.msg)}`,
        )
      : [];
    if (head || detail.length > 0) return [head, ...detail].filter(Boolean).join(' — ');
  }
  return err instanceof Error ? err.message : String(err);
}

/** The firing's key: JSON of its for_each labels (`""` without for_each), shown as `a=1, b=2`. */
function keyLabel(key: string): string {
  if (!key) return '—';
  try {
    return keyText(JSON.parse(key) as Record<string, string>);
  } catch {
    return key;
  }
}

interface Run {
  result: BacktestResult;
  draft: string;
}

export function BacktestPanel({ draft, valid }: { draft: AutomationCreate; valid: boolean }) {
  const automations = useAutomationsClient();
  const [choice, setChoice] = useState<RangeChoice>('24h');
  const [custom, setCustom] = useState(() => ({ since: toLocalInput(Date.now() - 24 * HOUR), until: toLocalInput(Date.now()) }));
  const [rangeError, setRangeError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: async ({ since, until }: { since: number; until: number }): Promise<Run> => {
      const body = { automation: draft, since: new Date(since).toISOString(), until: new Date(until).toISOString() };
      return { result: await automations.backtest(body), draft: JSON.stringify(draft) };
    },
  });
  const start = () => {
    const until = choice === 'custom' ? fromLocalInput(custom.until) : Date.now();
    const since = choice === 'custom' ? fromLocalInput(custom.since) : until - PRESETS[choice];
    if (!Number.isFinite(since) || !Number.isFinite(until) || since >= until) {
      setRangeError('Choose a start before the end.');
      return;
    }
    setRangeError(null);
    run.mutate({ since, until });
  };
  const data = run.data;
  const stale = data && data.draft !== JSON.stringify(draft);
  return (
    <section className="backtest" aria-labelledby="backtest-title">
      <h2 id="backtest-title">Backtest</h2>
      <p className="muted small-text">Replays stored events through this draft and shows when it would have fired. No action runs.</p>
      <div className="backtest-controls">
        <fieldset className="range">
          <legend className="sr-only">Backtest range</legend>
          {(['24h', '7d', 'custom'] as const).map((c) => (
            <label key={c} className="radio">
              <input type="radio" name="backtest-range" value={c} checked={choice === c} onChange={() => setChoice(c)} />
              {c === '24h' ? 'Last 24 h' : c === '7d' ? 'Last 7 d' : 'Custom'}
            </label>
          ))}
        </fieldset>
        {choice === 'custom' && (
          <span className="custom-range">
            <label>
              From <input type="datetime-local" value={custom.since} onChange={(e) => setCustom({ ...custom, since: e.target.value })} />
            </label>
            <label>
              to <input type="datetime-local" value={custom.until} onChange={(e) => setCustom({ ...custom, until: e.target.value })} />
            </label>
          </span>
        )}
        <button type="button" onClick={start} disabled={run.isPending || !valid}>
          {run.isPending ? 'Replaying…' : 'Run backtest'}
        </button>
      </div>
      {rangeError && <p className="field-error">{rangeError}</p>}
      {run.isError && (
        <div className="banner error" role="alert">
          <strong>The backtest was refused.</strong> {serverMessage(run.error)}
        </div>
      )}
      {data && !run.isPending && <BacktestResultView result={data.result} draft={draft} stale={Boolean(stale)} />}
    </section>
  );
}

function BacktestResultView({ result, draft, stale }: { result: BacktestResult; draft: AutomationCreate; stale: boolean }) {
  const n = result.firings.length;
  return (
    <div className="backtest-result" data-testid="backtest-result">
      <p role="status">
        <strong data-testid="backtest-count">{n === 0 ? 'No firings' : `${n} firing${n === 1 ? '' : 's'}`}</strong> from{' '}
        {result.events_replayed.toLocaleString()} events replayed, {formatAbsolute(result.since)} → {formatAbsolute(result.until)}.
        {stale && <span className="warning"> The draft changed since: run it again.</span>}
      </p>
      {result.truncated && <p className="warning">Stopped early: the first firings only (narrow the range to see the rest).</p>}
      <BacktestChart
        trigger={draft.trigger}
        since={Date.parse(result.since)}
        until={Date.parse(result.until)}
        firings={result.firings.map((f) => Date.parse(f.occurred))}
      />
      {n === 0 ? (
        <p className="muted">
          It would not have fired in this range. Widen the range, or Explain a specific event on the automation's page after saving.
        </p>
      ) : (
        <table className="compact backtest-firings">
          <caption className="sr-only">Firings the draft would have produced</caption>
          <thead>
            <tr>
              <th scope="col">Fired at</th>
              <th scope="col">Key</th>
              <th scope="col">Triggering event</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {result.firings.map((f) => (
              <tr key={`${f.trigger_id}:${f.occurred}:${f.key}`} data-testid="backtest-firing">
                <td className="nowrap">
                  <time dateTime={f.occurred}>{formatAbsolute(f.occurred)}</time>
                  {f.state === 'Resolved' && <span className="muted"> (resolved)</span>}
                </td>
                <td className="mono">{keyLabel(f.key)}</td>
                <td>
                  {f.triggering_event ? (
                    <EventLink id={f.triggering_event.id} occurred={f.triggering_event.occurred}>
                      {f.triggering_event.event}
                    </EventLink>
                  ) : (
                    <span className="muted">none (absence)</span>
                  )}
                  {f.events.length > 1 && <span className="muted"> + {f.events.length - 1} more</span>}
                </td>
                <td>{f.actions.map((a) => a.summary).join('; ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
