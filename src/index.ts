// Herald's public surface (`import … from 'herald'`). The SDK is its own package,
// `@herald/sdk` (sdk/).

export { createServer, startServer, type HeraldServer } from './server.js';
export type { ServerDeps } from './api/deps.js';
export { apiKeyAuthenticator, keyAuthenticator, type Authenticator, type KeyGrant } from './api/auth.js';
export type { Principal, RequestContext } from './request-context.js';
export type { Services } from './services/index.js';
export type { Ingestor } from './ingest/ingestor.js';
export { loadSettings, settingDefinitions, type SettingName, type Settings } from './config.js';
export { errorCatalogue, HeraldError, isHeraldError, type ErrorCode } from './errors.js';
export { FakeClock, systemClock, type Clock, type TimerHandle } from './clock.js';
export { createLogger } from './logger.js';
export { createRegistry, heraldMetrics, type HeraldMetrics } from './metrics.js';
export { MemoryBus, type BatchHandler, type Bus, type CommittedBatch } from './bus/index.js';
export { DedupeCache, GroupCommitWriter, type GroupCommitWriterOptions } from './ingest/index.js';
export { DEFAULT_WORKSPACE_ID } from './request-context.js';
export type { InsertResult, Storage } from './storage/storage.js';
export type { Event, ReceivedEvent, EventFilter, EventFilterInput, EventPage, Timestamp } from './events/types.js';
