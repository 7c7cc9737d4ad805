// Shown instead of the page when the server answered 401: the key is kept in sessionStorage for
// this tab only (logins with users come with tenancy), then every query is retried with it.

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getApi, setApiKey } from '../lib/api';
import { keyProvided } from './auth-state';

export function ApiKeyDialog() {
  const queryClient = useQueryClient();
  const [key, setKey] = useState('');
  const hadKey = getApi().hasKey;
  return (
    <section className="page narrow" aria-labelledby="key-title">
      <h1 id="key-title">API key required</h1>
      <p>
        {hadKey
          ? 'The server refused the API key this tab has. Enter the right one.'
          : 'This Herald server has an API key (HERALD_API_KEY). Enter it to continue.'}{' '}
        It is kept for this browser tab only.
      </p>
      <form
        className="key-form"
        onSubmit={(e) => {
          e.preventDefault();
          setApiKey(key.trim());
          keyProvided();
          void queryClient.resetQueries();
        }}
      >
        <label htmlFor="api-key">API key</label>
        <input id="api-key" type="password" autoComplete="current-password" value={key} onChange={(e) => setKey(e.target.value)} required />
        <button type="submit">Continue</button>
      </form>
    </section>
  );
}
