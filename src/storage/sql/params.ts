// Bind parameters collected while a statement is built. SQLite gets named parameters (`@p1`) so
// fragments can be assembled in any order; PostgreSQL gets numbered ones (`$1`) with optional casts.
// Lists travel as ONE parameter (a JSON array on SQLite, a typed array on PostgreSQL), so no
// statement ever approaches a bind-parameter limit however long a filter's lists are ([compat D10.18]).

export type ParamStyle = 'named' | 'numbered';

export class Params {
  readonly #style: ParamStyle;
  readonly #values: unknown[] = [];

  constructor(style: ParamStyle) {
    this.#style = style;
  }

  /** Adds a value and returns its placeholder (with `::cast` on PostgreSQL when given). */
  add(value: unknown, cast?: string): string {
    // better-sqlite3 binds every JS number as REAL; integers must be BigInt to stay INTEGER
    // (integer division, LIMIT, index comparisons with INTEGER columns).
    this.#values.push(this.#style === 'named' && typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value);
    const n = this.#values.length;
    if (this.#style === 'named') return `@p${n}`;
    return cast ? `$${n}::${cast}` : `$${n}`;
  }

  /** Positional values (PostgreSQL). */
  get values(): unknown[] {
    return this.#values;
  }

  /** Named values keyed `p1`, `p2`, … (better-sqlite3). */
  get named(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.#values.forEach((v, i) => {
      out[`p${i + 1}`] = v;
    });
    return out;
  }
}

/** SQL text and its bind parameters. */
export interface Statement {
  sql: string;
  params: Params;
}
