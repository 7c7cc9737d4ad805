// What a filter or test receives besides its arguments: the render's budget, the sandboxed lookups,
// and the ability to apply other filters and tests (`map('upper')`, `select('odd')`).
import type { RenderBudget } from './limits.js';
import type { Dict } from './values.js';

export interface RenderEnv {
  budget: RenderBudget;
  getAttr(obj: unknown, name: string): unknown;
  getItem(obj: unknown, key: unknown): unknown;
  applyFilter(name: string, value: unknown, args: unknown[], kwargs: Dict): unknown;
  applyTest(name: string, value: unknown, args: unknown[], kwargs: Dict): boolean;
  /** Base URL of the UI for Prefect's `ui_url` filters ('' = none configured). */
  uiUrl: string;
  /** "Now" for humanize filters, in epoch milliseconds (injectable for tests). */
  nowMs(): number;
}

export type Filter = (value: unknown, args: unknown[], kwargs: Dict, env: RenderEnv) => unknown;
export type Test = (value: unknown, args: unknown[], kwargs: Dict, env: RenderEnv) => boolean;
