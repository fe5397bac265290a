// Checks every saved report of a model against that model when it is assembled: the definition's shape, entity,
// fields, operations, filter and chart keys, each problem with the report's file and its JSON pointer. Checked with
// every right (ALLOW_ALL): whether a viewer may read the fields is decided when they run it.
import { ALLOW_ALL, EngineError, SYSTEM_ACTOR, validationFailed, type ErrorDetail, type RequestContext } from '../core/index.ts';
import type { Model, ReportDoc } from '../metadata/index.ts';
import { checkDefinitionShape, planReport } from './plan-report.ts';
import type { ReportDefinition } from './report-types.ts';

/** Stand-ins for required parameters without a default: the check plans the statement, it never runs it. */
const SAMPLE_VALUES = { date: '2000-01-01', number: 0, string: '' } as const;

export function checkSavedReports(model: Model): ErrorDetail[] {
  const ctx = { actor: SYSTEM_ACTOR, access: ALLOW_ALL, tenant: { schema: 'report_check' }, model, locale: 'en', requestId: 'report-check' } as unknown as RequestContext;
  return [
    ...[...model.reports.values()].flatMap((doc) => reportProblems(ctx, doc).map(({ path, ...d }) => ({ file: doc.source.file, pointer: path ?? '', ...d }))),
    ...repeatedDashboardCharts(model),
  ];
}

/**
 * Two reports on one role's dashboard drawing the same chart of the same groups of the same records would show that
 * role one widget twice (the portal showed two sales funnels once a built-in funnel joined an earlier one): the later
 * one (by code) is named at its `/dashboard`.
 */
function repeatedDashboardCharts(model: Model): ErrorDetail[] {
  const seen = new Map<string, string>();
  const problems: ErrorDetail[] = [];
  for (const doc of [...model.reports.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    if (!doc.dashboard) continue;
    const def = doc.definition as unknown as ReportDefinition;
    const widget = JSON.stringify([def.entity, def.filter ?? null, def.group_by ?? [], def.pivot ?? null, doc.chart?.type ?? 'table', doc.chart?.category ?? null]);
    for (const role of doc.dashboard.roles) {
      const other = seen.get(`${role} ${widget}`);
      if (other) {
        problems.push({ file: doc.source.file, pointer: '/dashboard/roles', message: `role "${role}" already sees the same chart on its dashboard: report "${other}"` });
        break;
      }
      seen.set(`${role} ${widget}`, doc.code);
    }
  }
  return problems;
}

/**
 * What is wrong with a saved report's definition and chart for the viewer in `ctx` (their rights apply: an author
 * saves only what they may run), each problem at its path in the document (`/definition/…`, `/chart/…`).
 */
export function reportProblems(ctx: RequestContext, doc: Pick<ReportDoc, 'definition' | 'chart'>): ErrorDetail[] {
  try {
    checkReportOrThrow(ctx, doc);
    return [];
  } catch (e) {
    if (e instanceof EngineError) return e.details;
    throw e;
  }
}

/** As reportProblems, thrown: 400 for the shape, 403 for fields the viewer may not read, 422 for the rest. */
export function checkReportOrThrow(ctx: RequestContext, doc: Pick<ReportDoc, 'definition' | 'chart'>): ReportDefinition {
  let def: ReportDefinition;
  try {
    def = checkDefinitionShape(doc.definition);
    const values = Object.fromEntries((def.parameters ?? []).filter((p) => p.required && p.default === undefined).map((p) => [p.name, SAMPLE_VALUES[p.type]]));
    planReport(ctx, def, values, new Date(), '/parameters');
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    const details = (e.details.length ? e.details : [{ path: '', message: e.message }]).map((d) => ({ ...d, path: `/definition${inDefinition(d.path)}` }));
    throw new EngineError(e.code, e.message, details);
  }
  const problems = chartProblems(def, doc.chart);
  if (problems.length) throw validationFailed(problems, 'The report\'s chart does not fit its definition');
  return def;
}

/** A definition problem's pointer; an entity refused as a whole names the entity. */
function inDefinition(path: string | undefined): string {
  if (!path || path === '/') return '';
  return path.startsWith('/') ? path : '/entity';
}

function chartProblems(def: ReportDefinition, chart: ReportDoc['chart']): ErrorDetail[] {
  if (!chart) return [];
  const groups = new Set((def.group_by ?? []).map((g) => g.as ?? g.field));
  const measures = new Set(def.measures.map((m) => m.as));
  const problems: ErrorDetail[] = [];
  if (chart.category !== undefined && !groups.has(chart.category)) problems.push({ path: '/chart/category', message: `"${chart.category}" is not a group of the report` });
  chart.values?.forEach((v, i) => !measures.has(v) && problems.push({ path: `/chart/values/${i}`, message: `"${v}" is not a measure of the report` }));
  if (['bar', 'line', 'pie', 'funnel'].includes(chart.type) && !groups.size) problems.push({ path: '/chart/type', message: `a ${chart.type} chart needs the report grouped by at least one field` });
  return problems;
}
