// Record endpoints: list with json-logic filters and keyset cursors, export, read, write, bulk (with assign), history.
import { apiFileOrAccepted, apiGet, apiRequest, withQuery } from './client';
import type { ExportRequest } from './export-requests-api';
import type { HistoryPage, ListResult, RecordData } from './types';

export interface ListParams {
  filter?: unknown;
  sort?: string;
  limit?: number;
  cursor?: string | null;
  fields?: string[];
  expand?: string[];
  count?: 'exact' | 'estimated';
}

const base = (entity: string) => `/api/records/${encodeURIComponent(entity)}`;

export function listRecords(entity: string, p: ListParams = {}): Promise<ListResult> {
  return apiGet<ListResult>(base(entity), {
    filter: p.filter === undefined ? undefined : JSON.stringify(p.filter),
    sort: p.sort,
    limit: p.limit,
    cursor: p.cursor ?? undefined,
    fields: p.fields?.length ? p.fields.join(',') : undefined,
    expand: p.expand?.length ? p.expand.join(',') : undefined,
    count: p.count,
  });
}

/**
 * The list's filter, sort and columns as an Excel or CSV file (the server applies the export right and field rights),
 * or, above the approval threshold, the export request the server filed instead (导出审批).
 */
export function exportRecords(entity: string, p: Pick<ListParams, 'filter' | 'sort' | 'fields'>, format: 'xlsx' | 'csv'): Promise<{ blob: Blob; filename: string } | { accepted: { data: ExportRequest } }> {
  return apiFileOrAccepted(
    withQuery(`${base(entity)}/export`, {
      filter: p.filter === undefined ? undefined : JSON.stringify(p.filter),
      sort: p.sort,
      fields: p.fields?.length ? p.fields.join(',') : undefined,
      format,
    }),
  );
}

export function getRecord(entity: string, id: string, expand: string[] = []): Promise<RecordData> {
  return apiGet<RecordData>(`${base(entity)}/${encodeURIComponent(id)}`, { expand: expand.length ? expand.join(',') : undefined });
}

/** `idempotencyKey`: the submission's key (submission-key.ts), so a retry after a lost answer creates once. */
export function createRecord(entity: string, data: Record<string, unknown>, idempotencyKey?: string): Promise<RecordData> {
  return apiRequest<RecordData>('POST', base(entity), data, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});
}

/** `version` is the one the edit started from; a newer one on the server answers 409 VERSION_CONFLICT. */
export function updateRecord(entity: string, id: string, data: Record<string, unknown>, version: number): Promise<RecordData> {
  return apiRequest<RecordData>('PATCH', `${base(entity)}/${encodeURIComponent(id)}`, { ...data, version });
}

export function deleteRecord(entity: string, id: string): Promise<void> {
  return apiRequest<void>('DELETE', `${base(entity)}/${encodeURIComponent(id)}`);
}

export type BulkOperation = { op: 'delete'; id: string } | { op: 'assign'; id: string; owner: string } | { op: 'update'; id: string; version?: number; data: Record<string, unknown> } | { op: 'create'; data: Record<string, unknown> };

/** All or nothing: one failing operation rolls every one back. */
export function bulkWrite(entity: string, operations: BulkOperation[]): Promise<{ results: unknown[] }> {
  return apiRequest('POST', `${base(entity)}/bulk`, { operations });
}

export function fetchHistory(entity: string, id: string, cursor?: string | null): Promise<HistoryPage> {
  return apiGet<HistoryPage>(`${base(entity)}/${encodeURIComponent(id)}/history`, { cursor: cursor ?? undefined, limit: 50 });
}

export interface Duplicates {
  matches: { id: string; name: string }[];
  /** Matching records the user may not read: only their number is shown. */
  hidden: number;
}

/** 查重: records whose text field holds the same value after normalisation (spaces, full-width, 有限公司 variants). */
export function findDuplicates(entity: string, field: string, value: string, exclude?: string): Promise<Duplicates> {
  return apiGet<Duplicates>(`${base(entity)}/duplicates`, { field, value, exclude });
}
