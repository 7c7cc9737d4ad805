import { summarizeTrigger } from './trigger-summary';
import type { Trigger } from './types';

/** The trigger in words, names in monospace. */
export function TriggerSummary({ trigger }: { trigger: Trigger }) {
  return (
    <span className="trigger-summary">
      {summarizeTrigger(trigger).map((p, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts are a fixed rendering of one trigger
        'code' in p ? <code key={i}>{p.code}</code> : <span key={i}>{p.text}</span>,
      )}
    </span>
  );
}
