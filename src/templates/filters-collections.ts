// Jinja2's filters over sequences and mappings (jinja2/filters.py). Where Jinja returns a generator
// (map, select, unique, reverse…) we return a list: it iterates, joins and counts the same way.
import { bindArgs } from './args.js';
import { fail, typeError } from './errors.js';
import type { Filter, RenderEnv } from './filter-types.js';
import { str } from './format.js';
import { compare, equals, binary } from './operators.js';
import { isDict, isNumber, iterate, length, makeTuple, ownValue, toNumber, truthy, Undefined, type Dict } from './values.js';

type KeyFn = (item: unknown) => unknown;

/** Jinja's make_attrgetter: `attribute` may be dotted (`user.name`) and use indexes (`items.0`). */
const attributePaths = new Map<string, Array<string | number>>();

/** 'a.0.b' → ['a', 0, 'b'], cached: the same few attribute names are used over and over. */
function attributePath(attribute: unknown): unknown[] {
  if (attribute === undefined || attribute === null) return [];
  if (typeof attribute !== 'string') return [attribute];
  let path = attributePaths.get(attribute);
  if (!path) {
    path = attribute.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (attributePaths.size > 500) attributePaths.clear();
    attributePaths.set(attribute, path);
  }
  return path;
}

function lookupPath(env: RenderEnv, item: unknown, path: unknown[], lower: boolean, dflt: unknown): unknown {
  let v = item;
  for (let i = 0; i < path.length; i++) {
    v = env.getItem(v, path[i]);
    if (v instanceof Undefined && dflt !== undefined) {
      v = dflt;
      break;
    }
  }
  return lower && typeof v === 'string' ? v.toLowerCase() : v;
}

function attrGetter(env: RenderEnv, attribute: unknown, lower: boolean, dflt?: unknown): KeyFn {
  const path = attributePath(attribute);
  return (item) => lookupPath(env, item, path, lower, dflt);
}

function mapPath(env: RenderEnv, items: unknown[], attribute: unknown, dflt?: unknown): unknown[] {
  const path = attributePath(attribute);
  const out = new Array<unknown>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = lookupPath(env, items[i], path, false, dflt);
  return out;
}

function sortBy(items: unknown[], key: KeyFn, reverse: boolean): unknown[] {
  const keyed = items.map((item) => ({ item, key: key(item) }));
  keyed.sort((a, b) => compare(a.key, b.key));
  if (reverse) {
    // Python's sort(reverse=True) keeps equal items in their original order.
    keyed.reverse();
    stableGroupsReverse(keyed);
  }
  return keyed.map((k) => k.item);
}

function stableGroupsReverse(keyed: Array<{ key: unknown }>): void {
  let i = 0;
  while (i < keyed.length) {
    let j = i + 1;
    while (j < keyed.length && compare(keyed[i].key, keyed[j].key) === 0) j++;
    if (j - i > 1) {
      const group = keyed.slice(i, j).reverse();
      keyed.splice(i, j - i, ...group);
    }
    i = j;
  }
}

function minMax(name: string, sign: number): Filter {
  return (v, a, k, env) => {
    const [caseSensitive = false, attribute = null] = bindArgs(name, ['case_sensitive', 'attribute'], 0, a, k);
    const items = iterate(v);
    if (!items.length) return new Undefined('No aggregated item, sequence was empty.');
    const key = attrGetter(env, attribute, !truthy(caseSensitive));
    let best = items[0];
    let bestKey = key(best);
    for (const item of items.slice(1)) {
      const itemKey = key(item);
      if (compare(itemKey, bestKey) * sign > 0) {
        best = item;
        bestKey = itemKey;
      }
    }
    return best;
  };
}

function selectOrReject(name: string, withAttribute: boolean, keep: boolean): Filter {
  return (v, a, k, env) => {
    const items = iterate(v);
    let path: unknown[] | null = null;
    let rest = a;
    if (withAttribute) {
      if (!rest.length) typeError(`${name}() missing required argument 'attribute'`);
      path = attributePath(rest[0]);
      rest = rest.slice(1);
    }
    const testName = rest.length ? str(rest[0]) : null;
    const testArgs = rest.slice(1);
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      const subject = path ? lookupPath(env, items[i], path, false, undefined) : items[i];
      const passed = testName === null ? truthy(subject) : env.applyTest(testName, subject, testArgs, k);
      if (passed === keep) out.push(items[i]);
    }
    return out;
  };
}

export const collectionFilters: Record<string, Filter> = {
  default: (v, a, k) => {
    const [dflt = '', boolean = false] = bindArgs('default', ['default_value', 'boolean'], 0, a, k);
    return v instanceof Undefined || (truthy(boolean) && !truthy(v)) ? dflt : v;
  },
  length: (v) => length(v),
  first: (v) => {
    const items = iterate(v);
    return items.length ? items[0] : new Undefined('No first item, sequence was empty.');
  },
  last: (v) => {
    if (isDict(v) || v instanceof Undefined) {
      const items = iterate(v);
      return items.length ? items[items.length - 1] : new Undefined('No last item, sequence was empty.');
    }
    if (!Array.isArray(v) && typeof v !== 'string') typeError(`'${str(v)}' object is not reversible`);
    const items = iterate(v);
    return items.length ? items[items.length - 1] : new Undefined('No last item, sequence was empty.');
  },
  join: (v, a, k, env) => {
    const [sep = '', attribute = null] = bindArgs('join', ['d', 'attribute'], 0, a, k);
    let items = iterate(v);
    if (attribute !== null) items = mapPath(env, items, attribute);
    const separator = str(sep);
    let out = '';
    for (let i = 0; i < items.length; i++) {
      out += i ? separator + str(items[i]) : str(items[i]);
      env.budget.checkStringLength(out.length);
    }
    return out;
  },
  list: (v, a, k, env) => {
    const items = iterate(v);
    env.budget.step(items.length);
    return items.slice();
  },
  reverse: (v) => (typeof v === 'string' ? [...v].reverse().join('') : iterate(v).slice().reverse()),
  sort: (v, a, k, env) => {
    const [reverse = false, caseSensitive = false, attribute = null] = bindArgs(
      'sort',
      ['reverse', 'case_sensitive', 'attribute'],
      0,
      a,
      k,
    );
    const items = iterate(v);
    env.budget.step(items.length);
    const lower = !truthy(caseSensitive);
    // Jinja 3.1 sorts by several attributes given as 'a,b'.
    if (typeof attribute === 'string' && attribute.includes(',')) {
      const getters = attribute.split(',').map((part) => attrGetter(env, part.trim(), lower));
      return sortBy(items, (item) => getters.map((g) => g(item)), truthy(reverse));
    }
    return sortBy(items, attrGetter(env, attribute, lower), truthy(reverse));
  },
  unique: (v, a, k, env) => {
    const [caseSensitive = false, attribute = null] = bindArgs('unique', ['case_sensitive', 'attribute'], 0, a, k);
    const key = attrGetter(env, attribute, !truthy(caseSensitive));
    const seen: unknown[] = [];
    const out: unknown[] = [];
    for (const item of iterate(v)) {
      const itemKey = key(item);
      env.budget.step(seen.length);
      if (!seen.some((s) => equals(s, itemKey))) {
        seen.push(itemKey);
        out.push(item);
      }
    }
    return out;
  },
  min: minMax('min', -1),
  max: minMax('max', 1),
  sum: (v, a, k, env) => {
    const [attribute = null, start = 0] = bindArgs('sum', ['attribute', 'start'], 0, a, k);
    let items = iterate(v);
    if (attribute !== null) items = mapPath(env, items, attribute);
    return items.reduce((acc, x) => binary('+', acc, x, env.budget), start);
  },
  map: (v, a, k, env) => {
    const items = iterate(v);
    if (a.length) {
      const name = str(a[0]);
      const rest = a.slice(1);
      const out = new Array<unknown>(items.length);
      for (let i = 0; i < items.length; i++) out[i] = env.applyFilter(name, items[i], rest, k);
      return out;
    }
    const [attribute, dflt] = bindArgs('map', ['attribute', 'default'], 0, [], k);
    if (attribute === undefined) return items.slice();
    return mapPath(env, items, attribute, dflt);
  },
  select: selectOrReject('select', false, true),
  reject: selectOrReject('reject', false, false),
  selectattr: selectOrReject('selectattr', true, true),
  rejectattr: selectOrReject('rejectattr', true, false),
  groupby: (v, a, k, env) => {
    const [attribute, dflt = null, caseSensitive = false] = bindArgs('groupby', ['attribute', 'default', 'case_sensitive'], 1, a, k);
    const key = attrGetter(env, attribute, !truthy(caseSensitive), dflt === null ? undefined : dflt);
    const realKey = attrGetter(env, attribute, false, dflt === null ? undefined : dflt);
    const sorted = sortBy(iterate(v), key, false);
    const groups: unknown[][] = [];
    let currentKey: unknown;
    for (const item of sorted) {
      const itemKey = key(item);
      if (groups.length && equals(itemKey, currentKey)) (groups[groups.length - 1][1] as unknown[]).push(item);
      else {
        currentKey = itemKey;
        groups.push(makeTuple([realKey(item), [item]], ['grouper', 'list']));
      }
    }
    return groups;
  },
  batch: (v, a, k, env) => {
    const [count, fill = null] = bindArgs('batch', ['linecount', 'fill_with'], 1, a, k);
    const size = toNumber(count);
    const out: unknown[][] = [];
    let current: unknown[] = [];
    for (const item of iterate(v)) {
      if (current.length === size) {
        out.push(current);
        current = [];
      }
      current.push(item);
    }
    if (current.length) {
      if (fill !== null) {
        env.budget.chargeItems(size - current.length);
        while (current.length < size) current.push(fill);
      }
      out.push(current);
    }
    return out;
  },
  slice: (v, a, k) => {
    const [slicesArg, fill = null] = bindArgs('slice', ['slices', 'fill_with'], 1, a, k);
    const seq = iterate(v);
    const slices = toNumber(slicesArg);
    if (!(slices > 0) || slices > 10_000) fail('runtime', 'slice count must be between 1 and 10000');
    const per = Math.floor(seq.length / slices);
    const extra = seq.length % slices;
    const out: unknown[][] = [];
    let offset = 0;
    for (let i = 0; i < slices; i++) {
      const start = offset + i * per;
      if (i < extra) offset++;
      const end = offset + (i + 1) * per;
      const part = seq.slice(start, end);
      if (fill !== null && i >= extra) part.push(fill);
      out.push(part);
    }
    return out;
  },
  dictsort: (v, a, k) => {
    const [caseSensitive = false, by = 'key', reverse = false] = bindArgs('dictsort', ['case_sensitive', 'by', 'reverse'], 0, a, k);
    if (!isDict(v)) typeError('dictsort requires a mapping');
    const pos = by === 'key' ? 0 : by === 'value' ? 1 : fail('runtime', 'You can only sort by either "key" or "value"');
    const pairs = Object.keys(v).map((key) => makeTuple([key, ownValue(v as Dict, key)]));
    const lower = !truthy(caseSensitive);
    return sortBy(
      pairs,
      (p) => {
        const x = (p as unknown[])[pos];
        return lower && typeof x === 'string' ? x.toLowerCase() : x;
      },
      truthy(reverse),
    );
  },
  items: (v) => {
    if (v instanceof Undefined) return [];
    if (!isDict(v)) typeError('Can only get item pairs from a mapping.');
    return Object.keys(v).map((key) => makeTuple([key, ownValue(v, key)]));
  },
  attr: (v, a, k, env) => {
    const [name] = bindArgs('attr', ['name'], 1, a, k);
    // Jinja's attr() looks up attributes only, never dict keys.
    if (isDict(v) && typeof name === 'string' && !/^(items|keys|values|get|copy)$/.test(name))
      return new Undefined(`'dict object' has no attribute '${name}'`);
    return env.getAttr(v, str(name));
  },
  abs: (v) => {
    if (!isNumber(v)) typeError(`bad operand type for abs(): '${str(v)}'`);
    return binary('*', v, toNumber(v) < 0 ? -1 : 1, undefined as never);
  },
};
