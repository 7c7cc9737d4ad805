// A modal confirmation (native <dialog>): the page behind is inert, Esc or Cancel closes it, and
// focus starts on Cancel, the harmless choice. The action's failure is shown inside, so the dialog
// stays open for another try.

import { type ReactNode, useEffect, useRef } from 'react';
import './confirm-dialog.css';
// Its buttons are the managing pages' (action row, primary, danger).
import './manage-page.css';

interface Props {
  /** The heading's id (the dialog's accessible name). */
  titleId: string;
  title: ReactNode;
  children: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  /** The harmless choice, focused first: "Cancel" unless told. */
  cancelLabel?: string;
  busy: boolean;
  error: Error | null;
  /** Says what was not done: "Not deleted: …". */
  failedPrefix?: string;
  /** An area class for what it adds inside (lists of what is affected …). */
  className?: string;
  danger?: boolean;
  onConfirm(): void;
  close(): void;
}

export function ConfirmDialog(props: Props) {
  const {
    titleId,
    title,
    children,
    confirmLabel,
    busyLabel,
    cancelLabel = 'Cancel',
    busy,
    error,
    failedPrefix = 'Not done',
    className,
    danger,
    onConfirm,
    close,
  } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    ref.current?.showModal();
    cancel.current?.focus();
  }, []);
  return (
    <dialog ref={ref} className={className ? `confirm-dialog ${className}` : 'confirm-dialog'} aria-labelledby={titleId} onClose={close}>
      <h2 id={titleId}>{title}</h2>
      {children}
      {error && (
        <p className="error" role="alert">
          {failedPrefix}: {error.message}
        </p>
      )}
      <div className="action-row">
        <button type="button" className={danger ? 'danger' : 'primary'} disabled={busy} onClick={onConfirm}>
          {busy ? busyLabel : confirmLabel}
        </button>
        <button type="button" ref={cancel} onClick={() => ref.current?.close()}>
          {cancelLabel}
        </button>
      </div>
    </dialog>
  );
}
