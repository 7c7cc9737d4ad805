// Which automations' triggers look at a resource: the server's label-matching rules (spec §1.4),
// applied in the browser to the resource's latest labels. A pattern is a case-sensitive shell glob
// over the whole value (`*`, `?`, `[seq]`, `[!seq]`), a leading `!` negates it, a missing label
// never matches, and the values listed for one label are OR-ed while labels are AND-ed.

export type ResourceSpec = Record<string, string | string[]>;

/** fnmatchcase as a RegExp: `[` without a closing `]` is literal, as in Python. */
function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}

function patternMatches(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const negate = pattern.startsWith('!');
  const hit = globToRegExp(negate ? pattern.slice(1) : pattern).test(value);
  return negate ? !hit : hit;
}

/** Whether `spec` matches `labels` (an empty spec matches every resource). */
export function specMatches(spec: ResourceSpec, labels: Record<string, string>): boolean {
  return Object.entries(spec).every(([key, patterns]) =>
    (Array.isArray(patterns) ? patterns : [patterns]).some((p) => patternMatches(p, labels[key])),
  );
}

interface TriggerLike {
  match?: ResourceSpec;
  match_related?: ResourceSpec | ResourceSpec[];
  triggers?: TriggerLike[];
}

export type MatchKind = 'primary' | 'related';

/**
 * How an automation's triggers (compound and sequence ones walked into) pick out this resource:
 * a non-empty `match` matching its labels as a primary resource, or a non-empty `match_related`
 * spec matching it as a related one. Empty specs match every resource, which says nothing about
 * this one, so they do not count here.
 */
export function howTriggersMatch(
  trigger: unknown,
  labels: { primary?: Record<string, string>; related?: Record<string, string> },
): MatchKind[] {
  const kinds = new Set<MatchKind>();
  const walk = (t: TriggerLike | undefined) => {
    if (!t || typeof t !== 'object') return;
    if (t.match && Object.keys(t.match).length && labels.primary && specMatches(t.match, labels.primary)) kinds.add('primary');
    const related = t.match_related === undefined ? [] : Array.isArray(t.match_related) ? t.match_related : [t.match_related];
    if (labels.related && related.some((spec) => Object.keys(spec).length && specMatches(spec, labels.related!))) kinds.add('related');
    if (Array.isArray(t.triggers)) for (const child of t.triggers) walk(child);
  };
  walk(trigger as TriggerLike);
  return [...kinds];
}
