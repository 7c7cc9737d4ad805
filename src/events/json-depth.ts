// The JSON depth limit (setting maxJsonDepth), checked on every parsed JSON input before it is
// validated. Why: JSON.parse accepts any depth, but everything after it that recurses — the
// validator's JSON.stringify size check, structuredClone, Fastify's reply serializer — overflows the
// stack on a few thousand levels and turns hostile input into a 500. The walk here is iterative (an
// explicit stack), so the check itself cannot overflow.

import { issue, type Loc, type ValidationIssue } from './issues.js';

/** Herald-only issue type: the input nests objects/arrays deeper than `maxJsonDepth`. */
export const JSON_TOO_DEEP = 'json_too_deep';

interface Frame {
  value: object;
  depth: number;
  parent: Frame | null;
  key: string | number;
}

/**
 * The path (keys and indexes from the top) of the first object or array that lies deeper than
 * `maxDepth` levels, or null when `value` is within the limit. The top-level object is level 1.
 */
export function findTooDeep(value: unknown, maxDepth: number): Loc | null {
  if (typeof value !== 'object' || value === null) return null;
  const stack: Frame[] = [{ value, depth: 1, parent: null, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.depth > maxDepth) return pathOf(frame);
    const node = frame.value;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: frame.depth + 1, parent: frame, key: i });
      }
    } else {
      for (const key in node) {
        const child: unknown = (node as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: frame.depth + 1, parent: frame, key });
      }
    }
  }
  return null;
}

function pathOf(frame: Frame): Loc {
  const path: Loc = [];
  for (let f: Frame | null = frame; f !== null && f.parent !== null; f = f.parent) path.push(f.key);
  return path.reverse();
}

/** The 422 issue for input nested deeper than `maxDepth`; `loc` names the too-deep value. No `input`: echoing it is what overflows. */
export function jsonTooDeep(loc: Loc, maxDepth: number): ValidationIssue {
  return issue(loc, JSON_TOO_DEEP, `JSON nesting is deeper than the limit of ${maxDepth} levels`, undefined, { max_depth: maxDepth });
}

/** The issue for `value` when it is too deep, located under `prefix` (e.g. `['body']`), else null. */
export function jsonDepthIssue(value: unknown, maxDepth: number, prefix: Loc = []): ValidationIssue | null {
  const path = findTooDeep(value, maxDepth);
  return path === null ? null : jsonTooDeep([...prefix, ...path], maxDepth);
}
