// The one place json-logic-js is configured: our operators are registered here, once, on its module-level table.
import jsonLogicModule from 'json-logic-js';
import { foldAscii } from './ascii-fold.ts';
import { addToDate, todayIn } from './date-math.ts';
import { FORBIDDEN_NAMES } from './limits.ts';
import { DEFAULT_TIME_ZONE, type RuleContext } from './types.ts';

interface JsonLogicEngine {
  apply(logic: unknown, data?: unknown): unknown;
  truthy(value: unknown): boolean;
  add_operation(name: string, code: (...args: never[]) => unknown): void;
}

export const jsonLogic = jsonLogicModule as unknown as JsonLogicEngine;

// json-logic-js calls operators with the data as `this` and nothing else, so the context of the evaluation in
// progress is held here. Evaluation is synchronous; evaluateRule saves and restores it, so nesting is safe.
let active: RuleContext | undefined;

export function withRuleContext<T>(ctx: RuleContext, run: () => T): T {
  const previous = active;
  active = ctx;
  try {
    return run();
  } finally {
    active = previous;
  }
}

function activeContext(): RuleContext {
  return active ?? { now: new Date() };
}

const own = (o: unknown, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/**
 * json-logic's `var`, with two changes: only own properties are read (so `constructor`, `__proto__` and friends are
 * never reached, even through a computed name), and names starting with `$` read the context variables.
 */
function safeVar(this: unknown, name?: unknown, fallback?: unknown): unknown {
  const notFound = fallback === undefined ? null : fallback;
  if (name === undefined || name === '' || name === null) return this;
  const path = String(name);
  if (path.startsWith('$')) {
    const variables = activeContext().variables ?? {};
    return own(variables, path) && variables[path] !== undefined ? variables[path] : notFound;
  }
  let data: unknown = this;
  for (const key of path.split('.')) {
    if (data === null || data === undefined || FORBIDDEN_NAMES.has(key) || !own(data, key)) return notFound;
    data = (data as Record<string, unknown>)[key];
    if (data === undefined) return notFound;
  }
  return data;
}

function contains(text: unknown, part: unknown): boolean {
  return typeof text === 'string' && typeof part === 'string' && foldAscii(text).includes(foldAscii(part));
}

function startsWith(text: unknown, prefix: unknown): boolean {
  return typeof text === 'string' && typeof prefix === 'string' && foldAscii(text).startsWith(foldAscii(prefix));
}

/** The JavaScript side of contains / starts_with, for the compiler's constant folding. */
export const textMatches = { contains, starts_with: startsWith } as const;

function now(): string {
  return activeContext().now.toISOString();
}

function today(): string {
  const ctx = activeContext();
  return todayIn(ctx.now, ctx.timeZone ?? DEFAULT_TIME_ZONE);
}

function dateAdd(value: unknown, n: unknown, unit: unknown): string | null {
  return addToDate(value, n, unit, activeContext().timeZone ?? DEFAULT_TIME_ZONE);
}

let registered = false;

/** Idempotent; every entry point of this folder calls it before touching json-logic-js. */
export function registerRuleOperations(): void {
  if (registered) return;
  jsonLogic.add_operation('var', safeVar as never);
  jsonLogic.add_operation('contains', contains as never);
  jsonLogic.add_operation('starts_with', startsWith as never);
  jsonLogic.add_operation('now', now);
  jsonLogic.add_operation('today', today);
  jsonLogic.add_operation('date_add', dateAdd as never);
  registered = true;
}
