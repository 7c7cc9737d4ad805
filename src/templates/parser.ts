// Statement parsing: tokens → AST for a whole template (jinja2/parser.py's statements). Features we do
// not implement are rejected here, at compile time, with a message naming the feature.
import type { Expr, MacroParam, Stmt, Target } from './ast.js';
import { TemplateError } from './errors.js';
import { ExpressionParser } from './expression-parser.js';

const UNSUPPORTED_TAGS: Record<string, string> = {
  extends: 'template inheritance ({% extends %})',
  include: 'including other templates ({% include %})',
  import: 'importing other templates ({% import %})',
  from: 'importing other templates ({% from … import %})',
  autoescape: 'autoescape blocks ({% autoescape %})',
  trans: 'i18n blocks ({% trans %})',
  pluralize: 'i18n blocks ({% pluralize %})',
};
const RESERVED_TARGETS = new Set(['true', 'false', 'none', 'True', 'False', 'None']);

export class Parser extends ExpressionParser {
  /** Names of end tags the enclosing blocks are waiting for, for Jinja-like error messages. */
  private readonly endTokenStack: string[][] = [];
  /** Names of the open block tags (`for`, `if`…), innermost last. */
  private readonly tagStack: string[] = [];

  parseTemplate(): Stmt[] {
    const body = this.subparse(null);
    return body;
  }

  private subparse(endTokens: string[] | null): Stmt[] {
    const body: Stmt[] = [];
    if (endTokens) this.endTokenStack.push(endTokens);
    try {
      for (;;) {
        const t = this.current;
        if (t.type === 'data') {
          body.push({ type: 'output', text: t.value, line: t.line, column: t.column });
          this.pos++;
        } else if (t.type === 'var_begin') {
          this.pos++;
          const expr = this.parseTuple(true);
          this.expectType('var_end');
          body.push({ type: 'print', expr, line: t.line, column: t.column });
        } else if (t.type === 'block_begin') {
          this.pos++;
          const tag = this.current;
          if (endTokens && tag.type === 'name' && endTokens.includes(tag.value)) return body;
          body.push(this.parseStatement());
        } else if (t.type === 'eof') {
          if (endTokens) this.failUnclosed(null);
          return body;
        } else {
          this.error(`unexpected '${t.value}'`);
        }
      }
    } finally {
      if (endTokens) this.endTokenStack.pop();
    }
  }

  private failUnclosed(name: string | null): never {
    // Like Jinja: list the tags the innermost open block accepts, and name that block.
    const expected = (this.endTokenStack.at(-1) ?? []).map((n) => `'${n}'`);
    const innermost = this.tagStack.at(-1);
    const looking = expected.length ? ` Jinja was looking for the following tags: ${expected.join(' or ')}.` : '';
    const inner = innermost ? ` The innermost block that needs to be closed is '${innermost}'.` : '';
    if (name === null) this.error(`Unexpected end of template.${looking}${inner}`);
    this.error(`Encountered unknown tag '${name}'.${looking}${inner}`);
  }

  private parseStatement(): Stmt {
    const tag = this.current;
    if (tag.type !== 'name') this.error('tag name expected');
    if (Object.hasOwn(UNSUPPORTED_TAGS, tag.value)) {
      throw new TemplateError('unsupported', `${UNSUPPORTED_TAGS[tag.value]} is not supported`, tag);
    }
    const parse = this.statementParsers[tag.value];
    // An unknown tag is not a block of its own: the error names the enclosing one.
    if (!parse) return this.failUnclosed(tag.value);
    this.enter();
    this.tagStack.push(tag.value);
    try {
      return parse.call(this);
    } finally {
      this.tagStack.pop();
      this.depth--;
    }
  }

  private readonly statementParsers: Record<string, (this: Parser) => Stmt> = Object.assign(Object.create(null), {
    if: this.parseIf,
    for: this.parseFor,
    set: this.parseSet,
    macro: this.parseMacro,
    call: this.parseCallBlock,
    filter: this.parseFilterBlock,
    with: this.parseWith,
    block: this.parseBlock,
  });

  /** `{% block name [scoped] [required] %}`: without `{% extends %}` a block renders where it stands. */
  private parseBlock(): Stmt {
    const start = this.next();
    const name = this.expectName().value;
    const scoped = this.skipName('scoped');
    const required = this.skipName('required');
    if (this.isOp('-')) {
      this.error('Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.');
    }
    this.expectType('block_end');
    const body = this.subparse(['endblock']);
    this.next();
    if (required && body.some((s) => s.type !== 'output' || s.text.trim() !== '')) {
      this.error('Required blocks can only contain comments or whitespace');
    }
    this.skipName(name);
    this.expectType('block_end');
    return { type: 'block', name, scoped, required, body, line: start.line, column: start.column };
  }

  private parseIf(): Stmt {
    const start = this.next();
    const branches: Array<{ test: Expr; body: Stmt[] }> = [];
    let otherwise: Stmt[] = [];
    for (;;) {
      const test = this.parseTuple(false);
      this.expectType('block_end');
      const body = this.subparse(['elif', 'else', 'endif']);
      branches.push({ test, body });
      const tok = this.next();
      if (tok.value === 'elif') continue;
      if (tok.value === 'else') {
        this.expectType('block_end');
        otherwise = this.subparse(['endif']);
        this.next();
      }
      break;
    }
    this.expectType('block_end');
    return { type: 'if', branches, otherwise, line: start.line, column: start.column };
  }

  private parseFor(): Stmt {
    const start = this.next();
    const target = this.parseAssignTarget(true);
    this.expectName('in');
    const iter = this.parseTuple(false, ['recursive']);
    let filter: Expr | null = null;
    if (this.skipName('if')) filter = this.parseExpression();
    const recursive = this.skipName('recursive');
    this.expectType('block_end');
    const body = this.subparse(['endfor', 'else']);
    let otherwise: Stmt[] = [];
    if (this.next().value === 'else') {
      this.expectType('block_end');
      otherwise = this.subparse(['endfor']);
      this.next();
    }
    this.expectType('block_end');
    return { type: 'for', target, iter, filter, body, otherwise, recursive, line: start.line, column: start.column };
  }

  private parseSet(): Stmt {
    const start = this.next();
    const target = this.parseAssignTarget(true, true);
    if (this.skipOp('=')) {
      const value = this.parseTuple(true);
      this.expectType('block_end');
      return { type: 'set', target, value, line: start.line, column: start.column };
    }
    const filters = this.parseFilterChain();
    this.expectType('block_end');
    const body = this.subparse(['endset']);
    this.next();
    this.expectType('block_end');
    return { type: 'setblock', target, body, filters, line: start.line, column: start.column };
  }

  private parseMacro(): Stmt {
    const start = this.next();
    const name = this.expectName().value;
    const params = this.parseSignature();
    this.expectType('block_end');
    const body = this.subparse(['endmacro']);
    this.next();
    this.expectType('block_end');
    return { type: 'macro', name, params, body, line: start.line, column: start.column };
  }

  private parseSignature(): MacroParam[] {
    const params: MacroParam[] = [];
    this.expectOp('(');
    while (!this.isOp(')')) {
      if (params.length) this.expectOp(',');
      if (this.isOp(')')) break;
      const name = this.expectName().value;
      const dflt = this.skipOp('=') ? this.parseExpression() : null;
      if (!dflt && params.some((p) => p.default)) this.error('non-default argument follows default argument');
      params.push({ name, default: dflt });
    }
    this.next();
    return params;
  }

  private parseCallBlock(): Stmt {
    const start = this.next();
    const params = this.isOp('(') ? this.parseSignature() : [];
    const call = this.parseExpression();
    if (call.type !== 'call') this.error('expected call', start);
    this.expectType('block_end');
    const body = this.subparse(['endcall']);
    this.next();
    this.expectType('block_end');
    return { type: 'callblock', call, params, body, line: start.line, column: start.column };
  }

  private parseFilterBlock(): Stmt {
    const start = this.next();
    const filters = this.parseFilterChain(true);
    this.expectType('block_end');
    const body = this.subparse(['endfilter']);
    this.next();
    this.expectType('block_end');
    return { type: 'filterblock', filters, body, line: start.line, column: start.column };
  }

  private parseWith(): Stmt {
    const start = this.next();
    const assignments: Array<{ target: Target; value: Expr }> = [];
    while (this.current.type !== 'block_end') {
      if (assignments.length) this.expectOp(',');
      const target = this.parseAssignTarget(false);
      this.expectOp('=');
      assignments.push({ target, value: this.parseExpression() });
    }
    this.next();
    const body = this.subparse(['endwith']);
    this.next();
    this.expectType('block_end');
    return { type: 'with', assignments, body, line: start.line, column: start.column };
  }

  /** A chain of `|name(args)` applied to a block's output (no target expression). */

  private parseFilterChain(first = false): Expr[] {
    const filters: Expr[] = [];
    while (first || this.isOp('|')) {
      if (!first) this.next();
      first = false;
      filters.push(this.parseFilterTail(null));
    }
    return filters;
  }

  private parseAssignTarget(allowTuple: boolean, allowNamespace = false): Target {
    const t = this.current;
    if (allowNamespace && t.type === 'name' && this.isOp('.', this.peek())) {
      this.pos += 2;
      const attr = this.expectName().value;
      return { type: 'nsattr', namespace: t.value, attr, line: t.line, column: t.column };
    }
    const items: Target[] = [];
    let sawComma = false;
    for (;;) {
      const tok = this.current;
      if (tok.type === 'op' && tok.value === '(') {
        this.next();
        items.push(this.parseAssignTarget(true));
        this.expectOp(')');
      } else {
        // Jinja's wording: a missing target is a missing expression, a literal is a 'const'.
        if (tok.type === 'block_end' || tok.type === 'var_end' || tok.type === 'eof')
          this.error(`Expected an expression, got '${this.describe(tok)}'`);
        if (tok.type !== 'name') this.error(`can't assign to '${tok.type === 'op' ? tok.value : 'const'}'`);
        if (RESERVED_TARGETS.has(tok.value)) this.error(`can't assign to '${tok.value}'`);
        this.next();
        items.push({ type: 'name', name: tok.value, line: tok.line, column: tok.column });
      }
      if (!allowTuple || !this.isOp(',')) break;
      this.next();
      sawComma = true;
      if (this.current.type !== 'name' && !this.isOp('(')) break;
    }
    if (!sawComma) return items[0];
    return { type: 'tuple', items, line: t.line, column: t.column };
  }
}
