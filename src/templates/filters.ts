// The filter registry: Jinja2's built-ins that make sense without HTML autoescaping, Prefect's
// filters and the humanize_* family. Aliases follow Jinja (`d` = default, `e` = escape, `count` = length).
import { collectionFilters } from './filters-collections.js';
import { numberFilters } from './filters-numbers.js';
import { prefectFilters } from './filters-prefect.js';
import { textFilters } from './filters-text.js';
import type { Filter } from './filter-types.js';
import { humanizeFilters } from './humanize.js';

export const filters: Record<string, Filter> = Object.assign(Object.create(null) as Record<string, Filter>, {
  ...textFilters,
  ...collectionFilters,
  ...numberFilters,
  ...prefectFilters,
  ...humanizeFilters,
  d: collectionFilters.default,
  count: collectionFilters.length,
  e: textFilters.escape,
});

/** Jinja2 filters deliberately left out, with the reason given to template authors. */
export const UNSUPPORTED_FILTERS: Record<string, string> = {
  xmlattr: 'the xmlattr filter (HTML attribute rendering) is not supported',
  urlize: 'the urlize filter (HTML link rendering) is not supported',
  wordwrap: 'the wordwrap filter is not supported',
  pprint: 'the pprint filter is not supported; use tojson',
  random: 'the random filter is not supported: template output must be deterministic',
};
