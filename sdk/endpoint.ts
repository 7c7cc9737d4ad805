// Where the API lives. Callers give the server's base URL (`http://127.0.0.1:4200`); the API sits
// under `/api` there (Prefect's layout). A URL that already has a path is taken as the API root, so
// `https://proxy.example/herald/api` works behind a reverse proxy too.

export function apiRoot(url: string): string {
  const u = new URL(url);
  const path = u.pathname.replace(/\/+$/, '');
  u.pathname = path === '' ? '/api' : path;
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/+$/, '');
}

/** `http(s)://…/api` + `/events/in` → `ws(s)://…/api/events/in`. */
export function webSocketUrl(url: string, path: string, query: Record<string, string> = {}): string {
  const u = new URL(apiRoot(url) + path);
  u.protocol = u.protocol === 'https:' ? 'wss:' : u.protocol === 'http:' ? 'ws:' : u.protocol;
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return u.toString();
}
