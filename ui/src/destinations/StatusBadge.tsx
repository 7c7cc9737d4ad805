import type { DestinationWire } from './types';

/** Enabled, or disabled with why (a receiver's 410 Gone, or an operator). */
export function StatusBadge({ destination }: { destination: DestinationWire }) {
  if (!destination.disabled) return <span className="dest-status on">Enabled</span>;
  const reason = destination.disabled_reason;
  // "Disabled by an operator" says it already; "Receiver answered 410 Gone at …" needs the word.
  const text = !reason ? 'Disabled' : /^disabled\b/i.test(reason) ? reason : `Disabled: ${reason}`;
  return <span className="dest-status off">{text}</span>;
}
