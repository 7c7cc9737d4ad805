// A local HTTP server standing in for Prefect's orchestration API (the third party at the network
// boundary): records every request and answers from a per-route script.

import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the `/api` prefix, e.g. `/deployments/<id>/create_flow_run`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
}

export type Reply =
  | { status: number; json?: unknown; text?: string; headers?: Record<string, string> }
  /** Never answers (until the server closes): for timeouts. */
  | 'hang';

export class FakePrefect {
  readonly requests: RecordedRequest[] = [];
  #routes = new Map<string, Reply | ((req: RecordedRequest) => Reply)>();
  #waiters: ((req: RecordedRequest) => void)[] = [];
  #hanging: ServerResponse[] = [];

  private constructor(
    readonly server: Server,
    /** Base URL as `orchestrationApiUrl` expects it: `http://127.0.0.1:<port>/api`. */
    readonly url: string,
  ) {}

  static async start(): Promise<FakePrefect> {
    let self: FakePrefect | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => self!.#handle(req.method ?? '', req.url ?? '', req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    self = new FakePrefect(server, `http://127.0.0.1:${port}/api`);
    return self;
  }

  /** Scripts `METHOD /path` (without `/api`); unscripted routes answer 404 `{"detail": "Not Found"}`. */
  on(method: string, path: string, reply: Reply | ((req: RecordedRequest) => Reply)): this {
    this.#routes.set(`${method} ${path}`, reply);
    return this;
  }

  /** Resolves with the next request to arrive (already recorded ones do not count). */
  nextRequest(): Promise<RecordedRequest> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  reset(): void {
    this.requests.length = 0;
    this.#routes.clear();
  }

  async close(): Promise<void> {
    for (const res of this.#hanging.splice(0)) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #handle(method: string, url: string, headers: IncomingHttpHeaders, raw: string, res: ServerResponse): void {
    const path = url.startsWith('/api') ? url.slice(4) : url;
    const recorded: RecordedRequest = { method, path, headers, body: raw === '' ? undefined : JSON.parse(raw) };
    this.requests.push(recorded);
    for (const wake of this.#waiters.splice(0)) wake(recorded);
    const route = this.#routes.get(`${method} ${path}`);
    const reply = typeof route === 'function' ? route(recorded) : (route ?? { status: 404, json: { detail: 'Not Found' } });
    if (reply === 'hang') {
      this.#hanging.push(res);
      return;
    }
    const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
    const type = reply.json !== undefined ? { 'content-type': 'application/json' } : {};
    res.writeHead(reply.status, { ...type, ...reply.headers });
    res.end(body);
  }
}
