// The page of one stored thing when it cannot be shown: "not found" when the server says there is no
// such id (404, or 422 for an id that is not a UUID: a typed or stale link either way), else the
// server's message; with the way back to the list.

import { isHeraldSdkError } from '@herald/sdk/browser';
import type { ReactNode } from 'react';

interface Props {
  error: Error;
  id: string;
  /** Lower case, singular: "webhook". */
  noun: string;
  /** The link back to the list. */
  back: ReactNode;
}

export function LoadFailure({ error, id, noun, back }: Props) {
  const missing = isHeraldSdkError(error) && (error.status === 404 || error.status === 422);
  const title = missing ? `${noun[0]!.toUpperCase()}${noun.slice(1)} not found` : `The ${noun} could not be loaded`;
  return (
    <section className="page narrow state" role="alert">
      <h1>{title}</h1>
      <p>
        {missing ? (
          <>
            No {noun} <code>{id}</code>: it may have been deleted.
          </>
        ) : (
          error.message
        )}{' '}
        {back}
      </p>
    </section>
  );
}
