// The real Herald server (createServer via test/helpers/server.ts) on a real SQLite file or a fresh
// PostgreSQL database, with a fake clock, plus helpers to store events with or without publishing
// them — used by test/api/query*, count-by*, events-out* and test/stream/*.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import type { MemoryBus } from '../../src/bus/memory.js';
import { FakeClock } from '../../src/clock.js';
import type { Settings } from '../../src/config.js';
import type { ReceivedEvent } from '../../src/events/types.js';
import { DEFAULT_WORKSPACE_ID, type Storage } from '../../src/storage/storage.js';
import { startTestServer } from '../helpers/server.js';

export type Backend = 'sqlite' | 'postgres';
export const BACKENDS: Backend[] = ['sqlite', 'postgres'];

export interface QueryApp {
  app: FastifyInstance;
  /** ws://127.0.0.1:<port><apiBasePath> */
  wsBase: string;
  bus: MemoryBus;
  clock: FakeClock;
  storage: Storage;
  settings: Settings;
  /** Stores events (durable) without publishing them: "already in storage before subscribing". */
  insert(events: ReceivedEvent[]): Promise<void>;
  /** Stores then publishes, as the group-commit writer does. */
  commit(events: ReceivedEvent[]): Promise<void>;
  close(): Promise<void>;
}

export async function startQueryApp(
  backend: Backend,
  settings: Partial<Settings> = {},
  clock = new FakeClock(Date.UTC(2026, 7, 21, 12, 0, 0)),
): Promise<QueryApp> {
  const t = await startTestServer({ backend, settings, clock });
  const { storage } = t;
  // The server's default bus is the in-process MemoryBus.
  const bus = t.server.deps.bus as MemoryBus;
  const insert = async (events: ReceivedEvent[]) => {
    await storage.events.insertEvents(DEFAULT_WORKSPACE_ID, events);
  };
  return {
    app: t.server.app,
    wsBase: t.wsUrl,
    bus,
    clock,
    storage,
    settings: t.settings,
    insert,
    async commit(events) {
      await insert(events);
      bus.publish({ workspaceId: DEFAULT_WORKSPACE_ID, events });
    },
    close: () => t.close(),
  };
}

let seq = 0;

/** A ReceivedEvent with sensible defaults; ids sort in creation order within a test. */
export function makeEvent(over: Partial<ReceivedEvent> & { occurred: string }): ReceivedEvent {
  seq++;
  return {
    id: over.id ?? randomUUID(),
    event: 'test.event',
    resource: { 'prefect.resource.id': `test.resource.${seq % 3}` },
    related: [],
    payload: {},
    follows: null,
    received: over.occurred,
    ...over,
  };
}

/** Canonical timestamp `offsetMs` after `start` (an ISO string). */
export function ts(start: string, offsetMs: number): string {
  return new Date(Date.parse(start) + offsetMs).toISOString().replace('Z', '000Z');
}

/** A WebSocket client that buffers every message so tests await them without sleeping. */
export class TestClient {
  readonly ws: WebSocket;
  readonly #messages: unknown[] = [];
  #waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(url: string, protocols: string[] = ['prefect']) {
    this.ws = new WebSocket(url, protocols);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (data, isBinary) => {
      // Prefect clients read text frames; a binary frame shows up as a failing message.
      this.#messages.push(isBinary ? { type: 'unexpected binary frame' } : JSON.parse(data.toString()));
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => {
        for (const wake of this.#waiters.splice(0)) wake();
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Opens, authenticates (prefect subprotocol) and subscribes; resolves after auth_success. */
  async subscribe(filter: unknown, extra: Record<string, unknown> = {}): Promise<void> {
    await this.opened;
    if (this.ws.protocol === 'prefect') {
      this.send({ type: 'auth', token: null });
      const first = await this.next();
      if ((first as { type?: string }).type !== 'auth_success') throw new Error(`expected auth_success, got ${JSON.stringify(first)}`);
    }
    this.send({ type: 'filter', filter, ...extra });
  }

  /** Resolves with the next message (throws if the socket closes first). */
  async next(): Promise<unknown> {
    await this.waitFor(1);
    return this.#messages.shift();
  }

  /** Takes the next `n` messages. */
  async take(n: number): Promise<unknown[]> {
    await this.waitFor(n);
    return this.#messages.splice(0, n);
  }

  /** Messages received so far and not yet taken. */
  get buffered(): unknown[] {
    return [...this.#messages];
  }

  async waitFor(n: number): Promise<void> {
    while (this.#messages.length < n) {
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`socket closed with ${this.#messages.length}/${n} messages`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  close(): void {
    this.ws.close();
  }
}
