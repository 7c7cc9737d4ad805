// Global functions templates may call: Prefect's capped `range()`, and Jinja's `dict()`,
// `namespace()`, `joiner()` and `cycler()`. Nothing else is callable by name.
import { bindArgs } from './args.js';
import { fail, typeError } from './errors.js';
import { str } from './format.js';
import type { TemplateLimits } from './limits.js';
import { chargeWalk } from './limits.js';
import {
  Callable,
  dictKey,
  isDict,
  isNumeric,
  isFloat,
  iterate,
  makeRange,
  Namespace,
  newDict,
  ownValue,
  toNumber,
  typeName,
  Undefined,
  type Dict,
} from './values.js';

function intArg(v: unknown): number {
  if (!isNumeric(v) && typeof v !== 'boolean') typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
  if (isFloat(v)) typeError("'float' object cannot be interpreted as an integer");
  return toNumber(v);
}

/** Python's dict(mapping) / dict(iterable of pairs), into `out`. */
function fillDict(out: Dict, source: unknown): void {
  if (source instanceof Undefined) source.fail();
  if (isDict(source)) {
    for (const k of Object.keys(source)) out[k] = ownValue(source, k);
    return;
  }
  if (!Array.isArray(source) && typeof source !== 'string') typeError(`'${typeName(source)}' object is not iterable`);
  iterate(source).forEach((pair, i) => {
    chargeWalk();
    if (!Array.isArray(pair) && typeof pair !== 'string') {
      typeError(`cannot convert dictionary update sequence element #${i} to a sequence`);
    }
    const items = iterate(pair);
    if (items.length !== 2) fail('runtime', `dictionary update sequence element #${i} has length ${items.length}; 2 is required`);
    out[dictKey(items[0])] = items[1];
  });
}

export function makeGlobals(limits: TemplateLimits): Record<string, unknown> {
  const range = new Callable('range', (args, kwargs) => {
    if (Object.keys(kwargs).length) typeError('range() takes no keyword arguments');
    if (args.length < 1 || args.length > 3) typeError(`range expected at most 3 arguments, got ${args.length}`);
    const [start, stop, step] =
      args.length === 1 ? [0, intArg(args[0]), 1] : [intArg(args[0]), intArg(args[1]), args.length === 3 ? intArg(args[2]) : 1];
    if (step === 0) fail('runtime', 'range() arg 3 must not be zero');
    const count = Math.max(0, Math.ceil((stop - start) / step));
    if (count > limits.maxRange) {
      // Prefect's own message (user_templates.py), naming our setting as well.
      fail('limit', `Range too big. The sandbox blocks ranges larger than MAX_TEMPLATE_RANGE=${limits.maxRange}.`);
    }
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push(start + i * step);
    return makeRange(out, start, stop, step);
  });
  return {
    range,
    dict: new Callable('dict', (args, kwargs) => {
      if (args.length > 1) typeError(`dict expected at most 1 argument, got ${args.length}`);
      const out = newDict();
      if (args.length) fillDict(out, args[0]);
      return Object.assign(out, kwargs);
    }),
    namespace: new Callable('namespace', (args, kwargs) => {
      const ns = new Namespace();
      for (const a of args) {
        if (a === null || typeof a !== 'object' || Array.isArray(a)) typeError('namespace() takes a mapping');
        Object.assign(ns.attrs, a as Dict);
      }
      Object.assign(ns.attrs, kwargs);
      return ns;
    }),
    joiner: new Callable('joiner', (args, kwargs) => {
      const [sep = ', '] = bindArgs('joiner', ['sep'], 0, args, kwargs);
      let used = false;
      return new Callable('joiner', () => {
        if (!used) {
          used = true;
          return '';
        }
        return str(sep);
      });
    }),
    cycler: new Callable('cycler', (items) => {
      if (!items.length) fail('runtime', 'cycler needs at least one item');
      let pos = 0;
      const state = newDict();
      state.next = new Callable('next', () => items[pos++ % items.length]);
      state.reset = new Callable('reset', () => ((pos = 0), ''));
      return state;
    }),
  };
}
