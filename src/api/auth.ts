// Authentication: turns the credential a request presents into its RequestContext — one resolver
// for HTTP requests (auth-hook.ts) and WebSocket connections (ws-handshake.ts) alike
// ([arch request-context]). Keys are compared in constant time.

import { createHash, timingSafeEqual } from 'node:crypto';
import { DEFAULT_WORKSPACE_ID, type RequestContext } from '../request-context.js';

/** The token from `Authorization: Bearer <key>` or Prefect's basic-auth form ([compat S2]), else ''. */
export function bearerOrBasicToken(header: string | undefined): string {
  if (!header) return '';
  const [scheme, ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  if (/^bearer$/i.test(scheme ?? '')) return value;
  if (/^basic$/i.test(scheme ?? '')) {
    // Prefect sends base64(auth_string); accept that, or a user:password pair whose password is the key.
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded;
  }
  return '';
}

export interface Authenticator {
  /** False when no credential is configured: every request is the anonymous principal. */
  readonly required: boolean;
  /** The context a credential ('' = none presented) grants, or null when it grants nothing. */
  authenticate(credential: string): RequestContext | null;
}

/** One credential and what it grants. */
export interface KeyGrant {
  key: string;
  context: RequestContext;
}

const ANONYMOUS: RequestContext = Object.freeze({ principal: { kind: 'anonymous' } as const, workspaceId: DEFAULT_WORKSPACE_ID });

/**
 * Authenticates against a table of keys (the server's `apiKey` today; stored keys with their own
 * workspaces and roles later). An empty table turns authentication off. Every key is compared,
 * hashed first, so neither which key matched nor its length leaks through timing.
 */
export function keyAuthenticator(grants: readonly KeyGrant[]): Authenticator {
  const table = grants.map((g) => ({ digest: digest(g.key), context: Object.freeze({ ...g.context }) }));
  return {
    required: table.length > 0,
    authenticate(credential) {
      if (table.length === 0) return ANONYMOUS;
      if (!credential) return null;
      const candidates = [digest(credential)];
      // Prefect's basic form may carry `user:key`: the key is the part after the first colon.
      const colon = credential.indexOf(':');
      if (colon >= 0) candidates.push(digest(credential.slice(colon + 1)));
      let found: RequestContext | null = null;
      for (const entry of table) {
        for (const candidate of candidates) {
          if (timingSafeEqual(entry.digest, candidate) && !found) found = entry.context;
        }
      }
      return found;
    },
  };
}

/** The server's single API key (`apiKey` setting) in the default workspace; '' = authentication off. */
export function apiKeyAuthenticator(apiKey: string): Authenticator {
  return keyAuthenticator(
    apiKey ? [{ key: apiKey, context: { principal: { kind: 'api-key', name: 'server' }, workspaceId: DEFAULT_WORKSPACE_ID } }] : [],
  );
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
