// Python's Unicode case mappings for str.title(), str.capitalize(), str.swapcase() and str.casefold().
// JavaScript's toUpperCase/toLowerCase already apply the full (special-casing) mappings Python uses
// (`'ß'.upper()` is 'SS', final sigma), but JavaScript has no titlecase or casefold: those differ
// for digraphs (`ǆ` titlecases to `ǅ`, not `Ǆ`), ligatures (`ﬁ` → `Fi`), `ß` (→ `Ss`), Greek with
// ypogegrammeni and Georgian, and casefold differs from lower for `ß`, `ς`, Cherokee and others.

/** Titlecase mappings that differ from the uppercase one, from Python 3.11's unicodedata (Unicode 14). */
const TITLE_EXCEPTIONS: ReadonlyMap<string, string> = new Map(
  'ßSs|Ǆǅ|ǆǅ|Ǉǈ|ǉǈ|Ǌǋ|ǌǋ|Ǳǲ|ǳǲ|ևԵւ|ᾀᾈ|ᾁᾉ|ᾂᾊ|ᾃᾋ|ᾄᾌ|ᾅᾍ|ᾆᾎ|ᾇᾏ|ᾐᾘ|ᾑᾙ|ᾒᾚ|ᾓᾛ|ᾔᾜ|ᾕᾝ|ᾖᾞ|ᾗᾟ|ᾠᾨ|ᾡᾩ|ᾢᾪ|ᾣᾫ|ᾤᾬ|ᾥᾭ|ᾦᾮ|ᾧᾯ|ᾲᾺͅ|ᾳᾼ|ᾴΆͅ|ᾷᾼ͂|ῂῊͅ|ῃῌ|ῄΉͅ|ῇῌ͂|ῲῺͅ|ῳῼ|ῴΏͅ|ῷῼ͂|ﬀFf|ﬁFi|ﬂFl|ﬃFfi|ﬄFfl|ﬅSt|ﬆSt|ﬓՄն|ﬔՄե|ﬕՄի|ﬖՎն|ﬗՄխ'
    .split('|')
    .map((pair) => {
      const [key, ...rest] = [...pair];
      return [key, rest.join('')] as [string, string];
    }),
);

const CASED = /[\p{Lowercase}\p{Uppercase}\p{Lt}]/u;
const UPPER = /\p{Uppercase}/u;
const LOWER = /\p{Lowercase}/u;
/** Unicode's Case_Ignorable, near enough: marks, format characters, modifiers and word-internal punctuation. */
const CASE_IGNORABLE = /[\p{Mn}\p{Me}\p{Cf}\p{Lm}\p{Sk}'.:^`\u00b7\u2018\u2019\u2024\u2027]/u;

function titleChar(c: string): string {
  const mapped = TITLE_EXCEPTIONS.get(c);
  if (mapped !== undefined) return mapped;
  // Titlecase letters (ǅ, ᾈ…) and Georgian Mkhedruli are their own titlecase.
  if (/\p{Lt}/u.test(c) || /[\u10d0-\u10fa\u10fd-\u10ff]/u.test(c)) return c;
  return c.toUpperCase();
}

/** Lowercases chars[i] in context: a capital sigma at the end of a word becomes final sigma, as in Python. */
function lowerAt(chars: string[], i: number): string {
  const c = chars[i];
  if (c !== 'Σ') return c.toLowerCase();
  let j = i - 1;
  while (j >= 0 && CASE_IGNORABLE.test(chars[j])) j--;
  if (j < 0 || !CASED.test(chars[j])) return 'σ';
  let k = i + 1;
  while (k < chars.length && CASE_IGNORABLE.test(chars[k])) k++;
  return k < chars.length && CASED.test(chars[k]) ? 'σ' : 'ς';
}

/** str.title(): titlecase after an uncased character, lowercase after a cased one. */
export function pyTitle(s: string): string {
  const chars = [...s];
  let out = '';
  let previousCased = false;
  for (let i = 0; i < chars.length; i++) {
    out += previousCased ? lowerAt(chars, i) : titleChar(chars[i]);
    previousCased = CASED.test(chars[i]);
  }
  return out;
}

/** str.capitalize() (Python ≥ 3.8): the first character titlecased, the rest lowercased. */
export function pyCapitalize(s: string): string {
  const chars = [...s];
  if (!chars.length) return '';
  let out = titleChar(chars[0]);
  for (let i = 1; i < chars.length; i++) out += lowerAt(chars, i);
  return out;
}

/** str.swapcase(): uppercase characters lowered, lowercase ones uppered, others (titlecase too) kept. */
export function pySwapcase(s: string): string {
  const chars = [...s];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    out += UPPER.test(c) ? lowerAt(chars, i) : LOWER.test(c) ? c.toUpperCase() : c;
  }
  return out;
}

/**
 * str.casefold(): lowercase, then the full case folding where it differs from lowercase. Folding is
 * lower(upper(lower(c))) for every such character except dotless ı and Cherokee, which folds to its
 * uppercase letters (checked against all of Python 3.11's code points; the only other differences
 * are characters added to Unicode after Python 3.11's Unicode 14).
 */
export function pyCasefold(s: string): string {
  let out = '';
  for (const c of s) {
    // Dotless ı is its own folding (its uppercase I folds to i).
    if (c === 'ı' || /[\u13a0-\u13f5]/u.test(c)) out += c;
    else if (/[\u13f8-\u13fd]/u.test(c)) out += String.fromCharCode(c.charCodeAt(0) - 8);
    else if (/[\uab70-\uabbf]/u.test(c)) out += String.fromCharCode(c.charCodeAt(0) - 0xab70 + 0x13a0);
    else out += c.toLowerCase().toUpperCase().toLowerCase();
  }
  return out;
}
