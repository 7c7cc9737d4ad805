// A modal confirmation (native <dialog>): the page behind is inert, Esc or Cancel closes it, and
// focus starts on Cancel, the harmless choice. The action's failure is shown inside.

import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  error: Error | null;
  danger?: boolean;
  onConfirm(): void;
  close(): void;
}

export function ConfirmDialog({ title, children, confirmLabel, busyLabel, busy, error, danger, onConfirm, close }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    ref.current?.showModal();
    cancel.current?.focus();
  }, []);
  return (
    <dialog ref={ref} className="wh-dialog" aria-labelledby="confirm-title" onClose={close}>
      <h2 id="confirm-title">{title}</h2>
      {children}
      {error && (
        <p className="error" role="alert">
          Not done: {error.message}
        </p>
      )}
      <div className="wh-actions">
        <button type="button" className={danger ? 'danger' : 'primary'} disabled={busy} onClick={onConfirm}>
          {busy ? busyLabel : confirmLabel}
        </button>
        <button type="button" ref={cancel} onClick={() => ref.current?.close()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
