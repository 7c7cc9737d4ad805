// "Send test": one test message through the same delivery code as the actions, and the receiver's
// answer inline — status, the start of its body, the error, and how long the round trip took
// (measured here: the server reports no duration). A 410 answer disables the destination, so the
// page's copy is refreshed after every test.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { onMutationUnauthorized } from '../lib/mutation-errors';
import type { DestinationTestResult } from './types';
import { destinationKeys, useDestinationsClient } from './use-destinations';

const BODY_EXCERPT = 2000;

interface Outcome {
  result: DestinationTestResult;
  ms: number;
}

export function TestPanel({ id }: { id: string }) {
  const api = useDestinationsClient();
  const queryClient = useQueryClient();
  const test = useMutation({
    mutationFn: async (): Promise<Outcome> => {
      const started = performance.now();
      const result = await api.test(id);
      return { result, ms: Math.round(performance.now() - started) };
    },
    onError: onMutationUnauthorized,
    onSettled: () => queryClient.invalidateQueries({ queryKey: destinationKeys.one(id), exact: true }),
  });
  return (
    <section aria-labelledby="test-title">
      <h2 id="test-title">Send a test</h2>
      <p className="muted">Sends one test message now (no retries), exactly as an automation's action would.</p>
      <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
        {test.isPending ? 'Sending…' : 'Send test'}
      </button>
      <div className="dest-test-result" role="status" aria-live="polite">
        {test.isError && (
          <p className="error">
            <strong>The test could not be sent.</strong> {(test.error as Error).message}
          </p>
        )}
        {test.data && !test.isPending && <Answer {...test.data} />}
      </div>
    </section>
  );
}

function Answer({ result, ms }: Outcome) {
  const body = result.response_body ?? '';
  return (
    <div className={result.ok ? 'test-answer dest-answer ok' : 'test-answer dest-answer failed'} data-testid="test-answer">
      <p className="test-answer-head dest-answer-head">
        <strong>{result.ok ? 'Delivered' : 'Failed'}</strong>
        {result.status_code !== null && <span> · HTTP {result.status_code}</span>}
        <span className="muted"> · {ms} ms round trip</span>
      </p>
      {result.error && <p className="test-answer-error dest-answer-error">{result.error}</p>}
      {body ? (
        <>
          <h3>Response body{body.length > BODY_EXCERPT ? ` (first ${BODY_EXCERPT} characters)` : ''}</h3>
          <pre className="raw mono">{body.slice(0, BODY_EXCERPT)}</pre>
        </>
      ) : (
        <p className="muted">The receiver answered with an empty body.</p>
      )}
    </div>
  );
}
