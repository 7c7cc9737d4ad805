// The parts every list page of stored things shares: the title with the main action, the loading
// and error states of the list query (with a retry), and the table's markup — a visually hidden
// caption, column headers, and one row per item (each area's cells).

import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import './list-page.css';

/** The page title (`titleId` names the page's landmark) and, at the right, its main action. */
export function ListHead({ titleId, title, children }: { titleId: string; title: string; children?: ReactNode }) {
  return (
    <div className="list-head">
      <h1 id={titleId}>{title}</h1>
      {children}
    </div>
  );
}

/** "Loading webhooks…", or why the list could not be loaded and Try again. Nothing once it is there. */
export function ListQueryState({ query, noun }: { query: UseQueryResult<unknown>; noun: string }) {
  if (query.isPending) return <p className="state muted">Loading {noun}…</p>;
  if (!query.isError) return null;
  return (
    <div className="state error" role="alert">
      <p>
        <strong>The {noun} could not be loaded.</strong> {query.error.message}
      </p>
      <button type="button" onClick={() => void query.refetch()}>
        Try again
      </button>
    </div>
  );
}

interface TableProps {
  /** Read by screen readers only: what the table lists, and in which order. */
  caption: ReactNode;
  columns: string[];
  /** The area's own table look instead of the shared one. */
  className?: string;
  children: ReactNode;
}

export function ListTable({ caption, columns, className = 'list-table', children }: TableProps) {
  return (
    <table className={className}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
