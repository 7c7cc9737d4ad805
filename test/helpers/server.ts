// Starts a real Herald server on an ephemeral port, on a fresh SQLite file or PostgreSQL database,
// in one line:
//
//   const t = await startTestServer({ backend: 'postgres', settings: { apiKey: 'k' }, clock });
//   await fetch(`${t.url}/events`, …);            // t.url   = http://127.0.0.1:<port>/api
//   new WebSocket(`${t.wsUrl}/events/in`, …);     // t.wsUrl = ws://127.0.0.1:<port>/api
//   const again = await t.restart();              // same data, new process-like server
//   await again.close();                          // closes the server and deletes the data
//
// Logs are silent unless HERALD_TEST_LOG_LEVEL is set.
//
// Every test server checks each response against the schema its route publishes
// (src/api/response-contract.ts; docs/server.md "API schemas"). A mismatch fails the test that was
// running when the response was sent, with a message naming method, route, status and JSON path;
// one sent outside a test (e.g. in beforeAll) makes `close()` throw instead.

import { randomUUID } from 'node:crypto';
import type { ServerDeps } from '../../src/api/deps.js';
import type { Ingestor } from '../../src/ingest/ingestor.js';
import { MemoryBus } from '../../src/bus/memory.js';
import { systemClock, type Clock } from '../../src/clock.js';
import { loadSettings, type Settings } from '../../src/config.js';
import type { Event } from '../../src/events/types.js';
import { GroupCommitWriter } from '../../src/ingest/group-commit-writer.js';
import { createRegistry, heraldMetrics } from '../../src/metrics.js';
import { createServer, type HeraldServer } from '../../src/server.js';
import { openStorage } from '../../src/storage/index.js';
import type { InsertResult, Storage } from '../../src/storage/storage.js';
import { onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import type { ContractViolation } from '../../src/api/response-contract.js';
import { createTestDatabase } from './pg.js';
import { tempDir } from './tmp.js';

export type Backend = 'sqlite' | 'postgres';

export interface TestServerOptions {
  backend?: Backend;
  settings?: Partial<Settings>;
  clock?: Clock;
  /** Extra dependencies; storage given here is not closed by the server. */
  overrides?: Partial<ServerDeps>;
  /**
   * Wire the server's own group-commit writer behind an observer, so `t.nextIngest()` can tell
   * when a request's events have reached the writer's queue (e.g. before advancing a FakeClock).
   */
  observeIngest?: boolean;
}

export interface TestServer {
  /** API root, like PREFECT_API_URL: `http://127.0.0.1:<port>/api`. */
  url: string;
  /** Server root without the API prefix (for /metrics and /docs). */
  baseUrl: string;
  /** WebSocket API root: `ws://127.0.0.1:<port>/api`. */
  wsUrl: string;
  server: HeraldServer;
  storage: Storage;
  settings: Settings;
  /** With `observeIngest`: resolves at the next call of the ingestor (its events are then queued). */
  nextIngest(): Promise<void>;
  /** Closes this server (keeping the data) and starts a new one on the same SQLite file / PG database. */
  restart(options?: Omit<TestServerOptions, 'backend'>): Promise<TestServer>;
  /** Closes the server and deletes its data. Idempotent. */
  close(): Promise<void>;
}

interface TestData {
  backend: Backend;
  settings: Partial<Settings>;
  drop(): Promise<void>;
}

/** Settings of a server on the given data; `settings` wins over the test defaults. */
export function testSettings(data: { settings: Partial<Settings> }, settings: Partial<Settings> = {}): Settings {
  return loadSettings(
    // Retention off unless a test turns it on: fixtures use fixed dates that it would delete.
    {
      host: '127.0.0.1',
      port: 0,
      logLevel: process.env.HERALD_TEST_LOG_LEVEL ?? 'silent',
      retentionEnabled: false,
      ...data.settings,
      ...settings,
    },
    {},
  );
}

async function createData(backend: Backend): Promise<TestData> {
  if (backend === 'postgres') {
    const db = await createTestDatabase();
    return { backend, settings: { databaseUrl: db.url }, drop: () => db.drop() };
  }
  const dir = tempDir('herald-server-');
  return { backend, settings: { dataDir: dir.path, databaseUrl: '' }, drop: async () => dir.remove() };
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const data = await createData(options.backend ?? 'sqlite');
  try {
    return await startOn(data, options);
  } catch (err) {
    await data.drop();
    throw err;
  }
}

async function startOn(data: TestData, options: Omit<TestServerOptions, 'backend'>): Promise<TestServer> {
  const settings = testSettings(data, options.settings);
  const overrides: Partial<ServerDeps> = { ...options.overrides };
  if (options.clock) overrides.clock = options.clock;
  let observer: IngestObserver | null = null;
  const owned: (() => Promise<void>)[] = [];
  if (options.observeIngest) {
    const storage = await openStorage(settings, { clock: options.clock });
    await storage.migrate();
    const bus = new MemoryBus();
    const metrics = createRegistry();
    observer = new IngestObserver(
      new GroupCommitWriter({
        events: storage.events,
        bus,
        clock: options.clock ?? systemClock,
        metrics: heraldMetrics(metrics),
        maxBatch: settings.writerMaxBatch,
        maxDelay: settings.writerMaxDelay,
        queueMax: settings.writerQueueMax,
        dedupeCacheSize: settings.dedupeCacheSize,
      }),
    );
    Object.assign(overrides, { storage, bus, metrics, ingestor: observer });
    owned.push(
      () => bus.close(),
      () => storage.close(),
    );
  }
  const contract = new ContractReport();
  const server = await createServer(settings, overrides, { checkResponses: (v) => contract.report(v) });
  const closeServer = async () => {
    await server.close();
    for (const close of owned.splice(0)) await close();
    contract.throwUnreported();
  };
  const root = await server.listen();
  const prefix = settings.apiBasePath.replace(/\/+$/, '');
  let dropped = false;
  const t: TestServer = {
    url: root + prefix,
    baseUrl: root,
    wsUrl: root.replace(/^http/, 'ws') + prefix,
    server,
    storage: server.deps.storage,
    settings,
    nextIngest() {
      if (!observer) throw new Error('startTestServer: pass observeIngest: true to use nextIngest()');
      return observer.next();
    },
    async restart(next = {}) {
      await closeServer();
      return startOn(data, { ...options, ...next, settings: { ...options.settings, ...next.settings } });
    },
    async close() {
      await closeServer();
      if (!dropped) {
        dropped = true;
        await data.drop();
      }
    },
  };
  return t;
}

/** A small valid event (as a client sends it); `overrides` replace top-level fields. */
export function makeEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> & { id: string } {
  return {
    id: randomUUID(),
    occurred: '2026-01-01T00:00:00.000000Z',
    event: 'test.thing.happened',
    resource: { 'prefect.resource.id': 'test.resource.1', 'prefect.resource.name': 'one' },
    related: [{ 'prefect.resource.id': 'test.flow.1', 'prefect.resource.role': 'flow' }],
    payload: { n: 1 },
    ...overrides,
  } as Record<string, unknown> & { id: string };
}

/** POSTs `events` to /api/events; `init` may add headers (merged) or replace the body. */
export function postEvents(
  t: Pick<TestServer, 'url'>,
  events: unknown,
  init: { headers?: Record<string, string>; body?: string; query?: string } = {},
): Promise<Response> {
  return fetch(`${t.url}/events${init.query ?? ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body ?? JSON.stringify(events),
  });
}

/** A response's JSON body, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function jsonBody(res: Response): Promise<any> {
  return res.json();
}

export interface WsClient {
  socket: WebSocket;
  /** The next text message, parsed as JSON (buffered from the moment the socket was created). */
  next(): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Messages received and not yet taken by `next()`. */
  readonly buffered: unknown[];
  /** Resolves with the close code and reason once the socket has closed. */
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
  /** Ping → pong round trip: every message the server sent before the pong has arrived. */
  roundTrip(): Promise<void>;
}

/** Opens a WebSocket (`protocols` e.g. ['prefect']) and resolves once it is open. */
export function connectWs(url: string, options: { protocols?: string[]; headers?: Record<string, string> } = {}): Promise<WsClient> {
  const socket = new WebSocket(url, options.protocols ?? [], { headers: options.headers });
  const queue: unknown[] = [];
  const waiters: ((m: unknown) => void)[] = [];
  socket.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    const w = waiters.shift();
    if (w) w(msg);
    else queue.push(msg);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  const client: WsClient = {
    socket,
    next: () =>
      queue.length > 0
        ? Promise.resolve(queue.shift())
        : new Promise((resolve, reject) => {
            waiters.push(resolve);
            void closed.then((c) => reject(new Error(`socket closed (${c.code} ${c.reason}) while waiting for a message`)));
          }),
    get buffered() {
      return queue;
    },
    closed,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    roundTrip: () =>
      new Promise<void>((resolve) => {
        socket.once('pong', () => resolve());
        socket.ping();
      }),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`unexpected response ${res.statusCode}`)));
  });
}

/**
 * Resolves once every id in `ids` has been published on the server's bus — i.e. committed (the
 * writer publishes only after the commit). Call it before sending the events.
 */
export function waitForCommitted(t: Pick<TestServer, 'server'>, ids: readonly string[]): Promise<void> {
  const missing = new Set(ids);
  return new Promise((resolve) => {
    const unsubscribe = t.server.deps.bus.subscribe((batch) => {
      for (const e of batch.events) missing.delete(e.id);
      if (missing.size === 0) {
        unsubscribe();
        resolve();
      }
    });
  });
}

/** Response contract violations: fail the running test, or else the server's `close()`. */
export class ContractReport {
  readonly #unreported: ContractViolation[] = [];

  report(violation: ContractViolation): void {
    try {
      onTestFinished(() => {
        throw new Error(`response contract violated: ${violation.message}`);
      });
    } catch {
      // Not inside a test (a hook, or a response that arrived after its test ended).
      this.#unreported.push(violation);
    }
  }

  throwUnreported(): void {
    const found = this.#unreported.splice(0);
    if (found.length > 0) throw new Error(`response contract violated:\n${found.map((v) => `  ${v.message}`).join('\n')}`);
  }
}

/** An Ingestor that forwards to the real writer and tells waiters when it has been called. */
class IngestObserver implements Ingestor {
  #waiters: (() => void)[] = [];
  constructor(readonly inner: Ingestor) {}

  ingest(workspaceId: string, events: readonly Event[]): Promise<InsertResult> {
    const result = this.inner.ingest(workspaceId, events);
    for (const wake of this.#waiters.splice(0)) wake();
    return result;
  }

  get depth(): number {
    return this.inner.depth;
  }

  drain(): Promise<void> {
    return this.inner.drain();
  }

  next(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
