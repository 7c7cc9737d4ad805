// The Herald server: builds the resources bag (ServerDeps), the Fastify app and its routes, and owns
// start-up and graceful shutdown. `createServer` is what tests and the CLI use; `startServer` adds
// listening and SIGINT/SIGTERM handling for the `herald server` command.

import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { apiKeyAuthenticator } from './api/auth.js';
import { installAuth } from './api/auth-hook.js';
import type { ServerDeps } from './api/deps.js';
import { installDocs } from './api/docs.js';
import { installErrorHandling } from './api/error-handler.js';
import { installJsonBodyParser } from './api/json-body.js';
import { installSchemaPolicy, type SchemaPolicyOptions } from './api/schema-policy.js';
import { automationInsightRoutes } from './api/routes/automation-insight.js';
import { automationBacktestRoutes } from './api/routes/automation-backtest.js';
import { automationsRoutes } from './api/routes/automations.js';
import { eventsIngestRoutes } from './api/routes/events-ingest.js';
import { eventsOutRoutes } from './api/routes/events-out.js';
import { eventsQueryRoutes } from './api/routes/events-query.js';
import { EventsInSessions, eventsInWsRoutes } from './api/routes/events-in-ws.js';
import { healthRoutes } from './api/routes/health.js';
import { templatesRoutes } from './api/routes/templates.js';
import { metricsRoutes } from './api/routes/metrics.js';
import { selectSubprotocol } from './api/ws-handshake.js';
import { preAuthGate, preAuthMaxPayload } from './api/ws-preauth.js';
import { AutomationService } from './automations/service.js';
import { createServices } from './services/index.js';
import { MemoryBus } from './bus/memory.js';
import { systemClock } from './clock.js';
import type { Settings } from './config.js';
import { IngestAdmission } from './ingest/admission.js';
import { GroupCommitWriter } from './ingest/group-commit-writer.js';
import { createLogger } from './logger.js';
import { createRegistry, heraldMetrics } from './metrics.js';
import { openStorage, RetentionJob } from './storage/index.js';
import { AutomationRuntime } from './automations/runtime.js';
import { limitsFromSettings } from './templates/index.js';
import { destinationsRoutes } from './api/routes/destinations.js';
import { UI_ROUTES, uiStaticRoutes } from './api/ui-static.js';
import { HOOK_ROUTES, hooksRoutes } from './api/routes/hooks.js';
import { clientErrorHandler } from './api/client-error.js';
import { webhooksRoutes } from './api/routes/webhooks.js';

export interface HeraldServer {
  app: FastifyInstance;
  deps: ServerDeps;
  /** The retention job (started by `listen`), or null when `retentionEnabled` is off. */
  retention: RetentionJob | null;
  /** The trigger engine and action worker (started by `listen`), or null when not run here. */
  runtime: AutomationRuntime | null;
  /** Starts listening on `settings.host`/`settings.port` (0 = ephemeral); resolves the base URL. */
  listen(): Promise<string>;
  /**
   * Graceful shutdown: stops accepting connections, writes every accepted event (so nothing that
   * was acknowledged — or is about to be — is lost), closes sockets, then the bus and storage this
   * server opened. Idempotent.
   */
  close(): Promise<void>;
}

/** WebSocket close code 1001 "going away": the client should reconnect (to us after a restart). */
const GOING_AWAY = 1001;

/** How the app is built, beside its dependencies: `checkResponses` (tests) — see src/api/schema-policy.ts. */
export type ServerOptions = SchemaPolicyOptions;

export async function createServer(
  settings: Settings,
  overrides: Partial<ServerDeps> = {},
  options: ServerOptions = {},
): Promise<HeraldServer> {
  const logger = overrides.logger ?? createLogger(settings);
  const clock = overrides.clock ?? systemClock;
  const metrics = overrides.metrics ?? createRegistry();
  const storage = overrides.storage ?? (await openStorage(settings, { logger, clock }));
  try {
    await storage.migrate();
  } catch (err) {
    if (!overrides.storage) await storage.close();
    throw err;
  }
  const bus = overrides.bus ?? new MemoryBus({ logger });
  const ingestor =
    overrides.ingestor ??
    new GroupCommitWriter({
      events: storage.events,
      bus,
      clock,
      logger,
      metrics: heraldMetrics(metrics),
      maxBatch: settings.writerMaxBatch,
      maxDelay: settings.writerMaxDelay,
      queueMax: settings.writerQueueMax,
      dedupeCacheSize: settings.dedupeCacheSize,
      maxConcurrentWrites: storage.events.writesInFlight ?? 1,
    });
  // Shared by POST /events and WS /events/in: counts what is being read, parsed, validated or
  // written, so overload is refused early (429) instead of queueing without bound.
  const admission =
    overrides.admission ??
    new IngestAdmission({
      clock,
      metrics: heraldMetrics(metrics),
      maxInflightBytes: settings.ingestMaxInflightBytes,
      targetLatency: settings.ingestTargetLatency,
      pendingEvents: () => ingestor.depth,
    });
  const automations = overrides.automations ?? new AutomationService({ storage, ingestor, clock, logger, settings });
  // The trigger engine and action worker run in this process unless turned off (or a test brings
  // its own engine); they start with `listen`.
  const runtime =
    settings.automationsEnabled && overrides.engine === undefined
      ? new AutomationRuntime({ settings, storage, bus, clock, logger, ingestor, automations })
      : null;
  const engine = runtime?.engine ?? overrides.engine ?? null;
  if (!runtime) automations.attachEngine(engine);
  const authenticator = overrides.authenticator ?? apiKeyAuthenticator(settings.apiKey);
  const services = overrides.services ?? createServices({ settings, clock, logger, storage, ingestor, automations, metrics });
  const deps: ServerDeps = {
    settings,
    authenticator,
    storage,
    bus,
    clock,
    logger,
    ingestor,
    admission,
    metrics,
    automations,
    services,
    engine,
  };
  const retention = settings.retentionEnabled ? new RetentionJob({ storage, clock, settings, logger }) : null;

  const wsIn = new EventsInSessions();
  let app: FastifyInstance;
  try {
    app = await buildApp(deps, wsIn, options);
  } catch (err) {
    if (!overrides.storage) await storage.close();
    throw err;
  }

  let closing: Promise<void> | null = null;
  const server: HeraldServer = {
    app,
    deps,
    retention,
    runtime,
    async listen() {
      await app.listen({ host: settings.host, port: settings.port });
      retention?.start();
      try {
        await runtime?.start();
      } catch (err) {
        // Never serve HTTP without the engine it was configured to run: stop, and say why.
        logger.error({ err }, 'the trigger engine could not start; shutting down');
        await server.close();
        throw err;
      }
      return baseUrl(app);
    },
    close() {
      closing ??= (async () => {
        // Frames received on /events/in but not yet handed to the writer go in before it closes.
        wsIn.flushAll();
        // Deliveries in flight finish (their events go into the writer) before the writer drains.
        await runtime?.stop();
        // app.close() stops accepting, closes WebSockets (preClose) and waits for in-flight
        // requests — which are waiting on the writer, so drain it at the same time rather than
        // after (with a fake clock nothing else would ever flush them).
        const appClosed = app.close();
        await ingestor.drain();
        await appClosed;
        await retention?.stop();
        if (!overrides.bus) await bus.close();
        if (!overrides.storage) await storage.close();
      })();
      return closing;
    },
  };
  return server;
}

async function buildApp(deps: ServerDeps, wsIn: EventsInSessions, options: ServerOptions): Promise<FastifyInstance> {
  const { settings, logger } = deps;
  const app = Fastify({
    loggerInstance: logger as Logger,
    bodyLimit: settings.maxRequestBytes,
    // Per-request log lines would cost more than the ingest itself at 10k+ requests/s; errors are
    // still logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    clientErrorHandler,
    forceCloseConnections: 'idle',
    // Node's and Fastify's defaults hold a slow body, or a socket that never sends, forever. Open
    // WebSockets are not affected: the upgrade request is complete and ws clears the socket timeout.
    requestTimeout: settings.httpRequestTimeout,
    keepAliveTimeout: settings.httpKeepAliveTimeout,
    connectionTimeout: settings.httpConnectionTimeout,
    http: {
      // Node rejects a headers timeout longer than the request timeout.
      headersTimeout:
        settings.httpRequestTimeout > 0 ? Math.min(settings.httpHeadersTimeout, settings.httpRequestTimeout) : settings.httpHeadersTimeout,
      // Node checks both timeouts on this period (default 30 s, which would let a 10 s timeout run
      // to 40 s); a tenth of the shorter one keeps them within 10%.
      connectionsCheckingInterval: Math.max(
        10,
        Math.floor(Math.min(settings.httpHeadersTimeout, settings.httpRequestTimeout || Infinity) / 10),
      ),
    },
  }) as unknown as FastifyInstance;

  installJsonBodyParser(app, { maxJsonDepth: settings.maxJsonDepth });
  installErrorHandling(app, { maxErrorEchoBytes: settings.maxErrorEchoBytes, maxJsonDepth: settings.maxJsonDepth });
  installSchemaPolicy(app, options);
  await installDocs(app, { apiKey: deps.authenticator.required });
  await app.register(websocket, {
    options: {
      handleProtocols: (protocols: Set<string>) => selectSubprotocol(protocols),
      // Small until a socket has authenticated, then raised to maxRequestBytes so that an oversize
      // *event* reaches the validator and gets a per-frame error ([compat D10.16]) instead of ws closing the
      // connection with 1009 (src/api/ws-preauth.ts says why it is done this way).
      maxPayload: preAuthMaxPayload(settings),
      // Refuses `prefect` upgrades with 503 while too many sockets are waiting to authenticate.
      verifyClient: (info, done) => preAuthGate(app.websocketServer, deps).verifyClient(info, done),
    },
    preClose(done) {
      for (const client of app.websocketServer.clients) client.close(GOING_AWAY, 'Server shutting down');
      app.websocketServer.close(() => done());
    },
  });
  const base = normalisePrefix(settings.apiBasePath);
  // The UI's page and assets are public: the UI itself asks for the key when the API answers 401.
  const uiRoutes = settings.ui ? UI_ROUTES : [];
  // /hooks/{slug} is public: the slug is its credential (a webhook may add a signature check).
  installAuth(app, { authenticator: deps.authenticator, publicRoutes: [`${base}/health`, ...HOOK_ROUTES, ...uiRoutes] });
  countWebSockets(app, deps, base);

  await app.register(async (root) => metricsRoutes(root, deps));
  await app.register(
    async (api) => {
      await healthRoutes(api, deps);
      await eventsIngestRoutes(api, deps);
      await eventsInWsRoutes(api, deps, wsIn);
      await eventsQueryRoutes(api, deps);
      await eventsOutRoutes(api, deps);
      // A child plugin: its raw-text body parsers must stay in its own scope.
      await api.register(templatesRoutes, { limits: limitsFromSettings(settings) });
      await automationsRoutes(api, deps);
      await automationInsightRoutes(api, deps);
      await automationBacktestRoutes(api, deps);
      await destinationsRoutes(api, deps);
      await webhooksRoutes(api, deps);
    },
    { prefix: base },
  );
  // Inbound webhooks live outside the API prefix, like Prefect Cloud's; a child plugin, so that
  // its raw-body parsers and error handler stay in its own scope.
  await app.register(async (hooks) => hooksRoutes(hooks, deps));
  if (settings.ui)
    await app.register(async (root) => uiStaticRoutes(root, { dir: settings.uiDir, apiBase: base, authenticator: deps.authenticator }));
  await app.ready();
  return app;
}

/** The WS connections gauge, for every WebSocket endpoint: `/api/events/in` → `events_in`. */
function countWebSockets(app: FastifyInstance, deps: ServerDeps, base: string): void {
  const gauge = heraldMetrics(deps.metrics).wsConnections;
  app.websocketServer.on('connection', (socket: WebSocket, request: { url?: string }) => {
    const path = (request.url ?? '').split('?')[0];
    const endpoint = (path.startsWith(base) ? path.slice(base.length) : path).replace(/^\/+/, '').replace(/\//g, '_') || 'root';
    const labelled = gauge.labels({ endpoint });
    labelled.inc();
    socket.once('close', () => labelled.dec());
  });
}

/** `/api/` → `/api`, `` → `` (Fastify prefixes have no trailing slash). */
function normalisePrefix(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function baseUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server is not listening on TCP');
  let host = address.address;
  if (host === '0.0.0.0') host = '127.0.0.1';
  else if (host === '::') host = '[::1]';
  else if (address.family === 'IPv6') host = `[${host}]`;
  return `http://${host}:${address.port}`;
}

/**
 * `herald server`: creates the server, listens, and shuts down gracefully on SIGINT/SIGTERM (a
 * second signal exits at once). Resolves once listening.
 */
export async function startServer(settings: Settings, overrides: Partial<ServerDeps> = {}): Promise<HeraldServer & { url: string }> {
  const server = await createServer(settings, overrides);
  // A port in use: close what was opened (the database, its threads) so the process can exit.
  const url = await server.listen().catch(async (err: unknown) => {
    await server.close().catch(() => {});
    throw err;
  });
  const log = server.deps.logger;
  log.info({ url, storage: server.deps.storage.dialect, docs: `${url}/docs` }, 'Herald listening');
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without finishing shutdown');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, pending: server.deps.ingestor.depth }, 'shutting down: writing accepted events, closing connections');
    server.close().then(
      () => {
        log.info('shutdown complete');
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { ...server, url };
}
