// Saved reports: those shipped as metadata (model.reports) and those users save (saved_report records). A viewer sees
// their own, those shared with one of their roles or their department, and metadata ones; each only when they may
// read its entity. The definition always runs under the viewer's own rights, never the author's.
import { randomBytes } from 'node:crypto';
import { ALLOW_ALL, badRequest, EngineError, notFound, type ErrorDetail, type Locale, type RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { createRecord, deleteRecordById, updateRecordById } from '../data/index.ts';
import { validateDocument, type Labels, type ReportDoc } from '../metadata/index.ts';
import { checkReportOrThrow } from './check-saved-reports.ts';
import type { ReportDefinition } from './report-types.ts';

const ENTITY = 'saved_report';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_CODE = /^[a-z][a-z0-9_]{0,62}$/;
const BODY_KEYS = new Set(['code', 'labels', 'definition', 'chart', 'shared_roles', 'shared_departments']);

export interface SavedReport {
  code: string;
  /** The label in the request's language, and both. */
  label: string;
  labels: Labels;
  description?: Labels;
  entity: string;
  definition: ReportDefinition;
  chart?: ReportDoc['chart'];
  dashboard?: ReportDoc['dashboard'];
  /** metadata: shipped with the product or a plugin; user: saved in the report builder. */
  source: 'metadata' | 'user';
  owner?: string;
  shared_roles?: string[];
  shared_departments?: string[];
  /** Whether the viewer may change or delete it (its owner). */
  editable: boolean;
  version?: number;
}

interface Row {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  definition: ReportDefinition;
  chart: ReportDoc['chart'] | null;
  shared_roles: string[] | null;
  shared_departments: string[] | null;
  owner: string;
  version: number;
}

/** The viewer's role codes (none for the system actor). */
export function viewerRoles(ctx: RequestContext): string[] {
  const access = ctx.access as unknown as { roles?: readonly { code: string }[] };
  return access.roles?.map((r) => r.code) ?? [];
}

export async function listSavedReports(ctx: RequestContext, options: { dashboard?: boolean } = {}): Promise<SavedReport[]> {
  const roles = new Set(viewerRoles(ctx));
  const shipped = [...ctx.model.reports.values()].map((doc) => fromDoc(doc, ctx.locale));
  if (options.dashboard) {
    return shipped.filter((r) => r.dashboard?.roles.some((code) => roles.has(code)) && mayRead(ctx, r.entity)).sort((a, b) => (a.dashboard!.order ?? 0) - (b.dashboard!.order ?? 0) || a.code.localeCompare(b.code));
  }
  const saved = (await visibleRows(ctx)).map((row) => fromRow(ctx, row));
  return [...shipped, ...saved].filter((r) => mayRead(ctx, r.entity));
}

/** One report the viewer may see, or 404 (also for one whose entity they may not read: its existence is not theirs). */
export async function getSavedReport(ctx: RequestContext, code: string): Promise<SavedReport> {
  const doc = ctx.model.reports.get(code);
  const report = doc ? fromDoc(doc, ctx.locale) : (await visibleRows(ctx, code)).map((row) => fromRow(ctx, row))[0];
  if (!report || !mayRead(ctx, report.entity)) throw notFound(`No report "${code}"`);
  return report;
}

/** Saves a new report as the viewer's own: checked as they would run it (400 / 403 / 422 with paths). */
export async function createSavedReport(ctx: RequestContext, body: unknown): Promise<SavedReport> {
  const input = readBody(ctx, body, true);
  if (ctx.model.reports.has(input.code)) throw new EngineError('CONFLICT', `A report "${input.code}" already exists`, [{ path: '/code', message: 'is taken by a built-in report' }]);
  await createRecord(trusted(ctx), ENTITY, input);
  return getSavedReport(ctx, input.code);
}

/** Changes one of the viewer's own reports; metadata reports are changed in their files. */
export async function updateSavedReport(ctx: RequestContext, code: string, body: unknown): Promise<SavedReport> {
  const row = await ownRow(ctx, code);
  const { code: _code, ...input } = readBody(ctx, { code, ...(body as object) }, false);
  await updateRecordById(trusted(ctx), ENTITY, row.id, input, row.version);
  return getSavedReport(ctx, code);
}

export async function deleteSavedReport(ctx: RequestContext, code: string): Promise<void> {
  const row = await ownRow(ctx, code);
  await deleteRecordById(trusted(ctx), ENTITY, row.id);
}

// The store's rule (owner, shared roles and departments) is the access check for saved_report records; the record
// service then writes as the viewer (owner, audit) without asking role rights on an entity nobody is granted.
function trusted(ctx: RequestContext): RequestContext {
  return { ...ctx, access: ALLOW_ALL };
}

async function ownRow(ctx: RequestContext, code: string): Promise<Row> {
  if (ctx.model.reports.has(code)) throw new EngineError('FORBIDDEN', 'A built-in report is changed in its metadata file', [{ path: 'code', message: `"${code}" is a built-in report` }]);
  const row = (await visibleRows(ctx, code))[0];
  if (!row) throw notFound(`No report "${code}"`);
  if (row.owner !== ctx.actor.id) throw new EngineError('FORBIDDEN', 'Only its owner may change a shared report', [{ path: 'code', message: 'shared with you, not yours' }]);
  return row;
}

async function visibleRows(ctx: RequestContext, code?: string): Promise<Row[]> {
  const table = qualified(ctx.tenant, ENTITY);
  const sql = `select id, code, name, name_en, definition, chart, shared_roles, shared_departments, owner, version from ${table} r
    where (r.owner = ?
      or exists (select 1 from jsonb_array_elements_text(case when jsonb_typeof(r.shared_roles) = 'array' then r.shared_roles else '[]'::jsonb end) s(v) where s.v = any(?::text[]))
      or exists (select 1 from jsonb_array_elements_text(case when jsonb_typeof(r.shared_departments) = 'array' then r.shared_departments else '[]'::jsonb end) s(v) where s.v = ?))
      ${code ? 'and r.code = ?' : ''}
    order by r.name, r.code`;
  return queryRows<Row>(ctx.knex, sql, [ctx.actor.id, viewerRoles(ctx), ctx.actor.department ?? null, ...(code ? [code] : [])]);
}

function mayRead(ctx: RequestContext, entityName: string): boolean {
  const entity = ctx.model.entities.get(entityName);
  if (!entity) return false;
  try {
    ctx.access.assertCan(entity, 'read');
    return true;
  } catch (e) {
    if (e instanceof EngineError && e.code === 'FORBIDDEN') return false;
    throw e;
  }
}

function fromDoc(doc: ReportDoc, locale: Locale): SavedReport {
  const definition = doc.definition as unknown as ReportDefinition;
  return {
    code: doc.code,
    label: doc.labels[locale],
    labels: doc.labels,
    ...(doc.description ? { description: doc.description } : {}),
    entity: definition.entity,
    definition,
    ...(doc.chart ? { chart: doc.chart } : {}),
    ...(doc.dashboard ? { dashboard: doc.dashboard } : {}),
    source: 'metadata',
    editable: false,
  };
}

function fromRow(ctx: RequestContext, row: Row): SavedReport {
  const labels = { 'zh-CN': row.name, en: row.name_en ?? row.name };
  return {
    code: row.code,
    label: labels[ctx.locale],
    labels,
    entity: row.definition.entity,
    definition: row.definition,
    ...(row.chart ? { chart: row.chart } : {}),
    source: 'user',
    owner: row.owner,
    shared_roles: row.shared_roles ?? [],
    shared_departments: row.shared_departments ?? [],
    editable: row.owner === ctx.actor.id,
    version: row.version,
  };
}

/** The request body as saved_report fields; the definition and chart checked as the viewer would run them. */
function readBody(ctx: RequestContext, body: unknown, creating: boolean): Record<string, unknown> & { code: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The report is not valid', [{ path: '/', message: 'a JSON object is required' }]);
  const b = body as Record<string, unknown>;
  const problems: ErrorDetail[] = [...Object.keys(b)].filter((k) => !BODY_KEYS.has(k)).map((k) => ({ path: `/${k}`, message: 'unknown property', expected: [...BODY_KEYS].join(', ') }));
  const code = b.code ?? (creating ? `r_${randomBytes(5).toString('hex')}` : undefined);
  const zh = (b.labels as Record<string, unknown> | undefined)?.['zh-CN'];
  const labels = b.labels && typeof b.labels === 'object' && !Array.isArray(b.labels) ? { en: zh, ...(b.labels as object) } : b.labels;
  const doc = { code, labels, definition: b.definition, ...(b.chart !== undefined && b.chart !== null ? { chart: b.chart } : {}) };
  problems.push(...validateDocument('report', '', doc).map((p) => ({ path: p.pointer || '/', message: p.message, ...(p.expected ? { expected: p.expected } : {}) })));
  const roles = listOf(b.shared_roles, '/shared_roles', (v) => typeof v === 'string' && ROLE_CODE.test(v), 'a role code', problems);
  const departments = listOf(b.shared_departments, '/shared_departments', (v) => typeof v === 'string' && UUID.test(v), 'a department id', problems);
  if (problems.length) throw badRequest('The report is not valid', problems);
  checkReportOrThrow(ctx, doc as Pick<ReportDoc, 'definition' | 'chart'>);
  const l = labels as Labels;
  return { code: code as string, name: l['zh-CN'], name_en: l.en, definition: b.definition, chart: doc.chart ?? null, shared_roles: roles, shared_departments: departments };
}

function listOf(value: unknown, path: string, ok: (v: unknown) => boolean, what: string, problems: ErrorDetail[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push({ path, message: 'must be a list' });
    return [];
  }
  value.forEach((v, i) => ok(v) || problems.push({ path: `${path}/${i}`, message: `must be ${what}` }));
  return [...new Set(value as string[])];
}
