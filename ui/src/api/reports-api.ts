// The report endpoints (报表专家): run a definition, saved reports (list, read, save, run by code), CSV / XLSX export.
import { ApiError, apiGet, apiLanguage, apiRequest } from './client';
import type { ExportRequest } from './export-requests-api';
import type { ErrorDetail, Labels } from './types';

export type Bucket = 'day' | 'week' | 'month' | 'quarter' | 'year';
export type MeasureOp = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'count_distinct';
export type ChartType = 'bar' | 'line' | 'pie' | 'funnel' | 'table' | 'pivot';

export interface ReportDefinition {
  entity: string;
  filter?: unknown;
  parameters?: { name: string; type: 'date' | 'number' | 'string'; labels?: Labels; required?: boolean; default?: string | number }[];
  group_by?: { field: string; bucket?: Bucket; as?: string; labels?: Labels }[];
  measures: { op: MeasureOp; field?: string; as: string; labels?: Labels }[];
  pivot?: { field: string; bucket?: Bucket };
  sort?: { key: string; desc?: boolean }[];
  limit?: number;
}

export interface ChartSpec {
  type: ChartType;
  category?: string;
  values?: string[];
}

export interface ReportColumn {
  key: string;
  label: string;
  type: string;
  role: 'group' | 'measure';
  field?: string;
  bucket?: Bucket;
  options?: { code: string; label: string }[];
  target?: string;
  pivot?: unknown;
  measure?: string;
}

export interface ReportResult {
  columns: ReportColumn[];
  rows: Record<string, unknown>[];
  totals: Record<string, unknown>;
  truncated: boolean;
  /** A report with parameters: the values it ran with, relative dates resolved. */
  parameters?: Record<string, unknown>;
}

export interface SavedReport {
  code: string;
  label: string;
  labels: Labels;
  description?: Labels;
  entity: string;
  definition: ReportDefinition;
  chart?: ChartSpec;
  dashboard?: { roles: string[]; order?: number };
  source: 'metadata' | 'user';
  owner?: string;
  shared_roles?: string[];
  shared_departments?: string[];
  editable: boolean;
  version?: number;
}

export interface SaveReportBody {
  code?: string;
  labels: { 'zh-CN': string; en?: string };
  definition: ReportDefinition;
  chart?: ChartSpec;
  shared_roles?: string[];
  shared_departments?: string[];
}

export const listReports = async (dashboard = false) => (await apiGet<{ data: SavedReport[] }>('/api/reports', dashboard ? { dashboard: 'true' } : {})).data;
/** `values`: the definition's parameters (a date also as `{period, edge}`). */
export const runDefinition = (definition: ReportDefinition, values: Record<string, unknown> = {}) => apiRequest<ReportResult>('POST', '/api/reports/run', { ...definition, values });
export const runSavedReport = (code: string, parameters: Record<string, unknown> = {}) => apiRequest<ReportResult>('POST', `/api/reports/${encodeURIComponent(code)}/run`, { parameters });
export const createReport = (body: SaveReportBody) => apiRequest<SavedReport>('POST', '/api/reports', body);
export const updateReport = (code: string, body: SaveReportBody) => apiRequest<SavedReport>('PUT', `/api/reports/${encodeURIComponent(code)}`, body);
export const deleteReport = (code: string) => apiRequest<void>('DELETE', `/api/reports/${encodeURIComponent(code)}`);

/**
 * The report as a file: a saved one by code, or an unsaved definition; or, above the export approval threshold, the
 * export request the server filed instead (导出审批).
 */
export async function downloadReport(what: { code: string } | { definition: ReportDefinition }, values: Record<string, unknown>, format: 'csv' | 'xlsx'): Promise<{ blob: Blob; filename: string } | { accepted: { data: ExportRequest } }> {
  const path = 'code' in what ? `/api/reports/${encodeURIComponent(what.code)}/export?format=${format}` : `/api/reports/export?format=${format}`;
  return fetchFile(path, { method: 'POST', body: JSON.stringify('code' in what ? { parameters: values } : { ...what.definition, values }) }, `report.${format}`);
}

/** The file a scheduled report delivered to me (定时发送). */
export async function downloadDelivery(id: string): Promise<{ blob: Blob; filename: string }> {
  const answer = await fetchFile(`/api/report-deliveries/${encodeURIComponent(id)}/file`, { method: 'GET' }, 'report');
  if ('accepted' in answer) throw new ApiError(202, 'ACCEPTED', 'The server answered no file');
  return answer;
}

async function fetchFile(path: string, init: { method: string; body?: string }, fallbackName: string): Promise<{ blob: Blob; filename: string } | { accepted: { data: ExportRequest } }> {
  const res = await fetch(path, { ...init, credentials: 'same-origin', headers: { 'content-type': 'application/json', 'accept-language': apiLanguage() } });
  if (!res.ok) {
    const err = ((await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? res.statusText, err?.details ?? []);
  }
  if (res.status === 202) return { accepted: (await res.json()) as { data: ExportRequest } };
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(res.headers.get('content-disposition') ?? '')?.[1];
  return { blob: await res.blob(), filename: encoded ? decodeURIComponent(encoded) : fallbackName };
}

export type ScheduleFrequency = 'daily' | 'weekly' | 'monthly';

export interface ScheduleBody {
  frequency: ScheduleFrequency;
  weekday?: number;
  day_of_month?: number;
  time: string;
  recipients: { users?: string[]; roles?: string[]; departments?: string[] };
  format: 'xlsx' | 'csv';
  parameters?: Record<string, unknown>;
}

export interface ReportSchedule extends Omit<ScheduleBody, 'time' | 'weekday' | 'day_of_month' | 'recipients'> {
  id: string;
  report_code: string;
  time_of_day: string;
  weekday: number | null;
  day_of_month: number | null;
  recipients: { users: string[]; roles: string[]; departments: string[] };
  next_run_at: string | null;
}

const schedulesPath = (code: string) => `/api/reports/${encodeURIComponent(code)}/schedules`;
export const listSchedules = async (code: string) => (await apiGet<{ data: ReportSchedule[] }>(schedulesPath(code))).data;
export const createSchedule = (code: string, body: ScheduleBody) => apiRequest<ReportSchedule>('POST', schedulesPath(code), body);
export const updateSchedule = (code: string, id: string, body: ScheduleBody) => apiRequest<ReportSchedule>('PUT', `${schedulesPath(code)}/${encodeURIComponent(id)}`, body);
export const deleteSchedule = (code: string, id: string) => apiRequest<void>('DELETE', `${schedulesPath(code)}/${encodeURIComponent(id)}`);
