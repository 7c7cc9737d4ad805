// Every setting in one place: name, environment variable, default and one line of doc.
// `herald server --help` and the README's settings table are generated from `settingDefinitions`
// (scripts/settings-table.ts prints the table; a test checks the README matches it).

import { HeraldError } from './errors.js';

type Kind = 'string' | 'int' | 'number' | 'boolean' | 'duration' | 'json';

interface SettingDefinition<K extends Kind = Kind> {
  /** Environment variable; the CLI flag is derived from the key (camelCase → --kebab-case). */
  env: string;
  kind: K;
  default: ValueOf<K>;
  doc: string;
  /** Optional extra check; return an error text to reject the value. */
  check?: (value: ValueOf<K>) => string | undefined;
}

type ValueOf<K extends Kind> = K extends 'string'
  ? string
  : K extends 'int' | 'number' | 'duration'
    ? number
    : K extends 'boolean'
      ? boolean
      : unknown;

const positive = (v: number) => (v > 0 ? undefined : 'must be greater than 0');
const nonNegative = (v: number) => (v >= 0 ? undefined : 'must be 0 or more');

function def<K extends Kind>(d: SettingDefinition<K>): SettingDefinition<K> {
  return d;
}

/** Durations are written as seconds (`30`, `0.5`) or with a unit (`500ms`, `15m`, `7d`); stored as milliseconds. */
export const settingDefinitions = {
  // Server
  host: def({ env: 'HERALD_HOST', kind: 'string', default: '127.0.0.1', doc: 'Interface the HTTP server listens on (0.0.0.0 for all).' }),
  port: def({ env: 'HERALD_PORT', kind: 'int', default: 4200, doc: 'TCP port of the HTTP/WebSocket server.', check: nonNegative }),
  apiBasePath: def({
    env: 'HERALD_API_BASE_PATH',
    kind: 'string',
    default: '/api',
    doc: 'Path prefix of the API (Prefect clients expect /api).',
  }),
  logLevel: def({
    env: 'HERALD_LOG_LEVEL',
    kind: 'string',
    default: 'info',
    doc: 'pino log level: fatal, error, warn, info, debug, trace or silent.',
  }),
  apiKey: def({
    env: 'HERALD_API_KEY',
    kind: 'string',
    default: '',
    doc: 'When set, every request needs `Authorization: Bearer <key>` (or basic auth) and every WebSocket the auth message; empty = no auth.',
  }),
  pageTokenSecret: def({
    env: 'HERALD_PAGE_TOKEN_SECRET',
    kind: 'string',
    default: '',
    doc: 'HMAC key that signs query page tokens; empty = a random key per process (tokens then expire on restart).',
  }),
  ui: def({
    env: 'HERALD_UI',
    kind: 'boolean',
    default: true,
    doc: 'Serve the web UI (ui/dist) at `/`, with history-API fallback; false = API only (docs/ui.md).',
  }),
  uiDir: def({
    env: 'HERALD_UI_DIR',
    kind: 'string',
    default: '',
    doc: 'Directory of the built web UI; empty = `ui/dist` of this installation (`npm run build -w ui`).',
  }),
  uiUrl: def({
    env: 'HERALD_UI_URL',
    kind: 'string',
    default: '',
    doc: 'Public base URL of the UI, used in links (templates ui_url); empty = derived from host and port.',
  }),

  // WebSockets before authentication (docs/server.md "Before authentication")
  wsPreAuthMaxBytes: def({
    env: 'HERALD_WS_PREAUTH_MAX_BYTES',
    kind: 'int',
    default: 64 * 1024,
    doc: 'Largest WebSocket message accepted before the socket has authenticated (the auth message is tiny); a larger one closes the socket with 1009 as soon as its frame header arrives.',
    check: positive,
  }),
  wsAuthTimeout: def({
    env: 'HERALD_WS_AUTH_TIMEOUT',
    kind: 'duration',
    default: 10_000,
    doc: 'How long a WebSocket using the `prefect` handshake may take to authenticate before it is closed with 1008 "Authentication timed out".',
    check: positive,
  }),
  wsMaxUnauthenticated: def({
    env: 'HERALD_WS_MAX_UNAUTHENTICATED',
    kind: 'int',
    default: 256,
    doc: 'Most WebSockets open at once that have not authenticated yet; further `prefect` upgrades are refused with 503 HERALD_ERR_WS_TOO_MANY_UNAUTHENTICATED.',
    check: positive,
  }),
  httpRequestTimeout: def({
    env: 'HERALD_HTTP_REQUEST_TIMEOUT',
    kind: 'duration',
    default: 60_000,
    doc: 'Longest a client may take to send one whole HTTP request (headers and body); slower ones get 408 and are closed (0 = no limit). WebSockets are not affected once open.',
    check: nonNegative,
  }),
  httpHeadersTimeout: def({
    env: 'HERALD_HTTP_HEADERS_TIMEOUT',
    kind: 'duration',
    default: 10_000,
    doc: "Longest a connection may take to send a request's headers (also closes connections that never send anything); capped by the request timeout.",
    check: positive,
  }),
  httpKeepAliveTimeout: def({
    env: 'HERALD_HTTP_KEEP_ALIVE_TIMEOUT',
    kind: 'duration',
    default: 72_000,
    doc: 'How long an idle keep-alive connection is kept open between requests (longer than the usual 60 s of load balancers).',
    check: positive,
  }),
  httpConnectionTimeout: def({
    env: 'HERALD_HTTP_CONNECTION_TIMEOUT',
    kind: 'duration',
    default: 120_000,
    doc: 'A connection on which nothing is sent or received for this long is closed (0 = never); WebSockets are not affected.',
    check: nonNegative,
  }),

  // Storage
  dataDir: def({
    env: 'HERALD_DATA_DIR',
    kind: 'string',
    default: './data',
    doc: 'Directory of the embedded SQLite database (created if missing).',
  }),
  databaseUrl: def({
    env: 'HERALD_DATABASE_URL',
    kind: 'string',
    default: '',
    doc: 'postgres://… to use PostgreSQL; empty = SQLite in the data directory.',
  }),
  databasePoolSize: def({
    env: 'HERALD_DATABASE_POOL_SIZE',
    kind: 'int',
    default: 8,
    doc: 'Maximum PostgreSQL connections.',
    check: positive,
  }),
  queryTimeout: def({
    env: 'HERALD_QUERY_TIMEOUT',
    kind: 'duration',
    default: 30_000,
    doc: 'Time budget of one read query (filter page, total, count-by); beyond it the query is cancelled and answered 503 HERALD_ERR_QUERY_TIMEOUT, so no request can hold the database for long.',
    check: positive,
  }),
  queryExactTotalLimit: def({
    env: 'HERALD_QUERY_EXACT_TOTAL_LIMIT',
    kind: 'int',
    default: 10_000,
    doc: 'POST /events/filter counts matches exactly up to this many (at least the page size); beyond it `total` is this number and `total_relation` is `gte` (a lower bound), so a first page costs the same however many events match.',
    check: positive,
  }),
  sqliteReadWorkers: def({
    env: 'HERALD_SQLITE_READ_WORKERS',
    kind: 'int',
    default: 2,
    doc: 'SQLite: reader threads that run queries off the event loop (a slow query then never delays ingest or /health); at most this many queries run at once, the rest wait in line within their time budget.',
    check: positive,
  }),
  sqliteReaderMmapMb: def({
    env: 'HERALD_SQLITE_MMAP_MB',
    kind: 'int',
    default: 2048,
    doc: 'SQLite: MiB of the database file, and as many of the index file, each reader thread maps into memory (SQLite caps each near 2 GiB; 0 = read with system calls). Mapped pages are the OS page cache, shared and reclaimable; queries over large windows run ~1.5× faster (docs/storage.md "Readers map the file").',
    check: nonNegative,
  }),
  sqliteWriterThread: def({
    env: 'HERALD_SQLITE_WRITER_THREAD',
    kind: 'boolean',
    default: false,
    doc: 'SQLite: commit ingested events on a writer thread of their own, so the commit and its fsync run on another core while the event loop parses requests; a 2xx still means durable. Off until ingest admission is tuned for it (docs/storage.md "Writer thread").',
  }),
  sqliteSynchronous: def({
    env: 'HERALD_SQLITE_SYNCHRONOUS',
    kind: 'string',
    default: 'FULL',
    doc: 'SQLite durability: FULL (an acknowledged event survives power loss) or NORMAL (faster; an OS crash may lose the last commits).',
    check: (v) => (v === 'FULL' || v === 'NORMAL' ? undefined : 'must be FULL or NORMAL'),
  }),

  // Event limits ([compat S0])
  maxLabelsPerResource: def({
    env: 'HERALD_MAX_LABELS_PER_RESOURCE',
    kind: 'int',
    default: 500,
    doc: 'Maximum labels in one resource, counting id and role.',
    check: positive,
  }),
  maxRelatedResources: def({
    env: 'HERALD_MAX_RELATED_RESOURCES',
    kind: 'int',
    default: 100,
    doc: "Maximum entries in an event's `related`.",
    check: nonNegative,
  }),
  maxEventNameLength: def({
    env: 'HERALD_MAX_EVENT_NAME_LENGTH',
    kind: 'int',
    default: 1024,
    doc: 'Maximum characters in an event name.',
    check: positive,
  }),
  maxEventBytes: def({
    env: 'HERALD_MAX_EVENT_BYTES',
    kind: 'int',
    default: 1_500_000,
    doc: 'Maximum size of one event serialized as JSON (UTF-8 bytes); larger events are rejected, never dropped silently.',
    check: positive,
  }),
  maxEventsPerRequest: def({
    env: 'HERALD_MAX_EVENTS_PER_REQUEST',
    kind: 'int',
    default: 10_000,
    doc: 'Maximum events in one POST /events body (413 beyond).',
    check: positive,
  }),
  maxRequestBytes: def({
    env: 'HERALD_MAX_REQUEST_BYTES',
    kind: 'int',
    default: 64 * 1024 * 1024,
    doc: 'Maximum HTTP request body size in bytes.',
    check: positive,
  }),
  maxJsonDepth: def({
    env: 'HERALD_MAX_JSON_DEPTH',
    kind: 'int',
    default: 64,
    doc: 'Deepest nesting of objects and arrays accepted in a JSON request body or WebSocket message (422 naming where beyond); at most 1000, so that nothing recursive downstream can overflow.',
    check: (v) => (v >= 1 && v <= 1000 ? undefined : 'must be from 1 to 1000'),
  }),
  maxErrorEchoBytes: def({
    env: 'HERALD_MAX_ERROR_ECHO_BYTES',
    kind: 'int',
    default: 65_536,
    doc: 'Most bytes of the request a 422 echoes back (`request_body` and issue inputs); larger parts are replaced by a marked summary.',
    check: positive,
  }),
  maxFilterListItems: def({
    env: 'HERALD_MAX_FILTER_LIST_ITEMS',
    kind: 'int',
    default: 200,
    doc: 'Most entries in one list of an event filter (event names/prefixes, resource ids/prefixes, roles, event ids) and most patterns for one label.',
    check: positive,
  }),
  maxFilterLabels: def({
    env: 'HERALD_MAX_FILTER_LABELS',
    kind: 'int',
    default: 50,
    doc: 'Most labels in one label specification of an event filter or trigger.',
    check: positive,
  }),
  maxFilterTerms: def({
    env: 'HERALD_MAX_FILTER_TERMS',
    kind: 'int',
    default: 2000,
    doc: 'Most values in one event filter altogether (every name, prefix, id, role, event id, label and label pattern).',
    check: positive,
  }),
  maxFilterResourceFilters: def({
    env: 'HERALD_MAX_FILTER_RESOURCE_FILTERS',
    kind: 'int',
    default: 20,
    doc: "Most entries in an event filter's `related` and in its `any_resource`.",
    check: positive,
  }),

  // Ingest
  writerMaxBatch: def({
    env: 'HERALD_WRITER_MAX_BATCH',
    kind: 'int',
    default: 2000,
    doc: 'Group-commit writer: most events written in one transaction.',
    check: positive,
  }),
  writerMaxDelay: def({
    env: 'HERALD_WRITER_MAX_DELAY',
    kind: 'duration',
    default: 5,
    doc: 'Group-commit writer: longest an accepted event waits for its batch to fill before it is written.',
    check: nonNegative,
  }),
  writerQueueMax: def({
    env: 'HERALD_WRITER_QUEUE_MAX',
    kind: 'int',
    default: 100_000,
    doc: 'Events waiting to be written before ingest answers 429 with Retry-After.',
    check: positive,
  }),
  ingestMaxInflightBytes: def({
    env: 'HERALD_INGEST_MAX_INFLIGHT_BYTES',
    kind: 'int',
    default: 16 * 1024 * 1024,
    doc: 'Ingest admission: bytes of request bodies and WebSocket frames being read, parsed, validated or written at once; beyond it ingest answers 429 with Retry-After before reading the body (a larger request is taken when nothing else is in flight).',
    check: positive,
  }),
  ingestTargetLatency: def({
    env: 'HERALD_INGEST_TARGET_LATENCY',
    kind: 'duration',
    default: 2000,
    doc: 'Ingest admission: the in-flight budget is also capped at this many seconds of the measured ingest throughput, so an accepted request is answered in about this time (0 = byte budget only).',
    check: nonNegative,
  }),
  dedupeCacheSize: def({
    env: 'HERALD_DEDUPE_CACHE_SIZE',
    kind: 'int',
    default: 100_000,
    doc: 'Recently stored event ids kept in memory in front of the unique key.',
    check: nonNegative,
  }),

  // Retention
  retentionEnabled: def({
    env: 'HERALD_RETENTION_ENABLED',
    kind: 'boolean',
    default: true,
    doc: 'Run retention (a pass at start-up, then every retention interval).',
  }),
  retentionPeriod: def({
    env: 'HERALD_RETENTION_PERIOD',
    kind: 'duration',
    default: 7 * 86_400_000,
    doc: 'Events whose `occurred` is older than this are deleted.',
    check: positive,
  }),
  retentionOverrides: def({
    env: 'HERALD_RETENTION_OVERRIDES',
    kind: 'json',
    default: { 'prefect.flow-run.heartbeat': 7 * 86_400 } as unknown,
    doc: 'JSON object: event name → retention in seconds (capped by the retention period).',
  }),
  retentionInterval: def({
    env: 'HERALD_RETENTION_INTERVAL',
    kind: 'duration',
    default: 3_600_000,
    doc: 'How often retention runs.',
    check: positive,
  }),
  retentionBatchSize: def({
    env: 'HERALD_RETENTION_BATCH_SIZE',
    kind: 'int',
    default: 5000,
    doc: 'Events deleted per retention transaction (keeps each short so ingest is not blocked).',
    check: positive,
  }),

  // Live stream ([compat S2.7])
  streamMaxBackfill: def({
    env: 'HERALD_STREAM_MAX_BACKFILL',
    kind: 'duration',
    default: 15 * 60_000,
    doc: 'How far back /events/out backfill may reach.',
    check: nonNegative,
  }),
  streamBackfillPageSize: def({
    env: 'HERALD_STREAM_BACKFILL_PAGE_SIZE',
    kind: 'int',
    default: 250,
    doc: 'Page size of backfill queries.',
    check: positive,
  }),
  streamSubscriberBuffer: def({
    env: 'HERALD_STREAM_SUBSCRIBER_BUFFER',
    kind: 'int',
    default: 10_000,
    doc: 'Events buffered per slow subscriber before it is told it fell behind.',
    check: positive,
  }),

  // Automations ([compat S3]–[compat S5]; docs/automations.md)
  automationsEnabled: def({
    env: 'HERALD_AUTOMATIONS_ENABLED',
    kind: 'boolean',
    default: true,
    doc: 'Run the trigger engine and the action workers in this process.',
  }),
  triggerLookback: def({
    env: 'HERALD_TRIGGER_LOOKBACK',
    kind: 'duration',
    default: 15 * 60_000,
    doc: 'How late (in event time) an event may arrive and still count in the window it belongs to; also how long a `follows` follower waits for its leader (Prefect: 15 min).',
    check: nonNegative,
  }),
  triggerMaxCausationDepth: def({
    env: 'HERALD_TRIGGER_MAX_CAUSATION_DEPTH',
    kind: 'int',
    default: 5,
    doc: 'Longest chain of automations triggering automations (through their own events); deeper firings are stopped and reported.',
    check: positive,
  }),
  triggerBatchSize: def({
    env: 'HERALD_TRIGGER_BATCH_SIZE',
    kind: 'int',
    default: 5000,
    doc: 'Most events the trigger engine evaluates per state transaction when it has a backlog (larger = fewer state writes per event but longer transactions; 20000 suits PostgreSQL).',
    check: positive,
  }),
  backtestMaxEvents: def({
    env: 'HERALD_BACKTEST_MAX_EVENTS',
    kind: 'int',
    default: 100_000,
    doc: 'Most stored events one POST /automations/backtest replays; a range holding more is refused with 422 (narrow since/until).',
    check: positive,
  }),
  hookMaxBodyBytes: def({
    env: 'HERALD_HOOK_MAX_BODY_BYTES',
    kind: 'int',
    default: 5 * 1024 * 1024,
    doc: 'Largest body an inbound webhook (/hooks/{slug}) accepts, in bytes (Prefect Cloud: 5 MiB); larger → 413 and a prefect-cloud.webhook.failed event.',
    check: positive,
  }),
  hookCacheSeconds: def({
    env: 'HERALD_HOOK_CACHE_SECONDS',
    kind: 'int',
    default: 5,
    doc: 'How long a process keeps a webhook looked up by slug before reading it again: how soon a change made by another process sharing the database takes effect (changes made through this process apply at once).',
    check: (v) => (v >= 0 && v <= 3600 ? undefined : 'must be from 0 to 3600'),
  }),
  actionConcurrency: def({
    env: 'HERALD_ACTION_CONCURRENCY',
    kind: 'int',
    default: 16,
    doc: 'Actions delivered at the same time by the outbox worker.',
    check: positive,
  }),
  actionRetrySchedule: def({
    env: 'HERALD_ACTION_RETRY_SCHEDULE',
    kind: 'json',
    default: [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400] as unknown,
    doc: 'JSON array of seconds between attempts of an action (webhook, notification, orchestration call) or outbox event that failed transiently (jittered ±20%; Retry-After is honoured); its length is the number of retries.',
  }),
  webhookTimeout: def({
    env: 'HERALD_WEBHOOK_TIMEOUT',
    kind: 'duration',
    default: 15_000,
    doc: 'Longest wait for a webhook or notification receiver to answer.',
    check: positive,
  }),
  maxDestinationUrlLength: def({
    env: 'HERALD_MAX_DESTINATION_URL_LENGTH',
    kind: 'int',
    default: 8192,
    doc: 'Longest URL of a destination (webhook, Slack, Teams).',
    check: positive,
  }),
  maxDestinationBytes: def({
    env: 'HERALD_MAX_DESTINATION_BYTES',
    kind: 'int',
    default: 65_536,
    doc: 'Largest `config` and largest `secrets` of a destination, each as JSON (UTF-8 bytes).',
    check: positive,
  }),
  webhookAllowPrivateNetworks: def({
    env: 'HERALD_WEBHOOK_ALLOW_PRIVATE_NETWORKS',
    kind: 'boolean',
    default: false,
    doc: 'Allow webhooks and notifications to loopback, private, link-local and other internal addresses (off: blocked, the SSRF guard).',
  }),
  orchestrationApiUrl: def({
    env: 'HERALD_ORCHESTRATION_API_URL',
    kind: 'string',
    default: '',
    doc: 'Base URL of a Prefect-compatible orchestration API (e.g. http://prefect:4200/api) for run-deployment, flow-run, work-queue and work-pool actions; empty = those actions fail with a clear reason.',
  }),
  orchestrationApiKey: def({
    env: 'HERALD_ORCHESTRATION_API_KEY',
    kind: 'string',
    default: '',
    doc: 'Bearer token sent to the orchestration API (empty = none).',
  }),
  automationMaxNameLength: def({
    env: 'HERALD_AUTOMATION_MAX_NAME_LENGTH',
    kind: 'int',
    default: 1024,
    doc: 'Most characters in an automation `name` (it is a label of every event the automation emits).',
    check: positive,
  }),
  automationMaxDescriptionLength: def({
    env: 'HERALD_AUTOMATION_MAX_DESCRIPTION_LENGTH',
    kind: 'int',
    default: 10_000,
    doc: 'Most characters in an automation `description`.',
    check: positive,
  }),
  automationMaxActions: def({
    env: 'HERALD_AUTOMATION_MAX_ACTIONS',
    kind: 'int',
    default: 100,
    doc: 'Most actions in each of `actions`, `actions_on_trigger` and `actions_on_resolve` of one automation.',
    check: positive,
  }),
  automationMaxTriggers: def({
    env: 'HERALD_AUTOMATION_MAX_TRIGGERS',
    kind: 'int',
    default: 100,
    doc: 'Most triggers in one automation, counting composites and their children at every level.',
    check: positive,
  }),
  automationMaxTriggerDepth: def({
    env: 'HERALD_AUTOMATION_MAX_TRIGGER_DEPTH',
    kind: 'int',
    default: 10,
    doc: 'Deepest nesting of composite triggers (a lone event trigger is depth 1).',
    check: positive,
  }),
  automationMaxDuration: def({
    env: 'HERALD_AUTOMATION_MAX_DURATION',
    kind: 'duration',
    default: 366 * 86_400_000,
    doc: 'Longest duration an automation may hold: trigger `within` (event, compound, sequence) and `schedule_after`.',
    check: positive,
  }),
  automationMaxThreshold: def({
    env: 'HERALD_AUTOMATION_MAX_THRESHOLD',
    kind: 'int',
    default: 1_000_000,
    doc: 'Largest event trigger `threshold` (negative thresholds are always refused).',
    check: nonNegative,
  }),

  // Templates ([compat S5.3]; docs/templates.md)
  templateMaxSourceChars: def({
    env: 'HERALD_TEMPLATE_MAX_SOURCE_CHARS',
    kind: 'int',
    default: 100_000,
    doc: 'Longest template source accepted at compile/validate time.',
    check: positive,
  }),
  templateMaxForLoops: def({
    env: 'HERALD_TEMPLATE_MAX_FOR_LOOPS',
    kind: 'int',
    default: 10,
    doc: 'Most `for` loops in one template, checked when it is saved (Prefect: 10).',
    check: positive,
  }),
  templateMaxLoopNesting: def({
    env: 'HERALD_TEMPLATE_MAX_LOOP_NESTING',
    kind: 'int',
    default: 2,
    doc: 'Deepest nesting of `for` loops, checked when a template is saved (Prefect: 2).',
    check: positive,
  }),
  templateMaxRange: def({
    env: 'HERALD_TEMPLATE_MAX_RANGE',
    kind: 'int',
    default: 100,
    doc: 'Most items `range()` may produce in a template (Prefect: 100).',
    check: positive,
  }),
  templateMaxOutputChars: def({
    env: 'HERALD_TEMPLATE_MAX_OUTPUT_CHARS',
    kind: 'int',
    default: 1_000_000,
    doc: 'Longest output (and longest string built while rendering) of one template render.',
    check: positive,
  }),
  templateMaxSteps: def({
    env: 'HERALD_TEMPLATE_MAX_STEPS',
    kind: 'int',
    default: 1_000_000,
    doc: 'Most interpreter steps (expressions, loop iterations, items built) of one template render.',
    check: positive,
  }),
  templateMaxRenderTime: def({
    env: 'HERALD_TEMPLATE_MAX_RENDER_TIME',
    kind: 'duration',
    default: 1000,
    doc: 'Longest one template render may take (checked every few thousand steps, never with timers).',
    check: positive,
  }),
  templateMaxCallDepth: def({
    env: 'HERALD_TEMPLATE_MAX_CALL_DEPTH',
    kind: 'int',
    default: 50,
    doc: 'Deepest nesting of macro calls while rendering a template.',
    check: positive,
  }),
} satisfies Record<string, SettingDefinition>;

export type SettingName = keyof typeof settingDefinitions;
export type Settings = { [K in SettingName]: ValueOf<(typeof settingDefinitions)[K]['kind']> };

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses one raw (string) value of a setting; throws HERALD_ERR_CONFIG naming the setting. */
export function parseSetting(name: SettingName, raw: string): unknown {
  const d = settingDefinitions[name] as SettingDefinition;
  const fail = (reason: string): never => {
    throw new HeraldError('HERALD_ERR_CONFIG', { name: `${name} (${d.env})`, reason });
  };
  let value: unknown;
  switch (d.kind) {
    case 'string':
      value = raw;
      break;
    case 'int':
      if (!/^-?\d+$/.test(raw.trim())) fail(`expected a whole number, got "${raw}"`);
      value = Number.parseInt(raw, 10);
      break;
    case 'number':
      value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) fail(`expected a number, got "${raw}"`);
      break;
    case 'boolean':
      if (!/^(true|false|1|0|yes|no)$/i.test(raw.trim())) fail(`expected true or false, got "${raw}"`);
      value = /^(true|1|yes)$/i.test(raw.trim());
      break;
    case 'duration': {
      const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(raw);
      if (!m) fail(`expected a duration such as 30, 500ms, 15m or 7d, got "${raw}"`);
      value = Number(m![1]) * durationUnits[m![2] ?? 's'];
      break;
    }
    case 'json':
      try {
        value = JSON.parse(raw);
      } catch (err) {
        fail(`expected JSON: ${(err as Error).message}`);
      }
      break;
  }
  const problem = d.check?.(value as never);
  if (problem) fail(problem);
  return value;
}

/**
 * Resolves settings: defaults, then environment variables, then explicit overrides
 * (CLI flags or test code), each validated.
 */
export function loadSettings(overrides: Partial<Record<SettingName, unknown>> = {}, env: NodeJS.ProcessEnv = process.env): Settings {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(settingDefinitions) as SettingName[]) {
    const d = settingDefinitions[name] as SettingDefinition;
    let value: unknown = d.default;
    const fromEnv = env[d.env];
    if (fromEnv !== undefined && fromEnv !== '') value = parseSetting(name, fromEnv);
    const override = overrides[name];
    if (override !== undefined) value = typeof override === 'string' && d.kind !== 'string' ? parseSetting(name, override) : override;
    out[name] = value;
  }
  return out as Settings;
}

/** `apiBasePath` → `--api-base-path`. */
export function flagName(name: SettingName): string {
  return '--' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** Human form of a default for docs and --help. */
export function describeDefault(name: SettingName): string {
  const d = settingDefinitions[name] as SettingDefinition;
  if (d.kind === 'duration') return formatDuration(d.default as number);
  if (d.kind === 'json') return JSON.stringify(d.default);
  if (d.default === '') return '(empty)';
  return String(d.default);
}

function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
