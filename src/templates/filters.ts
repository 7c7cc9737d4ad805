// The filter registry: Jinja2's built-ins that make sense without HTML autoescaping, Prefect's
// filters and the humanize_* family. Aliases follow Jinja (`d` = default, `e` = escape, `count` = length).
import { collectionFilters } from './filters-collections.js';
import { numberFilters } from './filters-numbers.js';
import { prefectFilters } from './filters-prefect.js';
import { textFilters } from './filters-text.js';
import type { Filter } from './filter-types.js';
import { humanizeFilters } from './humanize.js';
import { wordwrap } from './wordwrap.js';
import { typeError } from './errors.js';
import { makeIterator } from './values.js';

/** Filters whose Jinja/Python signature takes only the value: extra arguments are a TypeError there. */
const VALUE_ONLY = [
  'lower',
  'upper',
  'capitalize',
  'title',
  'length',
  'first',
  'last',
  'reverse',
  'string',
  'escape',
  'forceescape',
  'safe',
  'striptags',
  'wordcount',
  'urlencode',
  'list',
  'items',
  'abs',
  'ui_url',
  'ui_resource_events_url',
  'flow_run_id',
  'humanize_apnumber',
];

function valueOnly(name: string, f: Filter): Filter {
  return (v, a, k, env) => {
    if (a.length || Object.keys(k).length)
      typeError(`${name}() takes 1 positional argument but ${1 + a.length + Object.keys(k).length} were given`);
    return f(v, a, k, env);
  };
}

const registry: Record<string, Filter> = Object.assign(Object.create(null) as Record<string, Filter>, {
  ...textFilters,
  ...collectionFilters,
  ...numberFilters,
  ...prefectFilters,
  ...humanizeFilters,
  d: collectionFilters.default,
  count: collectionFilters.length,
  e: textFilters.escape,
  wordwrap,
});
for (const name of [...VALUE_ONLY, 'count', 'e']) registry[name] = valueOnly(name, registry[name]);

/** Filters that return a generator in Jinja (`reverse` a list_reverseiterator for sequences). */
for (const name of ['map', 'select', 'reject', 'selectattr', 'rejectattr', 'unique', 'batch', 'slice', 'items', 'reverse']) {
  const f = registry[name];
  registry[name] = (v, a, k, env) => {
    const result = f(v, a, k, env);
    if (name === 'reverse' && !Array.isArray(v)) return result;
    return makeIterator(result, v, name === 'reverse' ? 'list_reverseiterator' : 'generator');
  };
}

export const filters: Record<string, Filter> = registry;

/** Jinja2 filters deliberately left out, with the reason given to template authors. */
export const UNSUPPORTED_FILTERS: Record<string, string> = {
  xmlattr: 'the xmlattr filter (HTML attribute rendering) is not supported',
  urlize: 'the urlize filter (HTML link rendering) is not supported',
  pprint: 'the pprint filter is not supported; use tojson',
  random: 'the random filter is not supported: template output must be deterministic',
};
