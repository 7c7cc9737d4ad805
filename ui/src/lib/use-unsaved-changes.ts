// Unsaved changes are not lost without a word. While a form is dirty (it differs from what was
// loaded or last saved), leaving the page through the app (a link, back/forward) is held until the
// user chooses — `blocked` is then true, and `stay()` or `leave()` answers — and closing or
// reloading the tab makes the browser ask with its own text (`beforeunload`). A clean form never
// asks. Moves within the page (only the query string changes: a tab, a type chooser) are not
// leaving. Navigations that follow a save or a delete pass `ignoreBlocker: true`: what they leave is
// stored, or meant to go.

import { useBlocker } from '@tanstack/react-router';
import { useCallback, useEffect, useRef } from 'react';

export interface UnsavedChanges {
  /** A navigation is waiting for the user's answer. */
  blocked: boolean;
  /** Cancels the waiting navigation: the page and its changes stay. */
  stay(): void;
  /** Lets the waiting navigation go: the changes are dropped. */
  leave(): void;
}

export function useUnsavedChanges(dirty: boolean): UnsavedChanges {
  // Read when a navigation starts, so a form that has just become clean (or dirty) is judged as it is.
  const dirtyNow = useRef(dirty);
  useEffect(() => {
    dirtyNow.current = dirty;
  }, [dirty]);
  const shouldBlockFn = useCallback(
    ({ current, next }: { current: { pathname: string }; next: { pathname: string } }) =>
      dirtyNow.current && current.pathname !== next.pathname,
    [],
  );
  const beforeUnload = useCallback(() => dirtyNow.current, []);
  const blocker = useBlocker({ shouldBlockFn, enableBeforeUnload: beforeUnload, withResolver: true, disabled: !dirty });
  return {
    blocked: blocker.status === 'blocked',
    stay: () => blocker.reset?.(),
    leave: () => blocker.proceed?.(),
  };
}

/**
 * Whether two form models hold the same thing: equal as JSON, whatever the order of their keys
 * (a form may rebuild an object in another order) and treating an `undefined` member as absent.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
