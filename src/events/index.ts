// Public surface of the event model: wire types, datetimes, validation, label matching, the filter
// language (parse + in-memory predicate) and text search. See docs/events.md.

export type * from './types.js';

export {
  canonicalTimestamp,
  parseTimestamp,
  timestampFromMillis,
  timestampToMicros,
  microsToTimestamp,
  nowTimestamp,
  startOfUtcDay,
  addMicros,
  MAX_TIMESTAMP,
  MIN_TIMESTAMP,
  type TimestampParse,
} from './time.js';

export {
  issue,
  missing,
  stringType,
  listType,
  dictType,
  boolType,
  modelType,
  extraForbidden,
  valueError,
  validationError,
  validationErrorBody,
  isPlainObject,
  EVENT_TOO_LARGE,
  type Loc,
  type ValidationIssue,
  type ValidationErrorBody,
} from './issues.js';

export { parseUuid, canonicalUuid, validateUuidField, type UuidParse } from './uuid.js';
export { validateTimestampField, validateStringList } from './fields.js';

export {
  validateEvent,
  validateEventBatch,
  eventJsonSize,
  eventLimitsFrom,
  receive,
  DEFAULT_EVENT_LIMITS,
  RECEIVED_JSON_BYTES,
  type EventLimits,
  type EventValidation,
  type EventBatchValidation,
} from './validate.js';

export {
  globMatch,
  parseGlob,
  compileGlob,
  globToLike,
  globToRegExpSource,
  escapeLike,
  isLiteralGlob,
  type GlobToken,
  type GlobMatcher,
  type LikePattern,
} from './glob.js';

export {
  labelValue,
  labelValueMatches,
  resourceSpecMatches,
  resourceSpecIncludes,
  compileResourceSpec,
  isEmptySpec,
  findResourceLabel,
  involvedResources,
  resourceInRole,
  resourcesInRole,
  parseResourceSpec,
  setOwn,
  type ResourcePredicate,
} from './labels.js';

export { parseEventFilter, DEFAULT_FILTER_LOOKBACK_DAYS, type EventFilterParse } from './filter-parse.js';
export { DEFAULT_FILTER_LIMITS, filterLimitsFrom, type FilterLimits } from './filter-limits.js';
export { findTooDeep, jsonDepthIssue, jsonTooDeep, JSON_TOO_DEEP } from './json-depth.js';
export {
  compileEventFilter,
  eventMatchesFilter,
  explainFilter,
  liveFilter,
  type CompiledEventFilter,
  type FilterExplanation,
} from './filter.js';

export { parseTextQuery, searchableText, searchableTextWith, textMatches, MAX_TEXT_QUERY_LENGTH, type TextQuery } from './text-search.js';

export { schemas, DateTimeInput, UuidInput } from './schemas.js';
