// Jinja's `wordwrap` filter: Python's textwrap.wrap (expand_tabs=False, replace_whitespace=False)
// applied to each line of the text, joined with `wrapstring` (Jinja's newline sequence, '\n', by
// default). The chunking regexes are CPython 3.11's TextWrapper.wordsep_re / wordsep_simple_re with
// Python's Unicode \w spelled out, because JavaScript's \w is ASCII-only.
import { bindArgs } from './args.js';
import { fail, typeError } from './errors.js';
import type { Filter } from './filter-types.js';
import { str } from './format.js';
import { isNumber, strLength, toNumber, truthy, typeName, Undefined } from './values.js';

const WS = '[\\t\\n\\x0b\\x0c\\r ]';
const NWS = '[^\\t\\n\\x0b\\x0c\\r ]';
const WORD = '[\\p{L}\\p{N}_]';
const WORD_PUNCT = `(?:${WORD}|[!"'&.,?])`;
/** Python's [^\d\W]: word characters that are not decimal digits. */
const LETTER = '[\\p{L}\\p{Nl}\\p{No}_]';
const WORDSEP = new RegExp(
  `(${WS}+|(?<=${WORD_PUNCT})-{2,}(?=${WORD})|${NWS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=${WS}|$)|(?<=${WORD_PUNCT})(?=-{2,}${WORD})))`,
  'u',
);
const WORDSEP_SIMPLE = new RegExp(`(${WS}+)`, 'u');

/** Python's str.splitlines() without keepends. */
function splitLines(s: string): string[] {
  const lines = s.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Python's `chunk.strip() == ''`: only (Python's) whitespace. */
const isBlank = (chunk: string) => /^[\t\n\x0b\x0c\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/.test(chunk);

/** textwrap.TextWrapper._wrap_chunks with drop_whitespace=True and no indents. */
function wrapLine(text: string, width: number, breakLongWords: boolean, breakOnHyphens: boolean): string[] {
  const chunks = text
    .split(breakOnHyphens ? WORDSEP : WORDSEP_SIMPLE)
    .filter((c) => c)
    .reverse();
  const lines: string[] = [];
  if (width <= 0) fail('runtime', `invalid width ${width} (must be > 0)`);
  while (chunks.length) {
    const line: string[] = [];
    let len = 0;
    if (isBlank(chunks[chunks.length - 1]) && lines.length) chunks.pop();
    while (chunks.length) {
      const l = strLength(chunks[chunks.length - 1]);
      if (len + l > width) break;
      line.push(chunks.pop()!);
      len += l;
    }
    if (chunks.length && strLength(chunks[chunks.length - 1]) > width) {
      const spaceLeft = width < 1 ? 1 : width - len;
      if (breakLongWords) {
        const chunk = [...chunks[chunks.length - 1]];
        let end = spaceLeft;
        if (breakOnHyphens && chunk.length > spaceLeft) {
          const hyphen = chunk.slice(0, spaceLeft).lastIndexOf('-');
          if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
        }
        line.push(chunk.slice(0, end).join(''));
        chunks[chunks.length - 1] = chunk.slice(end).join('');
      } else if (!line.length) {
        line.push(chunks.pop()!);
      }
    }
    if (line.length && isBlank(line[line.length - 1])) line.pop();
    if (line.length) lines.push(line.join(''));
  }
  return lines;
}

export const wordwrap: Filter = (v, a, k, env) => {
  const [width = 79, breakLongWords = true, wrapstring = null, breakOnHyphens = true] = bindArgs(
    'do_wordwrap',
    ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens'],
    0,
    a,
    k,
  );
  if (v instanceof Undefined) v.fail();
  if (typeof v !== 'string') typeError(`'${typeName(v)}' object has no attribute 'splitlines'`);
  const sep = wrapstring === null ? '\n' : str(wrapstring);
  const out: string[] = [];
  let total = 0;
  for (const line of splitLines(v)) {
    env.budget.step();
    // textwrap compares the width before looking at the text, so a bad width fails on any line.
    if (!isNumber(width)) typeError(`'<=' not supported between instances of '${typeName(width)}' and 'int'`);
    const pieces = wrapLine(line, toNumber(width), truthy(breakLongWords), truthy(breakOnHyphens));
    env.budget.chargeItems(pieces.length);
    const joined = pieces.join(sep);
    total += joined.length + sep.length;
    env.budget.checkStringLength(total);
    out.push(joined);
  }
  return out.join(sep);
};
