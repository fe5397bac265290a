// The one reader of list-like query parameters (records, messages, inbox, audit, history, admin lists): each
// parameter given once, nothing unknown, `limit` a whole number; every problem is a 400 naming the parameter.
import { badRequest, type ErrorDetail } from './errors.ts';

/** `lang` picks the message language on every route, so no route lists it. */
const ALWAYS_ALLOWED = 'lang';

/** Problems with the query's parameter names and repetitions; `allowed` excludes `lang`. */
export function queryParamProblems(query: Record<string, unknown>, allowed: readonly string[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (key === ALWAYS_ALLOWED) continue;
    if (!allowed.includes(key)) problems.push({ path: key, message: 'unknown query parameter', expected: allowed.join(', ') || '(none)' });
    else if (typeof value !== 'string') problems.push({ path: key, message: 'must be given once, as a single value' });
  }
  return problems;
}

/** The query's parameters as single strings, `lang` left out; throws 400 on any unknown or repeated one. */
export function readQueryParamsOrThrow(query: Record<string, unknown>, allowed: readonly string[], what: string): Record<string, string | undefined> {
  const problems = queryParamProblems(query, allowed);
  if (problems.length) throw badRequest(`The ${what} request is not valid`, problems);
  return Object.fromEntries(allowed.map((name) => [name, query[name] as string | undefined]));
}

/**
 * A page size: digits (or, from code, an integer) from 1 up; more than `max` is capped, not refused. Pushes a
 * problem and returns undefined for anything else ("-1", "ten", "1e3", "").
 */
export function parseLimit(value: unknown, max: number, problems: ErrorDetail[]): number | undefined {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    problems.push({ path: 'limit', message: `must be a whole number from 1 to ${max}` });
    return undefined;
  }
  return Math.min(n, max);
}
