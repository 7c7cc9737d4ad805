// Parsing of the `signature` field of a webhook body. Issues are pydantic-style with a `loc` naming
// the field, like the other body parsers. Unknown keys are refused, and so are keys of another
// preset (a `header` on a github check): a setting silently ignored is a check that is not the one
// the user believes is running.

import {
  extraForbidden,
  isPlainObject,
  issue,
  missing,
  modelType,
  stringType,
  valueError,
  type Loc,
  type ValidationIssue,
} from '../../events/index.js';
import {
  ALGORITHMS,
  DEFAULT_TOLERANCE_SECONDS,
  ENCODINGS,
  MAX_TOLERANCE_SECONDS,
  PRESETS,
  TIMESTAMP_PRESETS,
  type SignatureConfig,
  type SignaturePreset,
} from './types.js';

const HMAC_KEYS = ['header', 'algorithm', 'encoding', 'prefix'] as const;
const ALL_KEYS: readonly string[] = ['preset', 'tolerance_seconds', ...HMAC_KEYS];
/** RFC 9110 token: what a header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MAX_HEADER_NAME = 128;
/** Printable ASCII: a header value is ASCII in practice, so anything else could never match. */
const PREFIX_CHARS = /^[\x20-\x7e]*$/;
const MAX_PREFIX = 64;

type Obj = Record<string, unknown>;

/** `'a', 'b' or 'c'`, pydantic's enumeration of the expected literals. */
function expectedText(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function literal<T extends string>(input: unknown, loc: Loc, values: readonly T[], issues: ValidationIssue[]): T | null {
  if (typeof input === 'string' && (values as readonly string[]).includes(input)) return input as T;
  const expected = expectedText(values);
  issues.push(issue(loc, 'literal_error', `Input should be ${expected}`, input, { expected }));
  return null;
}

/** Unknown keys, and keys that belong to another preset; `preset` null = unknown, only unknown keys are reported. */
function checkKeys(o: Obj, preset: SignaturePreset | null, loc: Loc, issues: ValidationIssue[]): void {
  for (const key of Object.keys(o)) {
    if (!ALL_KEYS.includes(key)) issues.push(extraForbidden([...loc, key], o[key]));
    else if (preset !== null && !applies(key, preset)) issues.push(valueError([...loc, key], o[key], notApplicable(key, preset)));
  }
}

function applies(key: string, preset: SignaturePreset): boolean {
  if (key === 'preset') return true;
  if (key === 'tolerance_seconds') return TIMESTAMP_PRESETS.includes(preset);
  return preset === 'hmac';
}

function notApplicable(key: string, preset: SignaturePreset): string {
  if (key === 'tolerance_seconds') return `'tolerance_seconds' does not apply to the '${preset}' preset, which signs no timestamp`;
  return `'${key}' only applies to the 'hmac' preset`;
}

function tolerance(input: unknown, loc: Loc, issues: ValidationIssue[]): number | null {
  if (input === undefined) return DEFAULT_TOLERANCE_SECONDS;
  if (typeof input !== 'number' || !Number.isFinite(input)) {
    issues.push(issue(loc, 'int_type', 'Input should be a valid integer', input));
    return null;
  }
  if (!Number.isInteger(input)) {
    issues.push(issue(loc, 'int_from_float', 'Input should be a valid integer, got a number with a fractional part', input));
    return null;
  }
  if (input < 0) {
    issues.push(issue(loc, 'greater_than_equal', 'Input should be greater than or equal to 0', input, { ge: 0 }));
    return null;
  }
  if (input > MAX_TOLERANCE_SECONDS) {
    const msg = `Input should be less than or equal to ${MAX_TOLERANCE_SECONDS}`;
    issues.push(issue(loc, 'less_than_equal', msg, input, { le: MAX_TOLERANCE_SECONDS }));
    return null;
  }
  return input;
}

function headerName(o: Obj, loc: Loc, issues: ValidationIssue[]): string | null {
  const at = [...loc, 'header'];
  const v = o.header;
  if (v === undefined || v === null) {
    issues.push(missing(at, o));
    return null;
  }
  if (typeof v !== 'string') {
    issues.push(stringType(at, v));
    return null;
  }
  if (v.length > MAX_HEADER_NAME || !HEADER_NAME.test(v)) {
    issues.push(valueError(at, v, `must be an HTTP header name of at most ${MAX_HEADER_NAME} characters`));
    return null;
  }
  return v;
}

function prefix(input: unknown, loc: Loc, issues: ValidationIssue[]): string | null {
  if (input === undefined) return '';
  if (typeof input !== 'string') {
    issues.push(stringType(loc, input));
    return null;
  }
  if (input.length > MAX_PREFIX || !PREFIX_CHARS.test(input)) {
    issues.push(valueError(loc, input, `must be at most ${MAX_PREFIX} printable ASCII characters`));
    return null;
  }
  return input;
}

/** The hmac settings with their defaults filled in, so the stored config says what is checked. */
function hmacFields(o: Obj, loc: Loc, issues: ValidationIssue[]): Partial<SignatureConfig> {
  return {
    header: headerName(o, loc, issues) ?? undefined,
    algorithm: o.algorithm === undefined ? 'sha256' : (literal(o.algorithm, [...loc, 'algorithm'], ALGORITHMS, issues) ?? undefined),
    encoding: o.encoding === undefined ? 'hex' : (literal(o.encoding, [...loc, 'encoding'], ENCODINGS, issues) ?? undefined),
    prefix: prefix(o.prefix, [...loc, 'prefix'], issues) ?? undefined,
  };
}

/** Parses the `signature` field of a webhook create/update body; pushes issues naming the field (loc = [...baseLoc, key]); null when invalid. */
export function parseSignatureConfig(value: unknown, baseLoc: (string | number)[], issues: ValidationIssue[]): SignatureConfig | null {
  if (!isPlainObject(value)) {
    issues.push(modelType(baseLoc, value, 'SignatureConfig'));
    return null;
  }
  const before = issues.length;
  let preset: SignaturePreset | null = null;
  if (value.preset === undefined) issues.push(missing([...baseLoc, 'preset'], value));
  else preset = literal(value.preset, [...baseLoc, 'preset'], PRESETS, issues);
  checkKeys(value, preset, baseLoc, issues);
  if (preset === null) return null;
  const out: SignatureConfig = { preset };
  if (preset === 'hmac') Object.assign(out, hmacFields(value, baseLoc, issues));
  if (TIMESTAMP_PRESETS.includes(preset))
    out.tolerance_seconds = tolerance(value.tolerance_seconds, [...baseLoc, 'tolerance_seconds'], issues) ?? undefined;
  return issues.length > before ? null : out;
}
