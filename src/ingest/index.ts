// Ingest: de-duplication and the group-commit writer (validation lives in src/events/).
export { DedupeCache } from './dedupe-cache.js';
export { GroupCommitWriter, type GroupCommitWriterOptions } from './group-commit-writer.js';
