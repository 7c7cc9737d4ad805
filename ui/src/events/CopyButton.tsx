import { useState } from 'react';

/** Copies text to the clipboard and says so (politely, for screen readers). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="ghost small"
      aria-label={label}
      onClick={() => {
        navigator.clipboard?.writeText(text).then(
          () => setDone('copied'),
          () => setDone('failed'),
        ) ?? setDone('failed');
      }}
    >
      <span aria-live="polite">{done === 'copied' ? 'Copied' : done === 'failed' ? 'Copy failed' : 'Copy'}</span>
    </button>
  );
}
