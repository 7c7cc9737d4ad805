// Escapes in string literals. Jinja decodes a literal's body with Python's `unicode-escape` codec, so
// `\n`, `\x41`, `\u00e9`, `\U0001F600`, octal `\101` and `\N{BULLET}` work, unknown escapes such as
// `\q` are kept as they are, and a malformed escape is a syntax error with the codec's message.
// `\N{…}` knows the names in unicode-names.ts only (a bounded table; see docs/templates.md).
import { fail } from './errors.js';
import { lookupUnicodeName } from './unicode-names.js';

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };
const TRUNCATED: Record<string, string> = { x: 'truncated \\xXX escape', u: 'truncated \\uXXXX escape', U: 'truncated \\UXXXXXXXX escape' };

/** Python's unicode-escape decoding. Throws a positionless syntax error the lexer places. */
export function unescapeString(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const slash = body.indexOf('\\', i);
    if (slash < 0 || slash === body.length - 1) {
      out += body.slice(i);
      break;
    }
    out += body.slice(i, slash);
    const esc = body[slash + 1];
    i = slash + 2;
    if (Object.hasOwn(SIMPLE_ESCAPES, esc)) {
      out += SIMPLE_ESCAPES[esc];
    } else if (Object.hasOwn(HEX_DIGITS, esc)) {
      const digits = body.slice(i, i + HEX_DIGITS[esc]);
      if (!new RegExp(`^[0-9a-fA-F]{${HEX_DIGITS[esc]}}$`).test(digits)) fail('syntax', TRUNCATED[esc]);
      const cp = parseInt(digits, 16);
      if (cp > 0x10ffff) fail('syntax', 'illegal Unicode character');
      out += String.fromCodePoint(cp);
      i += digits.length;
    } else if (esc >= '0' && esc <= '7') {
      const octal = /^[0-7]{1,3}/.exec(body.slice(slash + 1))![0];
      out += String.fromCodePoint(parseInt(octal, 8));
      i = slash + 1 + octal.length;
    } else if (esc === 'N') {
      const close = body.indexOf('}', i);
      if (body[i] !== '{' || close < 0 || close === i + 1) fail('syntax', 'malformed \\N character escape');
      const name = body.slice(i + 1, close);
      const ch = lookupUnicodeName(name);
      // A name Python knows but the bounded table does not is refused as unsupported, not as unknown.
      if (ch === undefined) fail('unsupported', `the Unicode character name '${name}' is not in Herald's table of \\N{…} names`);
      out += ch;
      i = close + 1;
    } else {
      out += '\\' + esc;
    }
  }
  return out;
}
