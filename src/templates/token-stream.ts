// The token cursor shared by the expression and statement parsers: lookahead, expectations with
// Jinja-like messages, and the nesting-depth guard that keeps hostile sources off the JS stack.
import { TemplateError } from './errors.js';
import type { Token } from './lexer.js';

export class TokenStream {
  protected pos = 0;
  protected depth = 0;

  constructor(
    protected readonly tokens: Token[],
    protected readonly maxDepth: number,
  ) {}

  protected get current(): Token {
    return this.tokens[this.pos];
  }

  protected peek(offset = 1): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  protected next(): Token {
    const t = this.tokens[this.pos];
    if (t.type !== 'eof') this.pos++;
    return t;
  }

  protected error(message: string, token: Token = this.current): never {
    throw new TemplateError('syntax', message, { line: token.line, column: token.column });
  }

  protected isOp(value: string, token = this.current): boolean {
    return token.type === 'op' && token.value === value;
  }

  protected isName(value: string, token = this.current): boolean {
    return token.type === 'name' && token.value === value;
  }

  protected skipOp(value: string): boolean {
    if (this.isOp(value)) {
      this.pos++;
      return true;
    }
    return false;
  }

  protected skipName(value: string): boolean {
    if (this.isName(value)) {
      this.pos++;
      return true;
    }
    return false;
  }

  protected describe(token: Token): string {
    switch (token.type) {
      case 'eof':
        return 'end of template';
      case 'var_end':
        return 'end of print statement';
      case 'block_end':
        return 'end of statement block';
      case 'string':
        return 'string';
      case 'int':
        return 'integer';
      case 'float':
        return 'float';
      default:
        return token.value;
    }
  }

  protected expectOp(value: string): Token {
    if (!this.isOp(value)) this.error(`expected token '${value}', got '${this.describe(this.current)}'`);
    return this.next();
  }

  protected expectName(value?: string): Token {
    const t = this.current;
    if (t.type !== 'name' || (value !== undefined && t.value !== value)) {
      if (t.type === 'eof') this.error(`unexpected end of template, expected '${value ?? 'name'}'`);
      this.error(`expected token '${value ?? 'name'}', got '${this.describe(t)}'`);
    }
    return this.next();
  }

  protected expectType(type: 'block_end' | 'var_end'): void {
    if (this.current.type !== type) {
      const what = type === 'block_end' ? 'end of statement block' : 'end of print statement';
      this.error(`expected token '${what}', got '${this.describe(this.current)}'`);
    }
    this.pos++;
  }

  protected enter(): void {
    if (++this.depth > this.maxDepth) this.error(`template is nested too deeply (more than ${this.maxDepth} levels)`);
  }

  // ---- statements ---------------------------------------------------------------------------

  /** Parses until one of `endTokens` (a `{% name` pair, left unconsumed) or the end of input. */
}
