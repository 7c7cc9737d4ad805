// One glob language for every label match in Herald ([compat S1.4], [compat D10.9]): Python `fnmatchcase` —
// `*` any run (also empty, also dots), `?` one character, `[seq]` / `[!seq]` classes with ranges,
// case-sensitive, whole value. Patterns are parsed once into tokens (`parseGlob`) shared by the
// in-memory matcher and the SQL translators, and compiled matchers are cached.
//
// Class parsing follows CPython's `fnmatch.translate` exactly, including its odd corners:
// `[` without a closing `]` is a literal; `]` right after `[` or `[!` is a member; `[!]` … `]`;
// reversed ranges (`[z-a]`) are dropped; an empty class never matches; `[!]` with nothing left
// matches any one character; `^` is an ordinary member.

/** A parsed glob. Characters are UTF-16 code units (as JS strings index them). */
export type GlobToken =
  | { type: 'literal'; value: string }
  | { type: 'star' }
  | { type: 'any' }
  | { type: 'class'; negated: boolean; ranges: [string, string][] };

export function parseGlob(pattern: string): GlobToken[] {
  const out: GlobToken[] = [];
  // Code points, not UTF-16 units: `?` is one character to Python, also for emoji.
  const pat = Array.from(pattern);
  const n = pat.length;
  let lit = '';
  const flush = () => {
    if (lit) out.push({ type: 'literal', value: lit });
    lit = '';
  };
  let i = 0;
  while (i < n) {
    const c = pat[i++];
    if (c === '*') {
      flush();
      // Consecutive stars are one star (fnmatch.translate collapses them too).
      if (out.length === 0 || out[out.length - 1].type !== 'star') out.push({ type: 'star' });
    } else if (c === '?') {
      flush();
      out.push({ type: 'any' });
    } else if (c === '[') {
      let j = i;
      if (j < n && pat[j] === '!') j++;
      if (j < n && pat[j] === ']') j++;
      while (j < n && pat[j] !== ']') j++;
      if (j >= n) {
        lit += '[';
        continue;
      }
      flush();
      out.push(parseClass(pat, i, j));
      i = j + 1;
    } else {
      lit += c;
    }
  }
  flush();
  return out;
}

const cp = (c: string): number => c.codePointAt(0)!;

/** The class between `pat[i]` (after `[`) and `pat[j]` (the closing `]`), as CPython reads it. */
function parseClass(pat: string[], i: number, j: number): GlobToken {
  let chunks: string[][];
  const whole = pat.slice(i, j);
  if (!whole.includes('-')) {
    chunks = [whole];
  } else {
    chunks = [];
    let k = pat[i] === '!' ? i + 2 : i + 1;
    for (;;) {
      k = k < j ? pat.indexOf('-', k) : -1;
      if (k < 0 || k >= j) break;
      chunks.push(pat.slice(i, k));
      i = k + 1;
      k = k + 3;
    }
    const last = pat.slice(i, j);
    if (last.length) chunks.push(last);
    else chunks[chunks.length - 1].push('-');
    for (let k2 = chunks.length - 1; k2 > 0; k2--) {
      const prev = chunks[k2 - 1];
      // CPython compares `prev[-1] > next[0]`; an empty chunk raises there, which cannot happen
      // on this path for chunks produced above (each has at least one character).
      if (prev.length && chunks[k2].length && cp(prev[prev.length - 1]) > cp(chunks[k2][0])) {
        chunks[k2 - 1] = prev.slice(0, -1).concat(chunks[k2].slice(1));
        chunks.splice(k2, 1);
      }
    }
  }
  // `chunks` joined by range dashes is CPython's class body; a leading `!` negates.
  let negated = false;
  if (chunks[0][0] === '!') {
    negated = true;
    chunks[0] = chunks[0].slice(1);
  }
  const ranges: [string, string][] = [];
  if (chunks.length === 1 && chunks[0].length === 0) {
    // Nothing left: never matches; negated (`[!]`-like): any one character.
    return { type: 'class', negated, ranges };
  }
  for (let k = 0; k < chunks.length; k++) {
    const ch = chunks[k];
    const start = k > 0 ? 1 : 0; // first char of a later chunk closed the previous range
    const end = k < chunks.length - 1 ? ch.length - 1 : ch.length; // last char opens the next range
    for (let p = start; p < end; p++) ranges.push([ch[p], ch[p]]);
    if (k < chunks.length - 1) {
      const lo = ch[ch.length - 1];
      const hi = chunks[k + 1][0];
      // An empty chunk in the middle makes CPython's regex invalid; such a range matches nothing.
      if (lo !== undefined && hi !== undefined && cp(lo) <= cp(hi)) ranges.push([lo, hi]);
    }
  }
  return { type: 'class', negated, ranges };
}

function classMatches(t: Extract<GlobToken, { type: 'class' }>, c: number): boolean {
  let inside = false;
  for (const [lo, hi] of t.ranges) {
    if (c >= cp(lo) && c <= cp(hi)) {
      inside = true;
      break;
    }
  }
  return inside !== t.negated;
}

export type GlobMatcher = (value: string) => boolean;

/** Compiles a pattern to a matcher, choosing the cheapest strategy for its shape. */
export function compileGlob(pattern: string): GlobMatcher {
  const tokens = parseGlob(pattern);
  if (tokens.length === 0) return (v) => v === '';
  const onlyLiterals = tokens.every((t) => t.type === 'literal' || t.type === 'star');
  if (onlyLiterals) {
    const stars = tokens.filter((t) => t.type === 'star').length;
    if (stars === 0) return (v) => v === pattern;
    if (tokens.length === 1) return () => true;
    if (stars === 1 && tokens.length === 2) {
      const lit = (tokens[0].type === 'literal' ? tokens[0] : tokens[1]) as { value: string };
      const s = lit.value;
      return tokens[0].type === 'star' ? (v) => v.endsWith(s) : (v) => v.startsWith(s);
    }
  }
  return (v) => matchTokens(tokens, 0, v, 0);
}

/** Backtracking matcher; the position of the last star is remembered, so it runs in O(n·m). */
function matchTokens(tokens: GlobToken[], ti: number, v: string, vi: number): boolean {
  let starTi = -1;
  let starVi = 0;
  while (vi <= v.length) {
    if (ti < tokens.length) {
      const t = tokens[ti];
      if (t.type === 'star') {
        starTi = ti++;
        starVi = vi;
        continue;
      }
      if (t.type === 'literal') {
        if (v.startsWith(t.value, vi)) {
          ti++;
          vi += t.value.length;
          continue;
        }
      } else if (vi < v.length) {
        const c = v.codePointAt(vi)!;
        if (t.type === 'any' || classMatches(t, c)) {
          ti++;
          vi += c > 0xffff ? 2 : 1;
          continue;
        }
      }
    } else if (vi === v.length) {
      return true;
    }
    if (starTi < 0) return false;
    ti = starTi + 1;
    vi = ++starVi;
  }
  return false;
}

const cache = new Map<string, GlobMatcher>();
const CACHE_MAX = 10_000;

/** `fnmatchcase(value, pattern)`; compiled matchers are cached by pattern. */
export function globMatch(pattern: string, value: string): boolean {
  let m = cache.get(pattern);
  if (m === undefined) {
    if (cache.size >= CACHE_MAX) cache.clear();
    m = compileGlob(pattern);
    cache.set(pattern, m);
  }
  return m(value);
}

/** True when the pattern has no wildcard or class: it matches exactly itself. */
export function isLiteralGlob(pattern: string): boolean {
  const t = parseGlob(pattern);
  return t.length === 0 || (t.length === 1 && t[0].type === 'literal');
}

/** Escapes `\`, `%` and `_` for SQL `LIKE … ESCAPE '\'`. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

export interface LikePattern {
  /** The pattern for `LIKE … ESCAPE '\'` (`*` → `%`, `?` → `_`, literals escaped). */
  like: string;
  /**
   * True when LIKE is exactly the glob. False when the glob has a class: then each class became
   * `_`, so LIKE matches a superset — use it only as a pre-filter for a positive pattern and check
   * rows with `globMatch` (never negate an inexact LIKE).
   */
  exact: boolean;
}

/** SQL LIKE form of a glob (case-sensitive comparison is the caller's job: SQLite LIKE is not). */
export function globToLike(pattern: string): LikePattern {
  let like = '';
  let exact = true;
  for (const t of parseGlob(pattern)) {
    if (t.type === 'literal') like += escapeLike(t.value);
    else if (t.type === 'star') like += '%';
    else if (t.type === 'any') like += '_';
    else {
      like += '_';
      exact = false;
    }
  }
  return { like, exact };
}

const RE_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;
const RE_CLASS_SPECIAL = /[\\^\][-]/g;

function reChar(c: string, inClass = false): string {
  return c.replace(inClass ? RE_CLASS_SPECIAL : RE_SPECIAL, (m) => '\\' + m);
}

/**
 * An anchored regular expression equivalent to the glob, valid for JavaScript `RegExp` with flags
 * `su` (`.` must match newlines; `u` so `?` and classes see code points) and PostgreSQL ARE (`~`,
 * where `.` matches newlines by default). An empty class becomes `(?!.).` (never matches).
 */
export function globToRegExpSource(pattern: string): string {
  let re = '^';
  for (const t of parseGlob(pattern)) {
    if (t.type === 'literal') for (const c of t.value) re += reChar(c);
    else if (t.type === 'star') re += '.*';
    else if (t.type === 'any') re += '.';
    else if (t.ranges.length === 0) re += t.negated ? '.' : '(?!.).';
    else {
      re += t.negated ? '[^' : '[';
      for (const [lo, hi] of t.ranges) re += lo === hi ? reChar(lo, true) : `${reChar(lo, true)}-${reChar(hi, true)}`;
      re += ']';
    }
  }
  return re + '$';
}
