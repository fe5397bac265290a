// Runs a report definition as the viewer: checked, planned, one statement, shaped.
import { badRequest, type RequestContext } from '../core/index.ts';
import { queryRows } from '../db/index.ts';
import { businessClockNow } from '../jobs/index.ts';
import { compileReport } from './compile-report.ts';
import { resolvedValues } from './parameter-values.ts';
import { checkDefinitionShape, planReport } from './plan-report.ts';
import type { ReportDefinition, ReportResult } from './report-types.ts';
import { shapeResult } from './shape-result.ts';

/** POST /api/reports/run: the body is the definition, with `values` for its parameters. */
export async function runReportRequest(ctx: RequestContext, body: unknown): Promise<ReportResult> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The report definition is not valid', [{ path: '/', message: 'a JSON object is required' }]);
  const { values, ...definition } = body as Record<string, unknown>;
  return runReport(ctx, checkDefinitionShape(definition), checkValues(values, '/values'), '/values');
}

export async function runReport(ctx: RequestContext, def: ReportDefinition, values: Record<string, unknown>, valuesPath: string): Promise<ReportResult> {
  // `now` and `today` are the business clock's, as in every list filter, never the server's own.
  const plan = planReport(ctx, def, values, businessClockNow(ctx.tenant), valuesPath);
  const { sql, bindings } = compileReport(ctx, plan);
  const raw = await queryRows<Record<string, unknown>>(ctx.knex, sql, bindings);
  const result = shapeResult(def, plan, raw, ctx.locale);
  // The values used, relative dates resolved: what a screen shows and what a segment's records are filtered by.
  return def.parameters?.length ? { ...result, parameters: resolvedValues(def, values, plan.today) } : result;
}

/** Parameter values: an object of plain values (each is checked against its declaration when planned). */
export function checkValues(values: unknown, path: string): Record<string, unknown> {
  if (values === undefined) return {};
  if (!values || typeof values !== 'object' || Array.isArray(values)) throw badRequest('The report parameters are not valid', [{ path, message: 'must be an object of parameter values' }]);
  return values as Record<string, unknown>;
}

/** POST /api/reports/:code/run: `{parameters}` for the definition's parameters (422 naming `/parameters/<name>`). */
export function parametersOf(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request is not valid', [{ path: '/', message: 'a JSON object is required' }]);
  const unknown = Object.keys(body).filter((k) => k !== 'parameters');
  if (unknown.length) throw badRequest('The request is not valid', unknown.map((k) => ({ path: `/${k}`, message: 'unknown property', expected: 'parameters' })));
  return checkValues((body as { parameters?: unknown }).parameters, '/parameters');
}
