// The template AST. Expressions and statements are plain objects tagged by `type`; every node keeps
// the line and column it came from so runtime errors can point at the source.

interface At {
  line: number;
  column: number;
}

export type Expr =
  | ({ type: 'const'; value: unknown } & At)
  | ({ type: 'name'; name: string } & At)
  | ({ type: 'list'; items: Expr[] } & At)
  | ({ type: 'tuple'; items: Expr[] } & At)
  | ({ type: 'dict'; entries: Array<[Expr, Expr]> } & At)
  | ({ type: 'getattr'; target: Expr; name: string } & At)
  | ({ type: 'getitem'; target: Expr; key: Expr } & At)
  | ({ type: 'slice'; start: Expr | null; stop: Expr | null; step: Expr | null } & At)
  | ({ type: 'binary'; op: BinaryOp; left: Expr; right: Expr } & At)
  | ({ type: 'unary'; op: 'not' | 'neg' | 'pos'; operand: Expr } & At)
  | ({ type: 'and' | 'or'; left: Expr; right: Expr } & At)
  | ({ type: 'compare'; first: Expr; ops: Array<{ op: CompareOp; expr: Expr }> } & At)
  | ({ type: 'concat'; parts: Expr[] } & At)
  | ({ type: 'cond'; test: Expr; then: Expr; otherwise: Expr | null } & At)
  | ({ type: 'filter'; name: string; target: Expr | null; args: CallArgs } & At)
  | ({ type: 'test'; name: string; target: Expr; args: CallArgs; negated: boolean } & At)
  | ({ type: 'call'; callee: Expr; args: CallArgs } & At);

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'notin';

export interface CallArgs {
  positional: Expr[];
  keyword: Array<{ name: string; value: Expr }>;
  /** `*expr`: more positional arguments from an iterable. */
  star?: Expr;
  /** `**expr`: more keyword arguments from a mapping. */
  starstar?: Expr;
}

/** Assignment targets: a name, a tuple of names (`for k, v in …`) or a namespace attribute. */
export type Target =
  | ({ type: 'name'; name: string } & At)
  | ({ type: 'tuple'; items: Target[] } & At)
  | ({ type: 'nsattr'; namespace: string; attr: string } & At);

export interface MacroParam {
  name: string;
  default: Expr | null;
}

export type Stmt =
  | ({ type: 'output'; text: string } & At)
  | ({ type: 'print'; expr: Expr } & At)
  | ({ type: 'if'; branches: Array<{ test: Expr; body: Stmt[] }>; otherwise: Stmt[] } & At)
  | ({ type: 'for'; target: Target; iter: Expr; filter: Expr | null; body: Stmt[]; otherwise: Stmt[]; recursive: boolean } & At)
  | ({ type: 'block'; name: string; scoped: boolean; required: boolean; body: Stmt[] } & At)
  | ({ type: 'set'; target: Target; value: Expr } & At)
  | ({ type: 'setblock'; target: Target; body: Stmt[]; filters: Expr[] } & At)
  | ({ type: 'macro'; name: string; params: MacroParam[]; body: Stmt[] } & At)
  | ({ type: 'callblock'; call: Expr; params: MacroParam[]; body: Stmt[] } & At)
  | ({ type: 'filterblock'; filters: Expr[]; body: Stmt[] } & At)
  | ({ type: 'with'; assignments: Array<{ target: Target; value: Expr }>; body: Stmt[] } & At);

export type ExprOf<T extends Expr['type']> = Extract<Expr, { type: T }>;
export type StmtOf<T extends Stmt['type']> = Extract<Stmt, { type: T }>;
