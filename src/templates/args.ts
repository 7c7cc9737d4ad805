// Binding call arguments to a parameter list the way Python does for keyword-capable functions, so
// filters and methods accept both `truncate(10, end='…')` and `truncate(length=10)`.
import { typeError } from './errors.js';
import type { Dict } from './values.js';

/**
 * Returns the values for `params` in order (JS `undefined` where not given). `required` is how many
 * leading params must be given. Unknown keywords and surplus positionals are errors, as in Python.
 */
export function bindArgs(fnName: string, params: readonly string[], required: number, args: unknown[], kwargs: Dict): unknown[] {
  if (args.length > params.length) {
    typeError(`${fnName}() takes at most ${params.length} argument${params.length === 1 ? '' : 's'} (${args.length} given)`);
  }
  const out: unknown[] = new Array(params.length);
  for (let i = 0; i < args.length; i++) out[i] = args[i];
  for (const key in kwargs) {
    const i = params.indexOf(key);
    if (i < 0) typeError(`${fnName}() got an unexpected keyword argument '${key}'`);
    if (i < args.length) typeError(`${fnName}() got multiple values for argument '${key}'`);
    out[i] = kwargs[key];
  }
  for (let i = 0; i < required; i++) {
    if (out[i] === undefined) typeError(`${fnName}() missing required argument '${params[i]}' (pos ${i + 1})`);
  }
  return out;
}

export const NO_KWARGS: Dict = Object.freeze(Object.create(null)) as Dict;

/** An argument Python needs as an integer (`truncate(length)`, `indent(width)`…); booleans count. */
export function intArg(fnName: string, value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  typeError(`${fnName}(): '${typeNameOf(value)}' object cannot be interpreted as an integer`);
}

function typeNameOf(v: unknown): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'number') return 'float';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'object' : typeof v;
}
