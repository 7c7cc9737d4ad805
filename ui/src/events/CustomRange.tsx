// An absolute range typed in (local time), beside the presets and drag-to-zoom; it lands in the URL
// as `since`/`until` like a zoom does.

import { useState } from 'react';

/** `2026-12-02T10:00` (what datetime-local shows) for an ISO instant, in local time. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function CustomRange({ since, until, apply }: { since?: string; until?: string; apply(since: string, until: string): void }) {
  const [from, setFrom] = useState(toLocalInput(since));
  const [to, setTo] = useState(toLocalInput(until));
  const valid = from !== '' && to !== '' && new Date(from) < new Date(to);
  return (
    <details className="picker">
      <summary>Custom range</summary>
      <form
        className="picker-panel range-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) apply(new Date(from).toISOString(), new Date(to).toISOString());
        }}
      >
        <label>
          From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
        </label>
        <label>
          To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
        </label>
        <button type="submit" disabled={!valid}>
          Show range
        </button>
      </form>
    </details>
  );
}
