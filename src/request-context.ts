// Who is asking, and in which workspace: resolved once per request (HTTP) or connection (WebSocket)
// by the API's authenticator and passed down to every service, so authorization, audit and tenancy
// have one place to look ([arch request-context]). Layer 0: services and routes both depend on it.

/** The identity behind a request. Keys, users and roles arrive with the tenancy issue. */
export type Principal =
  /** No credential is configured: anyone who can reach the server. */
  | { kind: 'anonymous' }
  /** The server API key (`HERALD_API_KEY`). */
  | { kind: 'api-key'; name: string };

export interface RequestContext {
  readonly principal: Principal;
  /** Every read and write of this request is scoped to this workspace. */
  readonly workspaceId: string;
}

/** The workspace every request uses until workspaces arrive (and the one existing data lives in). */
export const DEFAULT_WORKSPACE_ID = '00000000-0000-0000-0000-000000000000';
