// A form's last row: its submit button, which says "Saving…" and holds still while a save is in
// flight (no second request), then the area's other actions (Cancel, "Saved at …").

import type { ReactNode } from 'react';

export function SubmitRow({ busy, label, children }: { busy: boolean; label: string; children?: ReactNode }) {
  return (
    <div className="action-row">
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Saving…' : label}
      </button>
      {children}
    </div>
  );
}
