// The question asked before unsaved changes are lost (lib/use-unsaved-changes.ts): a modal
// "Leave without saving?" with Stay (focused, the harmless choice; Esc too) and Leave. Closing or
// reloading the tab gets the browser's own question instead.

import { useUnsavedChanges } from '../lib/use-unsaved-changes';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  /** The form differs from what was loaded or last saved. */
  dirty: boolean;
  /** What the changes are to: "“ops on-call”", "the new webhook". */
  what: string;
}

export function UnsavedChangesGuard({ dirty, what }: Props) {
  const guard = useUnsavedChanges(dirty);
  if (!guard.blocked) return null;
  return (
    <ConfirmDialog
      titleId="unsaved-title"
      title="Leave without saving?"
      confirmLabel="Leave"
      busyLabel="Leaving…"
      cancelLabel="Stay"
      busy={false}
      error={null}
      danger
      onConfirm={guard.leave}
      close={guard.stay}
    >
      <p>Your changes to {what} will be lost.</p>
    </ConfirmDialog>
  );
}
