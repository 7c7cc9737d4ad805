// Delete with a confirmation step in place (no modal): the confirm button takes focus, Cancel or
// Esc puts focus back on Delete.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useAutomationsClient } from './queries';

export function DeleteButton({ id, name }: { id: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const automations = useAutomationsClient();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const del = useMutation({
    mutationFn: () => automations.delete(id),
    onSuccess: () => {
      qc.removeQueries({ queryKey: ['automation', id] });
      void qc.invalidateQueries({ queryKey: ['automations'] });
      void navigate({ to: '/automations' });
    },
  });
  // Focus follows the step: into the confirmation when it opens, back to Delete when it is cancelled.
  const cancelled = useRef(false);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (cancelled.current) openRef.current?.focus();
  }, [confirming]);
  const cancel = () => {
    cancelled.current = true;
    setConfirming(false);
  };
  if (!confirming)
    return (
      <button type="button" ref={openRef} className="danger" onClick={() => setConfirming(true)}>
        Delete
      </button>
    );
  return (
    <fieldset className="confirm" onKeyDown={(e) => e.key === 'Escape' && cancel()}>
      <legend>Delete “{name}” and its state? This cannot be undone.</legend>
      <button type="button" ref={confirmRef} className="danger" disabled={del.isPending} onClick={() => del.mutate()}>
        Delete automation
      </button>
      <button type="button" onClick={cancel}>
        Cancel
      </button>
      {del.isError && (
        <span className="error" role="alert">
          {(del.error as Error).message}
        </span>
      )}
    </fieldset>
  );
}
