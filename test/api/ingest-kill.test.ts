// Crash durability of ingest ([arch I2]: a 2xx from POST /events means durable).
//
// A real server process is driven at full speed by concurrent keep-alive clients and killed with
// SIGKILL — no shutdown hook runs, whatever was in the writer's queue or in a transaction is cut
// off. Then the store is opened again (a new server on the same SQLite file / PostgreSQL database,
// which must start and answer /health: SQLite recovers its WAL) and read directly with SQL:
//   - every id whose request was answered 2xx is stored (nothing acknowledged is lost);
//   - no id is stored twice, and nothing is stored that was never sent;
//   - every stored event has all its resource rows (a commit is all or nothing).
// Requests cut off by the kill are not acknowledged: their events may or may not be stored.
//
// The test checks that it is not vacuous: many requests were acknowledged before the kill, and some
// were still in flight when it landed.

import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../helpers/server.js';
import { makeEvent } from '../helpers/server.js';
import { createTestDatabase } from '../helpers/pg.js';
import { startTsx } from '../helpers/process.js';
import { tempDir } from '../helpers/tmp.js';

const SERVER_SCRIPT = join(import.meta.dirname, 'fixtures', 'ingest-kill-server.ts');

/** Concurrent HTTP clients, each with one request in flight at a time. */
const CLIENTS = 16;
const EVENTS_PER_REQUEST = 50;
/** Acknowledged requests before the kill: enough that the writer is in full swing (many batches). */
const ACKED_REQUESTS_BEFORE_KILL = 200;

// ---------------------------------------------------------------------------------------------
// The server process

interface ServerProcess {
  /** Server root, e.g. http://127.0.0.1:41234 (the API is under /api). */
  url: string;
  child: ChildProcessWithoutNullStreams;
  /** Everything the process wrote to stderr so far (for failure messages). */
  stderr(): string;
}

/** Every child this file started, with its exit, so afterEach can kill what a failed test left running. */
const running = new Map<ChildProcessWithoutNullStreams, Promise<void>>();

/** Starts the fixture server on `settings` and resolves once it prints its URL. */
async function startServerProcess(settings: Record<string, unknown>): Promise<ServerProcess> {
  const child = startTsx(SERVER_SCRIPT, [JSON.stringify(settings)], cleanEnv());
  child.stdin.end();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  running.set(child, exited);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve((JSON.parse(out.slice(0, newline)) as { url: string }).url);
    });
    void exited.then(() => reject(new Error(`server exited before listening (code ${child.exitCode}):\n${stderr}`)));
  });
  return { url, child, stderr: () => stderr };
}

/** SIGKILL (if still running) and wait for the exit. */
async function kill(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await running.get(child);
  running.delete(child);
}

/** Environment without the user's HERALD_* variables (the fixture ignores them too; belt and braces). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HERALD_')));
}

// ---------------------------------------------------------------------------------------------
// The stores, and reading them back with plain SQL (not through Herald's read path)

interface StoreContents {
  /** Every stored event id (one entry per row). */
  ids: string[];
  /** Ids stored in more than one row. */
  duplicated: string[];
  /** Events whose resource rows are not exactly resource + related (a torn commit). */
  incomplete: number;
  /** SQLite's `PRAGMA integrity_check` ('ok'), or 'ok' for PostgreSQL. */
  integrity: string;
}

interface Store {
  /** The server settings that point at this store. */
  settings: Record<string, unknown>;
  read(): Promise<StoreContents>;
  /** SQLite: size of the WAL the crash left behind (what the next open must recover); null for PostgreSQL. */
  walBytes(): number | null;
  drop(): Promise<void>;
}

/** makeEvent() events have one resource and one related resource: two event_resources rows. */
const INCOMPLETE_SQL = 'SELECT count(*) AS n FROM events e WHERE (SELECT count(*) FROM event_resources r WHERE r.event_seq = e.seq) <> 2';

async function createStore(backend: Backend): Promise<Store> {
  if (backend === 'postgres') {
    const db = await createTestDatabase();
    return {
      settings: { databaseUrl: db.url },
      async read() {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        try {
          const ids = await client.query<{ id: string }>('SELECT id::text AS id FROM events');
          const duplicated = await client.query<{ id: string }>('SELECT id::text AS id FROM events GROUP BY id HAVING count(*) > 1');
          const incomplete = await client.query<{ n: string }>(INCOMPLETE_SQL);
          return {
            ids: ids.rows.map((r) => r.id),
            duplicated: duplicated.rows.map((r) => r.id),
            incomplete: Number(incomplete.rows[0].n),
            integrity: 'ok',
          };
        } finally {
          await client.end();
        }
      },
      walBytes: () => null,
      drop: () => db.drop(),
    };
  }
  const dir = tempDir('herald-ingest-kill-');
  return {
    settings: { dataDir: dir.path, databaseUrl: '' },
    async read() {
      // Read-only beside the restarted server, which has already recovered the WAL.
      const db = new Database(join(dir.path, 'herald.db'), { readonly: true, fileMustExist: true });
      try {
        return {
          ids: (db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id),
          duplicated: (db.prepare('SELECT id FROM events GROUP BY id HAVING count(*) > 1').all() as { id: string }[]).map((r) => r.id),
          incomplete: (db.prepare(INCOMPLETE_SQL).get() as { n: number }).n,
          integrity: db.pragma('integrity_check', { simple: true }) as string,
        };
      } finally {
        db.close();
      }
    },
    walBytes: () => statSync(join(dir.path, 'herald.db-wal')).size,
    drop: async () => dir.remove(),
  };
}

function serverSettings(store: Store): Record<string, unknown> {
  return {
    host: '127.0.0.1',
    port: 0,
    logLevel: process.env.HERALD_TEST_LOG_LEVEL ?? 'silent',
    // Retention would delete makeEvent()'s fixed-date events and blur "stored exactly once".
    retentionEnabled: false,
    ...store.settings,
  };
}

// ---------------------------------------------------------------------------------------------
// Load, and the kill

interface LoadReport {
  /** Ids of every event sent (acknowledged or not). */
  sent: Set<string>;
  /** Ids of the events whose request was answered 2xx. */
  acked: string[];
  ackedRequests: number;
  /** Requests still waiting for their answer when SIGKILL was sent. */
  inFlightAtKill: number;
  /** Requests that failed at the connection level after the kill (cut off, or refused). */
  failedAfterKill: number;
  /** Answers 429/503 (admission or writer queue full): refused, not acknowledged; fine under load. */
  refused: number;
  /** Anything else: connection failures before the kill, other statuses. Must stay empty. */
  unexpected: string[];
}

/**
 * Runs CLIENTS loops that each POST batch after batch to `server`; once ACKED_REQUESTS_BEFORE_KILL
 * requests have been acknowledged, SIGKILLs the server while the other requests are in flight.
 * Resolves when the process has exited and every client has seen its connection die.
 */
async function ingestThenKill(server: ServerProcess): Promise<LoadReport> {
  const report: LoadReport = {
    sent: new Set(),
    acked: [],
    ackedRequests: 0,
    inFlightAtKill: 0,
    failedAfterKill: 0,
    refused: 0,
    unexpected: [],
  };
  let inFlight = 0;
  let killed = false;
  let reachedTarget!: () => void;
  const target = new Promise<void>((resolve) => (reachedTarget = resolve));

  const client = async () => {
    // Each loop ends at its first connection failure: after the kill, the server is gone.
    for (;;) {
      const batch = Array.from({ length: EVENTS_PER_REQUEST }, () => makeEvent());
      for (const e of batch) report.sent.add(e.id);
      inFlight++;
      let res: Response;
      try {
        // Node's fetch (undici) keeps connections alive and reuses them across iterations.
        res = await fetch(`${server.url}/api/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(batch),
        });
      } catch (err) {
        if (killed) report.failedAfterKill++;
        else report.unexpected.push(`request failed before the kill: ${(err as Error).cause ?? err}`);
        return;
      } finally {
        inFlight--;
      }
      const body = await res.text().catch(() => ''); // read to the end so the connection is reused
      if (res.ok) {
        // The status line is only sent after the commit: these ids are now promised durable.
        for (const e of batch) report.acked.push(e.id);
        if (++report.ackedRequests === ACKED_REQUESTS_BEFORE_KILL) reachedTarget();
      } else if (res.status === 429 || res.status === 503) {
        report.refused++;
      } else {
        report.unexpected.push(`${res.status} ${body.slice(0, 300)}`);
        return;
      }
    }
  };

  const clients = Promise.all(Array.from({ length: CLIENTS }, client));
  // If every client stops before the target (unexpected answers, the server dying by itself), the
  // assertions below report why instead of waiting for the test timeout.
  await Promise.race([target, clients]);
  killed = true;
  report.inFlightAtKill = inFlight;
  await kill(server.child);
  await clients;
  return report;
}

async function health(server: ServerProcess): Promise<{ status: number; body: unknown; storage: unknown }> {
  const res = await fetch(`${server.url}/api/health`);
  const version = (await (await fetch(`${server.url}/api/version`)).json()) as { storage: unknown };
  return { status: res.status, body: await res.json(), storage: version.storage };
}

// ---------------------------------------------------------------------------------------------

describe.each(['sqlite', 'postgres'] as const)('a server SIGKILLed during full-speed ingest (%s)', (backend) => {
  let store: Store | undefined;

  // In a hook: creating the first PostgreSQL database may start the shared test server.
  beforeEach(async () => {
    store = await createStore(backend);
  });

  afterEach(async () => {
    for (const child of [...running.keys()]) await kill(child);
    await store?.drop();
    store = undefined;
  });

  it('loses no acknowledged event and stores every acknowledged id exactly once', async () => {
    const settings = serverSettings(store!);
    const first = await startServerProcess(settings);

    const load = await ingestThenKill(first);
    const summary = `acked ${load.ackedRequests} requests (${load.acked.length} events), ${load.inFlightAtKill} in flight at the kill, ${load.failedAfterKill} cut off, ${load.refused} refused`;
    expect(load.unexpected, `${summary}\nserver stderr:\n${first.stderr()}`).toEqual([]);
    // Not vacuous: the kill landed mid-stream, after many acknowledged batches.
    expect(load.ackedRequests, summary).toBeGreaterThanOrEqual(ACKED_REQUESTS_BEFORE_KILL);
    expect(load.inFlightAtKill, summary).toBeGreaterThan(0);
    expect(load.failedAfterKill, summary).toBeGreaterThan(0);
    expect(first.child.signalCode).toBe('SIGKILL');
    // SQLite: the killed process never checkpointed or closed, so reopening has a WAL to recover.
    if (backend === 'sqlite') expect(store!.walBytes()).toBeGreaterThan(0);

    // The store opens again after the crash: migrations, WAL recovery, a storage ping.
    const second = await startServerProcess(settings);
    expect(await health(second)).toEqual({ status: 200, body: true, storage: backend });

    const stored = await store!.read();
    const storedIds = new Set(stored.ids);
    const lost = load.acked.filter((id) => !storedIds.has(id));
    expect(lost, `${lost.length} acknowledged events lost; ${summary}`).toEqual([]);
    expect(stored.duplicated).toEqual([]);
    expect(stored.ids.length, 'rows per id').toBe(storedIds.size);
    expect(stored.ids.filter((id) => !load.sent.has(id))).toEqual([]);
    expect(stored.incomplete).toBe(0);
    expect(stored.integrity).toBe('ok');
    // Visible in the test output: how much of the unacknowledged tail made it to disk.
    console.log(`[${backend}] ${summary}; stored ${storedIds.size} of ${load.sent.size} sent`);
  }, 60_000); // ~10 s here (two server start-ups through tsx); room for a loaded machine
});
