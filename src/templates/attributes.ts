// Attribute and item access — the sandbox boundary. Templates only ever see: own properties of plain
// objects (dicts), list/tuple/string items, the allow-listed methods of methods.ts, and the fields of
// the engine's own value classes. JS prototypes, getters and functions are never reached: no lookup
// goes through the prototype chain, and names starting with `_` are withheld as in Jinja's sandbox.
import { DateTime, TimeDelta } from './datetime.js';
import { TzInfo } from './datetime-parts.js';
import { fail } from './errors.js';
import { dictMethods, hasOwnMethod, installStringFormatter, methodsOf, MUTATING_METHODS, type Method } from './methods.js';
import { formatString } from './str-format.js';
import { equals } from './operators.js';
import type { RenderBudget } from './limits.js';
import {
  accessorUndefined,
  arrayKind,
  makeTuple,
  Callable,
  dictKey,
  hasKey,
  hasSurrogates,
  isDict,
  isFloat,
  isNumber,
  LoopInfo,
  Namespace,
  ownValue,
  PyObject,
  makeRange,
  rangeArgs,
  resourceAttribute,
  RESOURCE_PROTO,
  toNumber,
  tupleField,
  typeName,
  undefinedAttribute,
  Undefined,
  type Dict,
} from './values.js';

/** Python's own dict attributes: Jinja's sandbox finds (and withholds) these before looking at keys. */
const PYTHON_DICT_DUNDERS = new Set([
  '__class__',
  '__class_getitem__',
  '__contains__',
  '__delattr__',
  '__delitem__',
  '__dir__',
  '__doc__',
  '__eq__',
  '__format__',
  '__ge__',
  '__getattribute__',
  '__getitem__',
  '__getstate__',
  '__gt__',
  '__hash__',
  '__init__',
  '__init_subclass__',
  '__ior__',
  '__iter__',
  '__le__',
  '__len__',
  '__lt__',
  '__ne__',
  '__new__',
  '__or__',
  '__reduce__',
  '__reduce_ex__',
  '__repr__',
  '__reversed__',
  '__ror__',
  '__setattr__',
  '__setitem__',
  '__sizeof__',
  '__str__',
  '__subclasshook__',
]);

function unsafe(owner: unknown, name: string): Undefined {
  return new Undefined(`access to attribute '${name}' of '${typeName(owner)}' object is unsafe.`, true);
}

function bind(owner: unknown, name: string, method: Method, budget: RenderBudget): Callable {
  return new Callable(name, (args, kwargs) => method(owner, args, kwargs, budget));
}

/** `obj.name` (Jinja: attribute first, then item). */
export function getAttr(obj: unknown, name: string, budget: RenderBudget): unknown {
  if (typeof obj === 'object' && obj !== null && !Array.isArray(obj)) {
    const proto = Object.getPrototypeOf(obj);
    if (proto === Object.prototype || proto === null || proto === RESOURCE_PROTO) return dictAttribute(obj as Dict, name, proto, budget);
  }
  if (obj instanceof Undefined) return obj;
  if (name.startsWith('_')) {
    // Jinja's sandbox withholds underscore attributes that exist; a dict key such as `_id` is still data.
    if (isDict(obj) && hasKey(obj, name) && !PYTHON_DICT_DUNDERS.has(name)) return ownValue(obj, name);
    return unsafe(obj, name);
  }
  if (obj instanceof PyObject) {
    const method = obj.pyMethod(name);
    if (method) return new Callable(name, method);
    const field = obj.pyAttr(name);
    return field !== undefined ? field : undefinedAttribute(obj, name);
  }
  const methods = methodsOf(obj);
  if (methods && hasOwnMethod(methods, name)) return bind(obj, name, methods[name], budget);
  if (methods && MUTATING_METHODS.has(name) && (Array.isArray(obj) || isDict(obj))) return unsafe(obj, name);
  if (isDict(obj)) {
    const desc = Object.getOwnPropertyDescriptor(obj, name);
    if (desc) return 'value' in desc ? desc.value : accessorUndefined(name);
    const label = resourceAttribute(obj, name);
    return label !== undefined ? label : undefinedAttribute(obj, name);
  }
  if (Array.isArray(obj)) {
    const field = tupleField(obj, name);
    return field.found ? field.value : undefinedAttribute(obj, name);
  }
  if (obj instanceof LoopInfo) return loopAttribute(obj, name);
  if (obj instanceof Namespace) return hasKey(obj.attrs, name) ? obj.attrs[name] : undefinedAttribute(obj, name);
  if (obj instanceof DateTime) return dateTimeField(obj, name);
  if (obj instanceof TimeDelta) return timeDeltaField(obj, name);
  return undefinedAttribute(obj, name);
}

/** The hot path: `event.payload.x` on JSON objects. Python finds dict methods before keys. */
function dictAttribute(obj: Dict, name: string, proto: object | null, budget: RenderBudget): unknown {
  if (name.charCodeAt(0) === 95 /* _ */) {
    // Jinja's sandbox withholds underscore attributes that exist; a dict key such as `_id` is still data.
    if (hasKey(obj, name) && !PYTHON_DICT_DUNDERS.has(name)) return ownValue(obj, name);
    return unsafe(obj, name);
  }
  if (hasOwnMethod(dictMethods, name)) return bind(obj, name, dictMethods[name], budget);
  if (MUTATING_METHODS.has(name)) return unsafe(obj, name);
  const desc = Object.getOwnPropertyDescriptor(obj, name);
  if (desc) return 'value' in desc ? desc.value : accessorUndefined(name);
  if (proto === RESOURCE_PROTO) {
    const label = resourceAttribute(obj, name);
    if (label !== undefined) return label;
  }
  return undefinedAttribute(obj, name);
}

function dateTimeField(d: DateTime, name: string): unknown {
  switch (name) {
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
    case 'minute':
    case 'second':
    case 'microsecond':
      return d.fields[name];
    case 'tzinfo':
      return new TzInfo(d.offsetMinutes);
  }
  return undefinedAttribute(d, name);
}

function timeDeltaField(t: TimeDelta, name: string): unknown {
  switch (name) {
    case 'days':
      return t.days;
    case 'seconds':
      return t.seconds;
    case 'microseconds':
      return t.microseconds;
  }
  return undefinedAttribute(t, name);
}

function loopAttribute(loop: LoopInfo, name: string): unknown {
  const i = loop.index0;
  const n = loop.items.length;
  switch (name) {
    case 'index':
      return i + 1;
    case 'index0':
      return i;
    case 'revindex':
      return n - i;
    case 'revindex0':
      return n - i - 1;
    case 'first':
      return i === 0;
    case 'last':
      return i === n - 1;
    case 'length':
      return n;
    case 'depth':
      return loop.depth0 + 1;
    case 'depth0':
      return loop.depth0;
    case 'previtem':
      return i > 0 ? loop.items[i - 1] : new Undefined('there is no previous item');
    case 'nextitem':
      return i < n - 1 ? loop.items[i + 1] : new Undefined('there is no next item');
    case 'cycle':
      return new Callable('cycle', (args) => {
        if (!args.length) fail('runtime', 'no items for cycling given');
        return args[i % args.length];
      });
    case 'changed':
      return new Callable('changed', (args) => {
        const same = loop.lastChanged !== undefined && equals(loop.lastChanged, args);
        loop.lastChanged = args;
        return !same;
      });
  }
  return undefinedAttribute(loop, name);
}

/** `obj[key]` (Jinja: item first, then attribute for string keys). */
export function getItem(obj: unknown, key: unknown, budget: RenderBudget): unknown {
  if (obj instanceof Undefined) return obj;
  // An undefined key finds nothing (Jinja: KeyError/TypeError → undefined).
  if (key instanceof Undefined) return key;
  if (Array.isArray(obj) || typeof obj === 'string') {
    if (isNumber(key) && !isFloat(key)) {
      const value = indexSequence(obj, toNumber(key));
      if (value !== undefined) return value;
      return new Undefined(`${typeName(obj)} object has no element ${toNumber(key)}`);
    }
  } else if (isDict(obj)) {
    // Jinja turns the KeyError/TypeError of `d[(1, 2)]` or `d[[1]]` into an undefined value.
    if (Array.isArray(key)) return new Undefined(`'dict object' has no item of type ${typeName(key)}`);
    const k = dictKey(key);
    const desc = Object.getOwnPropertyDescriptor(obj, k);
    if (desc) return 'value' in desc ? desc.value : accessorUndefined(k);
  } else if (obj instanceof Namespace && typeof key === 'string' && hasKey(obj.attrs, key)) {
    return obj.attrs[key];
  }
  if (typeof key === 'string') return getAttr(obj, key, budget);
  const shown = typeof key === 'number' || typeof key === 'boolean' || key === null ? String(key) : `of type ${typeName(key)}`;
  return new Undefined(`'${typeName(obj)} object' has no item ${shown}`);
}

function indexSequence(seq: unknown[] | string, index: number): unknown {
  if (typeof seq === 'string' && hasSurrogates(seq)) seq = [...seq];
  const n = seq.length;
  const i = index < 0 ? index + n : index;
  if (i < 0 || i >= n) return undefined;
  return seq[i];
}

/** Python slice semantics: `seq[start:stop:step]` with negatives, clamping and reverse steps. */
export function sliceSequence(seq: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (seq instanceof Undefined) return seq;
  const isString = typeof seq === 'string';
  const isRange = Array.isArray(seq) && arrayKind(seq) === 'range';
  // Jinja compiles slices to plain Python subscripts (bypassing its getitem), so these are TypeErrors.
  if (!isString && !Array.isArray(seq)) fail('runtime', `'${typeName(seq)}' object is not subscriptable`);
  for (const index of [start, stop, step]) {
    if (index !== null && index !== undefined && (!isNumber(index) || isFloat(index)))
      fail('runtime', 'slice indices must be integers or None');
  }
  const items: unknown[] | string = isString ? (hasSurrogates(seq as string) ? [...(seq as string)] : (seq as string)) : (seq as unknown[]);
  const n = items.length;
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : toNumber(v));
  const st = num(step) ?? 1;
  if (st === 0) fail('runtime', 'slice step cannot be zero');
  const clamp = (v: number | null, dflt: number, lo: number, hi: number) => {
    if (v === null) return dflt;
    if (v < 0) v += n;
    return Math.min(Math.max(v, lo), hi);
  };
  const out: unknown[] = [];
  if (st > 0) {
    const a = clamp(num(start), 0, 0, n);
    const b = clamp(num(stop), n, 0, n);
    if (isRange) return sliceRange(seq as unknown[], a, b, st);
    if (st === 1) {
      const sliced = items.slice(a, b);
      if (isString) return typeof sliced === 'string' ? sliced : (sliced as string[]).join('');
      return arrayKind(seq as unknown[]) === 'tuple' ? makeTuple(sliced as unknown[]) : sliced;
    }
    for (let i = a; i < b; i += st) out.push(items[i]);
  } else {
    const a = clamp(num(start), n - 1, -1, n - 1);
    const b = clamp(num(stop), -1, -1, n - 1);
    if (isRange) return sliceRange(seq as unknown[], a, b, st);
    for (let i = a; i > b; i += st) out.push(items[i]);
  }
  return isString ? out.join('') : arrayKind(seq as unknown[]) === 'tuple' ? makeTuple(out) : out;
}

/** Python slices a range into a range: indices (a, b, st) of the slice map onto the range's own arithmetic. */
function sliceRange(r: unknown[], a: number, b: number, st: number): unknown[] {
  const [start, , step] = rangeArgs(r)!;
  const out: number[] = [];
  if (st > 0) for (let i = a; i < b; i += st) out.push(start + i * step);
  else for (let i = a; i > b; i += st) out.push(start + i * step);
  return makeRange(out, start + a * step, start + b * step, step * st);
}

// str.format resolves its fields through this sandboxed lookup (see methods.ts installStringFormatter).
installStringFormatter((s, a, k, budget) => formatString(s, a, k, budget, { getAttr, getItem }));
