// Sandbox limits. The static ones (loop count, loop nesting) are Prefect's and are checked when a
// template is compiled; the runtime ones are ours, because a template that passes Prefect's checks
// can still loop over a large context list, build huge strings or recurse through macros.
import { settingDefinitions } from '../config.js';
import { fail } from './errors.js';

export interface TemplateLimits {
  maxSourceChars: number;
  maxForLoops: number;
  maxLoopNesting: number;
  maxRange: number;
  maxOutputChars: number;
  maxSteps: number;
  maxRenderMs: number;
  maxCallDepth: number;
  /** Parser and value-walk depth: guards the JS stack against `((((…` and deeply nested data. */
  maxNestingDepth: number;
}

export const defaultLimits: TemplateLimits = {
  maxSourceChars: settingDefinitions.templateMaxSourceChars.default,
  maxForLoops: settingDefinitions.templateMaxForLoops.default,
  maxLoopNesting: settingDefinitions.templateMaxLoopNesting.default,
  maxRange: settingDefinitions.templateMaxRange.default,
  maxOutputChars: settingDefinitions.templateMaxOutputChars.default,
  maxSteps: settingDefinitions.templateMaxSteps.default,
  maxRenderMs: settingDefinitions.templateMaxRenderTime.default,
  maxCallDepth: settingDefinitions.templateMaxCallDepth.default,
  maxNestingDepth: 200,
};

/** Limits from resolved settings (`loadSettings()`), for servers wiring the engine up. */
export function limitsFromSettings(settings: {
  templateMaxSourceChars: number;
  templateMaxForLoops: number;
  templateMaxLoopNesting: number;
  templateMaxRange: number;
  templateMaxOutputChars: number;
  templateMaxSteps: number;
  templateMaxRenderTime: number;
  templateMaxCallDepth: number;
}): TemplateLimits {
  return {
    maxSourceChars: settings.templateMaxSourceChars,
    maxForLoops: settings.templateMaxForLoops,
    maxLoopNesting: settings.templateMaxLoopNesting,
    maxRange: settings.templateMaxRange,
    maxOutputChars: settings.templateMaxOutputChars,
    maxSteps: settings.templateMaxSteps,
    maxRenderMs: settings.templateMaxRenderTime,
    maxCallDepth: settings.templateMaxCallDepth,
    maxNestingDepth: defaultLimits.maxNestingDepth,
  };
}

/**
 * The budget of the render in progress. Rendering is synchronous, so one module-level slot is safe;
 * it lets value walks (repr, tojson, equality) and padding helpers charge the render without
 * threading the budget through every signature.
 */
let active: RenderBudget | null = null;

export function withActiveBudget<T>(budget: RenderBudget, fn: () => T): T {
  const previous = active;
  active = budget;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/** Charges one step of a value walk (repr, tojson, deep equality) to the render in progress. */
export function chargeWalk(): void {
  active?.step();
}

/** Refuses a string of `length` characters before it is built (padding widths, indents…). */
export function checkLength(length: number): void {
  if (active) active.checkStringLength(length);
  else if (length > defaultLimits.maxOutputChars)
    fail('limit', `a string of ${length} characters is over the limit of ${defaultLimits.maxOutputChars}`);
}

/** How many steps pass between two clock reads: reading the clock on every step would dominate. */
const CLOCK_CHECK_EVERY = 1024;

/**
 * The per-render budget. Time is measured by counting steps and reading the (injectable) clock every
 * CLOCK_CHECK_EVERY steps — never with timers, which cannot interrupt synchronous code anyway.
 */
export class RenderBudget {
  private steps = 0;
  private nextClockCheck = CLOCK_CHECK_EVERY;
  private readonly deadline: number;
  callDepth = 0;

  constructor(
    readonly limits: TemplateLimits,
    private readonly nowMs: () => number,
  ) {
    this.deadline = nowMs() + limits.maxRenderMs;
  }

  /** Charges `n` steps (one per node, iteration or built item). */
  step(n = 1): void {
    this.steps += n;
    if (this.steps >= this.nextClockCheck) this.slowPath();
  }

  private slowPath(): void {
    if (this.steps > this.limits.maxSteps) {
      fail('limit', `Template rendering took more than ${this.limits.maxSteps} steps (setting templateMaxSteps).`);
    }
    this.nextClockCheck = this.steps + CLOCK_CHECK_EVERY;
    if (this.nowMs() > this.deadline) {
      fail('limit', `Template rendering took longer than ${this.limits.maxRenderMs} ms (setting templateMaxRenderTime).`);
    }
  }

  /** Refuses strings longer than the output limit before they are built. */
  checkStringLength(length: number): void {
    if (length > this.limits.maxOutputChars) {
      fail(
        'limit',
        `Template built a string of ${length} characters; the limit is ${this.limits.maxOutputChars} (setting templateMaxOutputChars).`,
      );
    }
  }

  /** Charges building a collection of `n` items before it is built, so `[0] * 10**9` fails fast. */
  chargeItems(n: number): void {
    if (n > this.limits.maxSteps) {
      fail('limit', `Template tried to build a collection of ${n} items; the limit is ${this.limits.maxSteps} (setting templateMaxSteps).`);
    }
    this.step(n);
  }
}
