// Template errors. Every failure of a template — at compile or render time — is a TemplateError that
// carries where it happened (line, column; 1-based) and what class of failure it is, so callers can
// tell a user's syntax mistake from a sandbox limit without parsing message text.
import { HeraldError } from '../errors.js';

/**
 * - `syntax`: the template cannot be parsed (Jinja's TemplateSyntaxError).
 * - `undefined`: an undefined value was used in a way that needs a value (Jinja's UndefinedError).
 * - `security`: the template reached for something the sandbox forbids (Jinja's SecurityError).
 * - `runtime`: a type or value error while rendering (Python's TypeError, ValueError, ZeroDivisionError…).
 * - `limit`: a sandbox limit was exceeded (loops, steps, time, output size, recursion, range size).
 * - `unsupported`: a Jinja2 feature this engine deliberately does not implement.
 */
export type TemplateErrorKind = 'syntax' | 'undefined' | 'security' | 'runtime' | 'limit' | 'unsupported';

export interface SourcePosition {
  line: number;
  column: number;
}

export class TemplateError extends HeraldError {
  readonly kind: TemplateErrorKind;
  readonly line: number;
  readonly column: number;
  /** The message without the position suffix, as shown to users (`validate`, the HTTP API). */
  readonly reason: string;

  constructor(kind: TemplateErrorKind, reason: string, position: SourcePosition = { line: 0, column: 0 }) {
    super(kind === 'limit' ? 'HERALD_ERR_TEMPLATE_LIMIT' : 'HERALD_ERR_TEMPLATE', {
      reason: position.line > 0 ? `${reason} (line ${position.line}, column ${position.column})` : reason,
    });
    this.name = 'TemplateError';
    this.kind = kind;
    this.reason = reason;
    this.line = position.line;
    this.column = position.column;
  }
}

/**
 * Thrown deep inside the interpreter where the position is not known; the interpreter catches it at
 * the nearest node and re-throws it as a TemplateError with that node's position.
 */
export class PositionlessError extends Error {
  constructor(
    readonly kind: TemplateErrorKind,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function fail(kind: TemplateErrorKind, reason: string): never {
  throw new PositionlessError(kind, reason);
}

export function typeError(reason: string): never {
  throw new PositionlessError('runtime', reason);
}

/** Gives a positionless error the position of the innermost node it passed through. */
export function locate(err: unknown, at: { line: number; column: number }): unknown {
  if (err instanceof PositionlessError) return new TemplateError(err.kind, err.reason, at);
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return new TemplateError('limit', 'template recursion is too deep', at);
  }
  return err;
}
