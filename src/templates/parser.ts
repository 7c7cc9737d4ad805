// Parser: tokens → AST, a recursive-descent port of Jinja2's grammar (jinja2/parser.py), including its
// operator precedence and the places where it accepts tuples or bare test arguments. Features we do
// not implement are rejected here, at compile time, with a message naming the feature.
import type { CallArgs, CompareOp, Expr, MacroParam, Stmt, Target } from './ast.js';
import { TemplateError } from './errors.js';
import type { Token } from './lexer.js';
import { makeFloat } from './values.js';

const UNSUPPORTED_TAGS: Record<string, string> = {
  extends: 'template inheritance ({% extends %})',
  block: 'template inheritance ({% block %})',
  include: 'including other templates ({% include %})',
  import: 'importing other templates ({% import %})',
  from: 'importing other templates ({% from … import %})',
  autoescape: 'autoescape blocks ({% autoescape %})',
  trans: 'i18n blocks ({% trans %})',
  pluralize: 'i18n blocks ({% pluralize %})',
};
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const TEST_ARG_START = new Set(['name', 'string', 'int', 'float']);
const RESERVED_TARGETS = new Set(['true', 'false', 'none', 'True', 'False', 'None']);

export class Parser {
  private pos = 0;
  private depth = 0;
  /** Names of end tags the enclosing blocks are waiting for, for Jinja-like error messages. */
  private readonly endTokenStack: string[][] = [];
  /** Names of the open block tags (`for`, `if`…), innermost last. */
  private readonly tagStack: string[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly maxDepth: number,
  ) {}

  parseTemplate(): Stmt[] {
    const body = this.subparse(null);
    return body;
  }

  // ---- token helpers ------------------------------------------------------------------------

  private get current(): Token {
    return this.tokens[this.pos];
  }

  private peek(offset = 1): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.tokens[this.pos];
    if (t.type !== 'eof') this.pos++;
    return t;
  }

  private error(message: string, token: Token = this.current): never {
    throw new TemplateError('syntax', message, { line: token.line, column: token.column });
  }

  private isOp(value: string, token = this.current): boolean {
    return token.type === 'op' && token.value === value;
  }

  private isName(value: string, token = this.current): boolean {
    return token.type === 'name' && token.value === value;
  }

  private skipOp(value: string): boolean {
    if (this.isOp(value)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private skipName(value: string): boolean {
    if (this.isName(value)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private describe(token: Token): string {
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

  private expectOp(value: string): Token {
    if (!this.isOp(value)) this.error(`expected token '${value}', got '${this.describe(this.current)}'`);
    return this.next();
  }

  private expectName(value?: string): Token {
    const t = this.current;
    if (t.type !== 'name' || (value !== undefined && t.value !== value)) {
      if (t.type === 'eof') this.error(`unexpected end of template, expected '${value ?? 'name'}'`);
      this.error(`expected token '${value ?? 'name'}', got '${this.describe(t)}'`);
    }
    return this.next();
  }

  private expectType(type: 'block_end' | 'var_end'): void {
    if (this.current.type !== type) {
      const what = type === 'block_end' ? 'end of statement block' : 'end of print statement';
      this.error(`expected token '${what}', got '${this.describe(this.current)}'`);
    }
    this.pos++;
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) this.error(`template is nested too deeply (more than ${this.maxDepth} levels)`);
  }

  // ---- statements ---------------------------------------------------------------------------

  /** Parses until one of `endTokens` (a `{% name` pair, left unconsumed) or the end of input. */
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
    this.enter();
    this.tagStack.push(tag.value);
    try {
      switch (tag.value) {
        case 'if':
          return this.parseIf();
        case 'for':
          return this.parseFor();
        case 'set':
          return this.parseSet();
        case 'macro':
          return this.parseMacro();
        case 'call':
          return this.parseCallBlock();
        case 'filter':
          return this.parseFilterBlock();
        case 'with':
          return this.parseWith();
      }
      if (tag.value in UNSUPPORTED_TAGS) {
        throw new TemplateError('unsupported', `${UNSUPPORTED_TAGS[tag.value]} is not supported`, tag);
      }
      this.tagStack.pop();
      this.failUnclosed(tag.value);
    } finally {
      if (this.tagStack.at(-1) === tag.value) this.tagStack.pop();
      this.depth--;
    }
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
    if (this.isName('recursive')) {
      throw new TemplateError('unsupported', 'recursive for loops ({% for … recursive %}) are not supported', this.current);
    }
    this.expectType('block_end');
    const body = this.subparse(['endfor', 'else']);
    let otherwise: Stmt[] = [];
    if (this.next().value === 'else') {
      this.expectType('block_end');
      otherwise = this.subparse(['endfor']);
      this.next();
    }
    this.expectType('block_end');
    return { type: 'for', target, iter, filter, body, otherwise, line: start.line, column: start.column };
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
        if (tok.type !== 'name') this.error(`can't assign to ${JSON.stringify(this.describe(tok))}`);
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

  // ---- expressions --------------------------------------------------------------------------

  parseExpression(withCondexpr = true): Expr {
    this.enter();
    try {
      return withCondexpr ? this.parseCondexpr() : this.parseOr();
    } finally {
      this.depth--;
    }
  }

  /** `a, b` builds a tuple where Jinja allows one (print statements, for iterables, set values). */
  private parseTuple(withCondexpr: boolean, extraEndNames: string[] = []): Expr {
    const start = this.current;
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.expectOp(',');
      if (this.isTupleEnd(extraEndNames)) break;
      items.push(this.parseExpression(withCondexpr));
      if (this.isOp(',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length) return items[0];
      this.error(`Expected an expression, got '${this.describe(this.current)}'`);
    }
    return { type: 'tuple', items, line: start.line, column: start.column };
  }

  private isTupleEnd(extraEndNames: string[]): boolean {
    const t = this.current;
    if (t.type === 'var_end' || t.type === 'block_end' || t.type === 'eof') return true;
    if (t.type === 'op' && (t.value === ')' || t.value === ']' || t.value === '}')) return true;
    return t.type === 'name' && extraEndNames.includes(t.value);
  }

  private parseCondexpr(): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      const start = this.current;
      let expr = this.parseOr();
      while (this.skipName('if')) {
        this.enter();
        const test = this.parseOr();
        const otherwise = this.skipName('else') ? this.parseCondexpr() : null;
        expr = { type: 'cond', test, then: expr, otherwise, line: start.line, column: start.column };
      }
      return expr;
    } finally {
      this.depth = baseDepth;
    }
  }


  private parseOr(): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      let left = this.parseAnd();
      while (this.isName('or')) {
        this.enter();
        const t = this.next();
        left = { type: 'or', left, right: this.parseAnd(), line: t.line, column: t.column };
      }
      return left;
    } finally {
      this.depth = baseDepth;
    }
  }


  private parseAnd(): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      let left = this.parseNot();
      while (this.isName('and')) {
        this.enter();
        const t = this.next();
        left = { type: 'and', left, right: this.parseNot(), line: t.line, column: t.column };
      }
      return left;
    } finally {
      this.depth = baseDepth;
    }
  }


  private parseNot(): Expr {
    if (this.isName('not')) {
      const t = this.next();
      this.enter();
      try {
        return { type: 'unary', op: 'not', operand: this.parseNot(), line: t.line, column: t.column };
      } finally {
        this.depth--;
      }
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      const start = this.current;
      const first = this.parseMath1();
      const ops: Array<{ op: CompareOp; expr: Expr }> = [];
      for (;;) {
        this.enter();
        const t = this.current;
        if (t.type === 'op' && COMPARE_OPS.has(t.value)) {
          this.next();
          ops.push({ op: t.value as CompareOp, expr: this.parseMath1() });
        } else if (this.isName('in')) {
          this.next();
          ops.push({ op: 'in', expr: this.parseMath1() });
        } else if (this.isName('not') && this.isName('in', this.peek())) {
          this.pos += 2;
          ops.push({ op: 'notin', expr: this.parseMath1() });
        } else break;
      }
      if (!ops.length) return first;
      return { type: 'compare', first, ops, line: start.line, column: start.column };
    } finally {
      this.depth = baseDepth;
    }
  }


  private parseMath1(): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      let left = this.parseConcat();
      while (this.isOp('+') || this.isOp('-')) {
        this.enter();
        const t = this.next();
        left = { type: 'binary', op: t.value as '+' | '-', left, right: this.parseConcat(), line: t.line, column: t.column };
      }
      return left;
    } finally {
      this.depth = baseDepth;
    }
  }


  private parseConcat(): Expr {
    const start = this.current;
    const parts = [this.parseMath2()];
    while (this.skipOp('~')) parts.push(this.parseMath2());
    if (parts.length === 1) return parts[0];
    return { type: 'concat', parts, line: start.line, column: start.column };
  }

  private parseMath2(): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      let left = this.parsePow();
      while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%')) {
        this.enter();
        const t = this.next();
        left = { type: 'binary', op: t.value as '*', left, right: this.parsePow(), line: t.line, column: t.column };
      }
      return left;
    } finally {
      this.depth = baseDepth;
    }
  }


  private parsePow(): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      let left = this.parseUnary(true);
      while (this.isOp('**')) {
        this.enter();
        const t = this.next();
        left = { type: 'binary', op: '**', left, right: this.parseUnary(true), line: t.line, column: t.column };
      }
      return left;
    } finally {
      this.depth = baseDepth;
    }
  }


  private parseUnary(withFilter: boolean): Expr {
    const t = this.current;
    let node: Expr;
    this.enter();
    try {
      if (this.isOp('-') || this.isOp('+')) {
        this.next();
        node = { type: 'unary', op: t.value === '-' ? 'neg' : 'pos', operand: this.parseUnary(false), line: t.line, column: t.column };
      } else {
        node = this.parsePrimary();
      }
      node = this.parsePostfix(node);
      if (withFilter) node = this.parseFilterExpr(node);
      return node;
    } finally {
      this.depth--;
    }
  }

  private parsePrimary(): Expr {
    const t = this.current;
    const at = { line: t.line, column: t.column };
    switch (t.type) {
      case 'name': {
        this.next();
        if (t.value === 'true' || t.value === 'True') return { type: 'const', value: true, ...at };
        if (t.value === 'false' || t.value === 'False') return { type: 'const', value: false, ...at };
        if (t.value === 'none' || t.value === 'None') return { type: 'const', value: null, ...at };
        return { type: 'name', name: t.value, ...at };
      }
      case 'string': {
        this.next();
        let value = t.value;
        while (this.current.type === 'string') value += this.next().value;
        return { type: 'const', value, ...at };
      }
      case 'int':
        this.next();
        return { type: 'const', value: t.num, ...at };
      case 'float':
        this.next();
        return { type: 'const', value: makeFloat(t.num!), ...at };
      case 'op':
        if (t.value === '(') {
          this.next();
          if (this.isOp(')')) {
            this.next();
            return { type: 'tuple', items: [], ...at };
          }
          const inner = this.parseTuple(true);
          this.expectOp(')');
          // `()` and `(a,)` are tuples; `(a)` is just a.
          return inner;
        }
        if (t.value === '[') return this.parseList();
        if (t.value === '{') return this.parseDict();
        break;
      case 'eof':
        this.error('unexpected end of template');
    }
    this.error(`unexpected '${this.describe(t)}'`);
  }

  private parseList(): Expr {
    const start = this.next();
    const items: Expr[] = [];
    while (!this.isOp(']')) {
      if (items.length) this.expectOp(',');
      if (this.isOp(']')) break;
      items.push(this.parseExpression());
    }
    this.next();
    return { type: 'list', items, line: start.line, column: start.column };
  }

  private parseDict(): Expr {
    const start = this.next();
    const entries: Array<[Expr, Expr]> = [];
    while (!this.isOp('}')) {
      if (entries.length) this.expectOp(',');
      if (this.isOp('}')) break;
      const key = this.parseExpression();
      this.expectOp(':');
      entries.push([key, this.parseExpression()]);
    }
    this.next();
    return { type: 'dict', entries, line: start.line, column: start.column };
  }

  private parsePostfix(node: Expr): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      for (;;) {
        this.enter();
        const t = this.current;
        if (this.isOp('.')) {
          this.next();
          const attr = this.current;
          if (attr.type === 'name') {
            this.next();
            node = { type: 'getattr', target: node, name: attr.value, line: t.line, column: t.column };
          } else if (attr.type === 'int') {
            this.next();
            node = { type: 'getitem', target: node, key: { type: 'const', value: attr.num, line: attr.line, column: attr.column }, line: t.line, column: t.column };
          } else this.error('expected name or number');
        } else if (this.isOp('[')) {
          this.next();
          node = { type: 'getitem', target: node, key: this.parseSubscripts(), line: t.line, column: t.column };
          this.expectOp(']');
        } else if (this.isOp('(')) {
          node = { type: 'call', callee: node, args: this.parseCallArgs(), line: t.line, column: t.column };
        } else return node;
      }
    } finally {
      this.depth = baseDepth;
    }
  }


  private parseSubscripts(): Expr {
    const start = this.current;
    const items: Expr[] = [];
    for (;;) {
      items.push(this.parseSubscript());
      if (!this.skipOp(',')) break;
      if (this.isOp(']')) break;
    }
    if (items.length === 1 && !this.isOp(',')) return items[0];
    return { type: 'tuple', items, line: start.line, column: start.column };
  }

  private parseSubscript(): Expr {
    const t = this.current;
    let start: Expr | null = null;
    if (!this.isOp(':')) {
      start = this.parseExpression();
      if (!this.isOp(':')) return start;
    }
    this.next();
    const stop = this.isOp(']') || this.isOp(',') || this.isOp(':') ? null : this.parseExpression();
    let step: Expr | null = null;
    if (this.skipOp(':') && !this.isOp(']') && !this.isOp(',')) step = this.parseExpression();
    return { type: 'slice', start, stop, step, line: t.line, column: t.column };
  }

  private parseCallArgs(): CallArgs {
    const open = this.expectOp('(');
    const args: CallArgs = { positional: [], keyword: [] };
    let first = true;
    while (!this.isOp(')')) {
      if (!first) this.expectOp(',');
      first = false;
      if (this.isOp(')')) break;
      if (this.isOp('*') || this.isOp('**')) {
        throw new TemplateError('unsupported', 'argument unpacking (*args / **kwargs in calls) is not supported', this.current);
      }
      if (this.current.type === 'name' && this.isOp('=', this.peek())) {
        const name = this.next().value;
        this.next();
        args.keyword.push({ name, value: this.parseExpression() });
      } else {
        if (args.keyword.length) this.error('invalid syntax for function call expression', open);
        args.positional.push(this.parseExpression());
      }
    }
    this.next();
    return args;
  }

  private parseFilterExpr(node: Expr): Expr {
    // Each chained operator nests the AST one level deeper: count it against the depth limit.
    const baseDepth = this.depth;
    try {
      for (;;) {
        this.enter();
        if (this.isOp('|')) {
          this.next();
          node = this.parseFilterTail(node);
        } else if (this.isName('is')) {
          node = this.parseTest(node);
        } else if (this.isOp('(')) {
          const t = this.current;
          node = { type: 'call', callee: node, args: this.parseCallArgs(), line: t.line, column: t.column };
        } else return node;
      }
    } finally {
      this.depth = baseDepth;
    }
  }


  private parseFilterTail(target: Expr | null): Expr {
    const t = this.expectName();
    let name = t.value;
    while (this.isOp('.')) {
      this.next();
      name += '.' + this.expectName().value;
    }
    const args = this.isOp('(') ? this.parseCallArgs() : { positional: [], keyword: [] };
    return { type: 'filter', name, target, args, line: t.line, column: t.column };
  }

  private parseTest(target: Expr): Expr {
    const isTok = this.next();
    const negated = this.skipName('not');
    let name = this.expectName().value;
    while (this.isOp('.')) {
      this.next();
      name += '.' + this.expectName().value;
    }
    let args: CallArgs = { positional: [], keyword: [] };
    const t = this.current;
    if (this.isOp('(')) args = this.parseCallArgs();
    else if (
      (TEST_ARG_START.has(t.type) || this.isOp('[') || this.isOp('{')) &&
      !(t.type === 'name' && ['else', 'or', 'and'].includes(t.value)) &&
      !this.isName('is')
    ) {
      if (this.isName('is')) this.error('You cannot chain multiple tests with is');
      let arg = this.parsePrimary();
      arg = this.parsePostfix(arg);
      args = { positional: [arg], keyword: [] };
    }
    return { type: 'test', name, target, args, negated, line: isTok.line, column: isTok.column };
  }
}
