// A report's parameter values (`$param.<name>` in its filters): each given one declared, each checked against its
// declared type, defaults filled in; a date parameter may also take a relative date (`{"period", "edge"}`), resolved
// here from the run's today.
import type { ErrorDetail } from '../core/index.ts';
import type { ValueKind } from '../metadata/index.ts';
import { isCanonicalDate } from '../rules/index.ts';
import { isRelativeValue, relativeDateProblems, resolveRelativeDate, type RelativeDate } from './relative-period.ts';
import type { ReportDefinition } from './report-types.ts';

const PARAM_KINDS: Record<string, ValueKind> = { date: 'date', number: 'number', string: 'string' };

export type ParameterValues = Map<string, { kind: ValueKind; value: unknown }>;

/** `$param.<name>` → kind and value; the problems (at `valuesPath/<name>`) go to `problems`. */
export function parameterValues(def: ReportDefinition, values: Record<string, unknown>, valuesPath: string, problems: ErrorDetail[], today: string): ParameterValues {
  const out: ParameterValues = new Map();
  const declared = new Set((def.parameters ?? []).map((p) => p.name));
  for (const name of Object.keys(values)) if (!declared.has(name)) problems.push({ path: `${valuesPath}/${name}`, message: `the report has no parameter "${name}"`, expected: [...declared].join(', ') || 'no parameters' });
  for (const p of def.parameters ?? []) {
    let value = values[p.name] ?? p.default ?? null;
    const path = `${valuesPath}/${p.name}`;
    if (p.type === 'date' && isRelativeValue(value)) {
      const found = relativeDateProblems(value, path);
      problems.push(...found);
      value = found.length ? null : resolveRelativeDate(value as unknown as RelativeDate, today);
    } else if (value === null) {
      if (p.required) problems.push({ path, message: 'is required' });
    } else if (p.type === 'date' && !isCanonicalDate(value)) problems.push({ path, message: 'must be a date (YYYY-MM-DD) or a relative date {"period", "edge"}' });
    else if (p.type === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) problems.push({ path, message: 'must be a number' });
    else if (p.type === 'string' && typeof value !== 'string') problems.push({ path, message: 'must be text' });
    out.set(`$param.${p.name}`, { kind: PARAM_KINDS[p.type]!, value });
  }
  return out;
}

/** What is wrong with parameter values stored for later runs (a schedule's), before any run. */
export function parameterValueProblems(def: ReportDefinition, values: Record<string, unknown>, valuesPath: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  parameterValues(def, values, valuesPath, problems, '2000-01-01');
  return problems;
}

/** The values with every relative date resolved from `today`: what a run used, for its message. */
export function resolvedValues(def: ReportDefinition, values: Record<string, unknown>, today: string): Record<string, unknown> {
  const resolved = parameterValues(def, values, '', [], today);
  return Object.fromEntries((def.parameters ?? []).map((p) => [p.name, resolved.get(`$param.${p.name}`)?.value ?? null]).filter(([, v]) => v !== null));
}
