// The OpenAPI entries of /api/reports: ad-hoc runs and exports, saved reports (list, read, save, run, export).
import type { JsonSchema } from '../data/index.ts';
import { body, E400, E401, E403, E404, E409, E422, obj, ok, path, query, tag } from './openapi-parts.ts';

const result = ok('{columns, rows, totals, truncated, parameters}', {
  type: 'object',
  required: ['columns', 'rows', 'totals'],
  properties: {
    columns: { type: 'array', items: { type: 'object' } },
    rows: { type: 'array', items: { type: 'object' } },
    totals: { type: 'object' },
    truncated: { type: 'boolean' },
    parameters: { type: 'object', description: 'only for a report with parameters: the values it ran with, each relative date ({period, edge}) resolved to its date' },
  },
});
const definition = { type: 'object', required: ['entity', 'measures'], description: 'engine/metadata/schemas/report-definition.schema.json' };
const labels = { type: 'object', properties: { 'zh-CN': { type: 'string' }, en: { type: 'string' } }, required: ['zh-CN'] };
const savedReport = ok('A saved report: code, label (request language), labels, entity, definition, chart, dashboard, source (metadata | user), owner, sharing, editable');
const saved = obj(
  {
    code: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$', description: 'made up when left out' },
    labels,
    definition,
    chart: { type: 'object', description: '{type: bar|line|pie|funnel|table|pivot, category?, values?}' },
    shared_roles: { type: 'array', items: { type: 'string' }, description: 'role codes whose holders see it' },
    shared_departments: { type: 'array', items: { type: 'string', format: 'uuid' }, description: 'departments whose members see it' },
  },
  ['labels', 'definition'],
);
const code = path('code', { type: 'string' }, 'saved report code');
const format = query('format', 'csv (UTF-8 with BOM, the default) or xlsx', { type: 'string', enum: ['csv', 'xlsx'] });
const parameters = body(obj({ parameters: { type: 'object', description: 'values of the definition\'s parameters, by name' } }), false);
const file = {
  description: 'The file (Content-Disposition names it; X-Total-Count says how many rows)',
  content: { 'text/csv': { schema: { type: 'string' } }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
};
const exportNote = 'needs the export right on the entity, whose scope narrows the read scope; audited; a result of more rows than the export approval threshold is not exported but filed as an export request (202, 导出审批), downloaded once approved from /api/export-requests/{id}/file';
const reason = query('reason', 'why the export is needed, kept on the export request when one is filed (at most 500 characters)');
const filed = { '202': ok('{data: export request (id, status, row_count, threshold…)}: more rows than the threshold, filed for approval') };

export function reportsPaths(): Record<string, JsonSchema> {
  return {
    '/api/reports/run': {
      post: {
        operationId: 'runReport',
        ...tag('reports'),
        summary: 'Run an aggregate report under the viewer\'s row scope and field mask (a field they may not read is refused 403 with its path)',
        requestBody: body({ ...definition, description: 'engine/metadata/schemas/report-definition.schema.json, plus `values` for its parameters' }),
        responses: { '200': result, ...E400, ...E401, ...E403, ...E422 },
      },
    },
    '/api/reports/export': {
      post: {
        operationId: 'exportAdHocReport',
        ...tag('reports'),
        summary: `Export an ad-hoc report definition (plus \`values\`) as CSV or XLSX; ${exportNote}`,
        parameters: [format, reason],
        requestBody: body(definition),
        responses: { '200': file, ...filed, ...E400, ...E401, ...E403, ...E422 },
      },
    },
    '/api/reports/apply': {
      post: {
        operationId: 'applyReportColumn',
        ...tag('reports'),
        summary: 'Write a report measure (e.g. the ABC class) to a field of the records its one reference group names; a plan (N records from X to Y) unless dry_run is false, then one audited bulk update (the metadata function, update scope and field right)',
        requestBody: body(obj({ definition: { type: 'object' }, values: { type: 'object' }, column: { type: 'string' }, field: { type: 'string' }, dry_run: { type: 'boolean' } }, ['definition', 'column', 'field'])),
        responses: { '200': ok('{dry_run, entity, field, changes, summary, unchanged, skipped}'), ...E400, ...E401, ...E403, ...E422 },
      },
    },
    '/api/reports': {
      get: {
        operationId: 'listReports',
        ...tag('reports'),
        summary: 'Saved reports the viewer sees: metadata ones and their own or shared ones, each only where they may read its entity',
        parameters: [query('dashboard', 'true: only the portal\'s reports for the viewer\'s roles', { type: 'string', enum: ['true', 'false'] })],
        responses: { '200': ok('{data: saved reports}'), ...E400, ...E401 },
      },
      post: {
        operationId: 'saveReport',
        ...tag('reports'),
        summary: 'Save a report as the viewer\'s own, optionally shared with roles and departments (checked as the viewer would run it)',
        requestBody: body(saved),
        responses: { '201': savedReport, ...E400, ...E401, ...E403, ...E409, ...E422 },
      },
    },
    '/api/reports/{code}': {
      parameters: [code],
      get: { operationId: 'getReport', ...tag('reports'), summary: 'A saved report the viewer sees', responses: { '200': savedReport, ...E401, ...E404 } },
      put: { operationId: 'updateReport', ...tag('reports'), summary: 'Change one of the viewer\'s own saved reports', requestBody: body(saved), responses: { '200': savedReport, ...E400, ...E401, ...E403, ...E404, ...E409, ...E422 } },
      delete: { operationId: 'deleteReport', ...tag('reports'), summary: 'Delete one of the viewer\'s own saved reports', responses: { '204': { description: 'Deleted' }, ...E401, ...E403, ...E404 } },
    },
    '/api/reports/{code}/run': {
      post: {
        operationId: 'runSavedReport',
        ...tag('reports'),
        summary: 'Run a saved report under the viewer\'s own rights (never the author\'s); parameters checked against the definition (422 naming /parameters/<name>)',
        parameters: [code],
        requestBody: parameters,
        responses: { '200': result, ...E400, ...E401, ...E403, ...E404, ...E422 },
      },
    },
    '/api/reports/{code}/export': {
      post: {
        operationId: 'exportSavedReport',
        ...tag('reports'),
        summary: `Export a saved report as CSV or XLSX under the viewer's rights; ${exportNote}`,
        parameters: [code, format, reason],
        requestBody: parameters,
        responses: { '200': file, ...filed, ...E400, ...E401, ...E403, ...E404, ...E422 },
      },
    },
  };
}
