// A mutation's 401 opens the API key prompt, like a query's does (the query cache only sees queries).

import { requireKey } from '../app/auth-state';
import { isUnauthorized } from '../app/query-client';

export function onMutationUnauthorized(err: unknown): void {
  if (isUnauthorized(err)) requireKey();
}
