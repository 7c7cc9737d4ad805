import { useState } from 'react';

interface Props {
  text: string;
  /** The accessible name when the visible caption alone would be ambiguous ("Copy" what?). */
  label?: string;
  caption?: string;
  className?: string;
}

/**
 * Copies text to the clipboard and says so beside the button (politely, for screen readers) — not
 * in it, so the button's name always contains its visible text.
 */
export function CopyButton({ text, label, caption = 'Copy', className = 'ghost small' }: Props) {
  const [done, setDone] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        className={className}
        aria-label={label}
        onClick={() => {
          navigator.clipboard?.writeText(text).then(
            () => setDone('copied'),
            () => setDone('failed'),
          ) ?? setDone('failed');
        }}
      >
        {caption}
      </button>
      <span className={`copy-state${done === 'failed' ? ' error' : ' muted'}`} aria-live="polite">
        {done === 'copied' ? 'Copied' : done === 'failed' ? 'Copy failed' : ''}
      </span>
    </>
  );
}
