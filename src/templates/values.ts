// The value model templates compute over. Context data is plain JSON (null, booleans, numbers,
// strings, arrays, plain objects) plus the classes below; nothing else from JavaScript is reachable:
// attribute access only ever reads own properties of plain objects (see attributes.ts), and the only
// callables are the ones this engine registers.
import { fail } from './errors.js';

/**
 * A Python float whose value happens to be integral (`2.0`). JavaScript numbers cannot tell `2` from
 * `2.0`, but Python prints them differently, so floats produced by `/`, `float`, `round`… with an
 * integral value are boxed. Non-integral numbers are always floats and stay unboxed.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

export function makeFloat(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

/** Numbers: ints (numbers, or bigints beyond 2^53 — see bigint.ts), floats and booleans. */
export function isNumber(v: unknown): v is number | bigint | PyFloat | boolean {
  return typeof v === 'number' || v instanceof PyFloat || typeof v === 'boolean' || typeof v === 'bigint';
}

/** Numbers proper, excluding booleans (which Python also treats as numbers). */
export function isNumeric(v: unknown): v is number | bigint | PyFloat {
  return typeof v === 'number' || v instanceof PyFloat || typeof v === 'bigint';
}

export function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

export function isInt(v: unknown): v is number | bigint {
  return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';
}

export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  // Only an approximation: exact integer arithmetic goes through bigint.ts.
  if (typeof v === 'bigint') return Number(v);
  return NaN;
}

/**
 * Jinja's ChainableUndefined: attribute and item access chain (returning another undefined), printing
 * gives '', iterating gives nothing; anything that needs a real value fails with an UndefinedError.
 * `unsafe` marks values withheld by the sandbox (e.g. `x.__class__`): they also print as '', but using
 * them fails as a security error, like Jinja's sandbox.
 */
export class Undefined {
  constructor(
    readonly hint: string,
    readonly unsafe = false,
  ) {}

  fail(): never {
    fail(this.unsafe ? 'security' : 'undefined', this.hint);
  }
}

export function undefinedName(name: string): Undefined {
  return new Undefined(`'${name}' is undefined`);
}

export function undefinedAttribute(owner: unknown, name: string): Undefined {
  if (owner instanceof Undefined) return owner;
  return new Undefined(`'${typeName(owner)} object' has no attribute '${name}'`);
}

export function isUndefined(v: unknown): v is Undefined {
  return v instanceof Undefined;
}

/** Arrays that Python would show as something other than a list. */
/**
 * `generator` / `list_reverseiterator`: what Jinja's lazy filters (map, select, unique, reverse…)
 * return. Herald computes them eagerly as lists, but keeps the type where Python's differs visibly:
 * `len()` and `tojson` refuse them, as they refuse generators.
 */
export type ArrayKind = 'tuple' | 'dict_items' | 'dict_keys' | 'dict_values' | 'range' | 'generator' | 'list_reverseiterator';
const kArrayKind = Symbol('herald.template.arrayKind');
/** Named fields of namedtuple-like results (`groupby` gives `.grouper` and `.list`). */
const kTupleFields = Symbol('herald.template.tupleFields');
/** The class name a namedtuple shows in its repr (`datetime.IsoCalendarDate(year=…, …)`). */
const kTupleName = Symbol('herald.template.tupleName');
/** The (start, stop, step) a `range` object shows in its repr. */
const kRangeArgs = Symbol('herald.template.rangeArgs');
type Tagged = { [kArrayKind]?: ArrayKind; [kTupleFields]?: string[]; [kTupleName]?: string; [kRangeArgs]?: [number, number, number] };

/**
 * Python's range object, kept as its (at most templateMaxRange) items: it iterates, indexes and
 * counts like a list, but prints as `range(0, 3)` and is not JSON serialisable.
 */
export function makeRange(items: number[], start: number, stop: number, step: number): number[] {
  (items as Tagged)[kArrayKind] = 'range';
  (items as Tagged)[kRangeArgs] = [start, stop, step];
  return items;
}

export function rangeArgs(a: unknown[]): [number, number, number] | undefined {
  return (a as Tagged)[kRangeArgs];
}

/** `reprName`: for namedtuples whose repr shows their fields (Jinja's groupby tuples print as plain tuples). */
export function makeTuple<T>(items: T[], fields?: string[], reprName?: string): T[] {
  (items as Tagged)[kArrayKind] = 'tuple';
  if (fields) (items as Tagged)[kTupleFields] = fields;
  if (reprName) (items as Tagged)[kTupleName] = reprName;
  return items;
}

/** The repr name and fields of a namedtuple made with `reprName`, if any. */
export function namedTuple(a: unknown[]): { name: string; fields: string[] } | undefined {
  const t = a as Tagged;
  return t[kTupleName] && t[kTupleFields] ? { name: t[kTupleName], fields: t[kTupleFields] } : undefined;
}

export function makeView<T>(items: T[], kind: ArrayKind): T[] {
  (items as Tagged)[kArrayKind] = kind;
  return items;
}

/** Tags a filter's result as Jinja's lazy iterator (a copy if it is the filter's own input). */
export function makeIterator(result: unknown, input: unknown, kind: 'generator' | 'list_reverseiterator'): unknown {
  if (!Array.isArray(result)) return result;
  return makeView(result === input ? result.slice() : result, kind);
}

export function isIterator(a: unknown[]): boolean {
  const kind = (a as Tagged)[kArrayKind];
  return kind === 'generator' || kind === 'list_reverseiterator';
}

export function arrayKind(a: unknown[]): ArrayKind | undefined {
  return (a as Tagged)[kArrayKind];
}

export function tupleField(a: unknown[], name: string): { found: boolean; value?: unknown } {
  const fields = (a as Tagged)[kTupleFields];
  const index = fields ? fields.indexOf(name) : -1;
  return index < 0 ? { found: false } : { found: true, value: a[index] };
}

export type Dict = Record<string, unknown>;

/**
 * Dicts that stand for a Prefect Resource: like Prefect's model they also answer `.id`, `.name` and
 * `.role` (from the `prefect.resource.*` labels), while iterating and printing as the plain labels.
 */
// Resource dicts are recognised by their (empty, null-prototype) prototype: checking it is as cheap
// as the prototype check every dict access already makes, unlike a WeakSet or symbol-key lookup.
export const RESOURCE_PROTO: object = Object.freeze(Object.create(null));

/** A copy of `d` that also answers `.id`, `.name` and `.role`. */
export function markResource(d: object): Dict {
  return Object.assign(Object.create(RESOURCE_PROTO), d) as Dict;
}

export function resourceAttribute(d: Dict, name: string): unknown {
  if (Object.getPrototypeOf(d) !== RESOURCE_PROTO) return undefined;
  // Literal keys, not a template string: V8 looks constant (internalised) strings up much faster.
  const label =
    name === 'id'
      ? 'prefect.resource.id'
      : name === 'name'
        ? 'prefect.resource.name'
        : name === 'role'
          ? 'prefect.resource.role'
          : undefined;
  if (!label) return undefined;
  if (Object.hasOwn(d, label)) return d[label];
  // Prefect's Resource.name is optional (None when the label is absent).
  return name === 'name' ? null : undefined;
}

/** A dict is a plain object (JSON object or one built by a template); class instances are not. */
export function isDict(v: unknown): v is Dict {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null || proto === RESOURCE_PROTO;
}

/** Dicts built by templates have no prototype, so keys like `__proto__` are ordinary keys. */
export function newDict(): Dict {
  return Object.create(null) as Dict;
}

export function dictKey(key: unknown): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'bigint') return key.toString();
  if (typeof key === 'number' || key instanceof PyFloat) return String(toNumber(key));
  if (typeof key === 'boolean') return key ? 'True' : 'False';
  if (key === null) return 'None';
  fail('runtime', `unhashable type: '${typeName(key)}'`);
}

export function hasKey(d: Dict, key: string): boolean {
  return Object.hasOwn(d, key);
}

export function dictGet(d: Dict, key: string): unknown {
  return ownValue(d, key);
}

/**
 * An own data property's value; accessors (getters) are never invoked, so a context object with a
 * getter cannot run code when a template reads it.
 */
export function ownValue(d: object, key: string): unknown {
  const desc = Object.getOwnPropertyDescriptor(d, key);
  if (!desc) return undefined;
  return 'value' in desc ? desc.value : accessorUndefined(key);
}

export function accessorUndefined(key: string): Undefined {
  return new Undefined(`property '${key}' is an accessor, which templates cannot read`, true);
}

/**
 * Engine value types that behave like a Python object of their own (date, time, timezone…): each
 * answers str(), repr(), its fields and its methods itself, so format.ts, attributes.ts and
 * operators.ts need one branch for all of them. Only what a subclass returns is reachable.
 */
export abstract class PyObject {
  abstract readonly pyTypeName: string;
  abstract pyStr(): string;
  pyRepr(): string {
    return this.pyStr();
  }
  /** A data attribute (field), or JS undefined when there is none. */
  pyAttr(_name: string): unknown {
    return undefined;
  }
  /** A method, or undefined when there is none. */
  pyMethod(_name: string): ((args: unknown[], kwargs: Dict) => unknown) | undefined {
    return undefined;
  }
  pyEquals(other: unknown): boolean {
    return this === other;
  }
  /** Ordering against `other`; undefined when Python would raise a TypeError. */
  pyCompare(_other: unknown): number | undefined {
    return undefined;
  }
}

/** The result of `{% set ns = namespace() %}`: the one object templates may assign attributes to. */
export class Namespace {
  readonly attrs: Dict = newDict();
}

/** Engine-registered functions (globals such as `range`, bound methods such as `'a'.upper`). */
export class Callable {
  constructor(
    readonly name: string,
    readonly invoke: (args: unknown[], kwargs: Dict) => unknown,
    /** How str()/repr() show it, when not `<function name>` (macros: `<Macro 'name'>`). */
    readonly shownAs?: string,
  ) {}
}

/** The state of the innermost `for` loop, exposed as `loop`. */
export class LoopInfo {
  index0 = 0;
  constructor(
    readonly items: unknown[],
    readonly depth0: number,
    /** For `{% for … recursive %}`: `loop(children)` renders the loop body over `children`, one level deeper. */
    readonly recurse?: (iterable: unknown) => string,
  ) {}
  lastChanged: unknown[] | undefined;
}

export function typeName(v: unknown): string {
  if (v === null) return 'NoneType';
  switch (typeof v) {
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint':
      return 'int';
  }
  if (v instanceof PyFloat) return 'float';
  if (v instanceof Undefined) return 'Undefined';
  if (Array.isArray(v)) return arrayKind(v) ?? 'list';
  if (isDict(v)) return 'dict';
  if (v instanceof Namespace) return 'Namespace';
  if (v instanceof Callable) return 'function';
  if (v instanceof LoopInfo) return 'LoopContext';
  const named = (v as { pyTypeName?: string }).pyTypeName;
  return typeof named === 'string' ? named : 'object';
}

/** Python truthiness. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === '' || v === 0) return false;
  // NaN is truthy in Python, as is every other non-zero number.
  if (v === true || typeof v === 'string' || typeof v === 'number') return true;
  if (v instanceof Undefined) return false;
  if (v instanceof PyFloat) return v.value !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) {
    for (const k in v) if (hasKey(v, k)) return true;
    return false;
  }
  const t = v as { truthy?: () => boolean };
  return typeof t.truthy === 'function' ? t.truthy() : true;
}

/** Does this string need code-point-aware handling (astral characters as surrogate pairs)? */
export function hasSurrogates(s: string): boolean {
  return /[\uD800-\uDFFF]/.test(s);
}

/** Python's len() of a string counts code points, not UTF-16 units. */
export function strLength(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Python's iter(): lists and tuples as they are, strings by code point, dicts by key, undefined as empty. */
export function iterate(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return hasSurrogates(v) ? [...v] : v.split('');
  if (isDict(v)) return Object.keys(v);
  if (v instanceof Undefined) {
    if (v.unsafe) v.fail();
    return [];
  }
  if (v instanceof Namespace) fail('runtime', "'Namespace' object is not iterable");
  fail('runtime', `'${typeName(v)}' object is not iterable`);
}

/** Python's len(). */
export function length(v: unknown): number {
  if (typeof v === 'string') return strLength(v);
  if (Array.isArray(v) && isIterator(v)) fail('runtime', `object of type '${typeName(v)}' has no len()`);
  if (Array.isArray(v)) return v.length;
  if (isDict(v)) return Object.keys(v).length;
  if (v instanceof Undefined) return 0;
  fail('runtime', `object of type '${typeName(v)}' has no len()`);
}
