// Lexer: template source → tokens, following Jinja2's default lexer (delimiters `{{ }}`, `{% %}`,
// `{# #}`, `-` whitespace control, `raw` blocks, newline normalisation, one trailing newline dropped).
import { unescapeString } from './string-escapes.js';
import { MAX_COMPUTED_DIGITS } from './bigint.js';
import { PositionlessError, TemplateError, type SourcePosition } from './errors.js';

export type TokenType = 'data' | 'var_begin' | 'var_end' | 'block_begin' | 'block_end' | 'name' | 'string' | 'int' | 'float' | 'op' | 'eof';

export interface Token {
  type: TokenType;
  /** Text for data/name/op; decoded value for strings; number for int/float. */
  value: string;
  num?: number | bigint;
  line: number;
  column: number;
}

const OPERATORS = [
  '//',
  '**',
  '==',
  '!=',
  '>=',
  '<=',
  '+',
  '-',
  '/',
  '*',
  '%',
  '~',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  '>',
  '<',
  '=',
  '.',
  ':',
  '|',
  ',',
  ';',
];
const CLOSING: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const NAME_RE = /[\p{L}_][\p{L}\p{N}_]*/uy;
const FLOAT_RE = /(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INT_RE = /0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[\da-fA-F])+|[1-9](?:_?\d)*|0(?:_?0)*/y;
const STRING_RE = /'([^'\\]*(?:\\[\s\S][^'\\]*)*)'|"([^"\\]*(?:\\[\s\S][^"\\]*)*)"/y;
const WS_RE = /\s+/y;
const RAW_BEGIN_RE = /\{%[-+]?\s*raw\s*(-?)%\}/y;
const RAW_END_RE = /\{%(-?)[+]?\s*endraw\s*(-?)%\}/g;

export class Lexer {
  private readonly src: string;
  private readonly lineStarts: number[] = [0];
  private readonly tokens: Token[] = [];
  /** Set after a `-}}`/`-%}`/`-#}`: the next data token loses its leading whitespace. */
  private stripNextData = false;

  constructor(source: string) {
    // Jinja normalises every newline to \n and (keep_trailing_newline=False) drops one final newline.
    let src = source.replace(/\r\n?/g, '\n');
    if (src.endsWith('\n')) src = src.slice(0, -1);
    this.src = src;
    for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  position(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }

  private error(message: string, offset: number): never {
    throw new TemplateError('syntax', message, this.position(offset));
  }

  private push(type: TokenType, value: string, offset: number, num?: number | bigint): void {
    const { line, column } = this.position(offset);
    this.tokens.push({ type, value, num, line, column });
  }

  private pushData(text: string, offset: number): void {
    if (this.stripNextData) {
      const stripped = text.replace(/^\s+/, '');
      offset += text.length - stripped.length;
      text = stripped;
      this.stripNextData = false;
    }
    if (text) this.push('data', text, offset);
  }

  tokenize(): Token[] {
    const src = this.src;
    let pos = 0;
    while (pos < src.length) {
      const next = findTagStart(src, pos);
      if (next < 0) {
        this.pushData(src.slice(pos), pos);
        break;
      }
      const kind = src[next + 1];
      const stripBefore = src[next + 2] === '-';
      let text = src.slice(pos, next);
      if (stripBefore) text = text.replace(/\s+$/, '');
      this.pushData(text, pos);
      this.stripNextData = false;
      if (kind === '#') pos = this.comment(next);
      else if (kind === '%' && ((RAW_BEGIN_RE.lastIndex = next), RAW_BEGIN_RE.test(src))) pos = this.raw(next);
      else pos = this.expressionTag(next, kind === '{' ? 'var' : 'block');
    }
    this.push('eof', '', src.length);
    return this.tokens;
  }

  private comment(start: number): number {
    const end = this.src.indexOf('#}', start + 2);
    if (end < 0) this.error('Missing end of comment tag', start);
    this.stripNextData = this.src[end - 1] === '-' && end - 1 >= start + 2;
    return end + 2;
  }

  private raw(start: number): number {
    RAW_BEGIN_RE.lastIndex = start;
    const begin = RAW_BEGIN_RE.exec(this.src)!;
    let contentStart = start + begin[0].length;
    RAW_END_RE.lastIndex = contentStart;
    const end = RAW_END_RE.exec(this.src);
    if (!end) this.error('Missing end of raw directive', start);
    let content = this.src.slice(contentStart, end.index);
    if (begin[1] === '-') {
      const stripped = content.replace(/^\s+/, '');
      contentStart += content.length - stripped.length;
      content = stripped;
    }
    if (end[1] === '-') content = content.replace(/\s+$/, '');
    if (content) this.push('data', content, contentStart);
    this.stripNextData = end[2] === '-';
    return end.index + end[0].length;
  }

  private expressionTag(start: number, kind: 'var' | 'block'): number {
    const src = this.src;
    this.push(kind === 'var' ? 'var_begin' : 'block_begin', kind === 'var' ? '{{' : '{%', start);
    let pos = start + 2;
    if (src[pos] === '-' || (kind === 'block' && src[pos] === '+')) pos++;
    const close = kind === 'var' ? '}}' : '%}';
    const balance: string[] = [];
    for (;;) {
      if (pos >= src.length) this.error(`unexpected end of template, expected '${close}'`, pos);
      WS_RE.lastIndex = pos;
      if (WS_RE.test(src)) {
        pos = WS_RE.lastIndex;
        continue;
      }
      if (balance.length === 0) {
        const strip = src[pos] === '-' || (kind === 'block' && src[pos] === '+');
        const at = strip ? pos + 1 : pos;
        if (src.startsWith(close, at)) {
          this.push(kind === 'var' ? 'var_end' : 'block_end', close, pos);
          this.stripNextData = src[pos] === '-';
          return at + 2;
        }
      }
      pos = this.expressionToken(pos, balance);
    }
  }

  private expressionToken(pos: number, balance: string[]): number {
    const src = this.src;
    const c = src[pos];
    if (c === "'" || c === '"') {
      STRING_RE.lastIndex = pos;
      const m = STRING_RE.exec(src);
      if (!m) this.error(`unexpected char ${JSON.stringify(c)} at ${pos}`, pos);
      let value: string;
      try {
        value = unescapeString(m[1] ?? m[2]);
      } catch (err) {
        // Python's unicode-escape errors (`\xZZ`, `\N{NO SUCH NAME}`) are syntax errors in Jinja.
        if (err instanceof PositionlessError) throw new TemplateError(err.kind, err.reason, this.position(pos));
        throw err;
      }
      this.push('string', value, pos);
      return STRING_RE.lastIndex;
    }
    if (c >= '0' && c <= '9') {
      FLOAT_RE.lastIndex = pos;
      // Like Jinja's `(?<!\.)`: right after a dot (`x.0.1`) digits are item indexes, not a float.
      const f = src[pos - 1] === '.' ? null : FLOAT_RE.exec(src);
      INT_RE.lastIndex = pos;
      const i = INT_RE.exec(src);
      if (f && (!i || f[0].length >= i[0].length)) {
        this.push('float', f[0], pos, Number(f[0].replace(/_/g, '')));
        return FLOAT_RE.lastIndex;
      }
      if (i) {
        if (i[0].length > MAX_COMPUTED_DIGITS) this.error('integer literal is too large for the template sandbox', pos);
        this.push('int', i[0], pos, parseIntLiteral(i[0]));
        return INT_RE.lastIndex;
      }
    }
    NAME_RE.lastIndex = pos;
    const name = NAME_RE.exec(src);
    if (name) {
      this.push('name', name[0], pos);
      return NAME_RE.lastIndex;
    }
    for (const op of OPERATORS) {
      if (!src.startsWith(op, pos)) continue;
      if (op === '(' || op === '[' || op === '{') balance.push(op);
      else if (op in CLOSING) {
        if (balance.length === 0) this.error(`unexpected '${op}'`, pos);
        const open = balance.pop();
        if (open !== CLOSING[op]) this.error(`unexpected '${op}', expected '${closerOf(open!)}'`, pos);
      }
      this.push('op', op, pos);
      return pos + op.length;
    }
    this.error(`unexpected char ${JSON.stringify(c)} at ${pos}`, pos);
  }
}

function closerOf(open: string): string {
  return open === '(' ? ')' : open === '[' ? ']' : '}';
}

function findTagStart(src: string, from: number): number {
  for (let i = src.indexOf('{', from); i >= 0; i = src.indexOf('{', i + 1)) {
    const n = src[i + 1];
    if (n === '{' || n === '%' || n === '#') return i;
  }
  return -1;
}

/** An int literal: a number while it is safe, else an exact bigint (Python ints are unbounded). */
function parseIntLiteral(text: string): number | bigint {
  const exact = BigInt(text.replace(/_/g, '').toLowerCase());
  return exact >= BigInt(Number.MIN_SAFE_INTEGER) && exact <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(exact) : exact;
}
