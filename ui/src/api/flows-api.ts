// The flow designer's endpoints (the `metadata` function): flows with their versions and running records, and the
// admin's edited copy of a flow saved (planned first with a dry run) or removed through the admin metadata door.
import { apiGet, apiRequest } from './client';
import type { EnumOption, Labels } from './types';
import { fetchAdminDocuments, putAdminDocument, type AdminChange, type SchemaPlanStep } from './admin-api';

export interface FlowSummary {
  name: string;
  labels: Labels;
  entity: string;
  origin: 'shipped' | 'admin';
  currentVersion: number | null;
  /** Running approvals per version number. */
  running: Record<string, number>;
}

export interface FlowVersion {
  version: number;
  publishedAt: string;
  current: boolean;
  running: number;
}

export interface RunningRecord {
  recordId: string;
  version: number;
  startedAt: string;
  stepIndex: number;
}

/** A workflow document as docs/workflows.md describes it; the designer edits it as plain JSON. */
export type FlowDoc = Record<string, any>;

export interface FlowDetail {
  flow: FlowSummary;
  definition: FlowDoc;
  versions: FlowVersion[];
  records: RunningRecord[];
}

export interface FlowChangeResult {
  plan: { steps: SchemaPlanStep[]; refused: boolean };
  applied: boolean;
}

export async function fetchFlows(): Promise<FlowSummary[]> {
  return (await apiGet<{ data: FlowSummary[] }>('/api/admin/workflows')).data;
}

export function fetchFlow(name: string): Promise<FlowDetail> {
  return apiGet<FlowDetail>(`/api/admin/workflows/${encodeURIComponent(name)}/versions`);
}

export function saveFlow(name: string, doc: FlowDoc, dryRun: boolean): Promise<FlowChangeResult> {
  return apiRequest<FlowChangeResult>('PUT', `/api/admin/metadata/workflows/${encodeURIComponent(name)}${dryRun ? '?dry_run=true' : ''}`, doc);
}

/** Removes the admin's copy: the shipped flow is in force again. */
export function restoreFlow(name: string, dryRun: boolean): Promise<FlowChangeResult> {
  return apiRequest<FlowChangeResult>('DELETE', `/api/admin/metadata/workflows/${encodeURIComponent(name)}${dryRun ? '?dry_run=true' : ''}`);
}

/**
 * A state the designer adds is an option of the flow's state field: the admin layer's extension of the entity gets the
 * field's options with the new ones appended (its other overrides and fields kept), saved through the same door.
 */
export async function saveStateOptions(entity: string, stateField: string, options: EnumOption[], added: EnumOption[], dryRun: boolean): Promise<AdminChange> {
  const current = (await fetchAdminDocuments<Record<string, any>>('extensions')).find((d) => d.name === entity)?.doc ?? { extends: entity };
  const override = current.overrides?.[stateField] ?? {};
  // The stored override is newer than a model read before an earlier publish; an option already there is not added twice.
  const base: EnumOption[] = override.options ?? options;
  const fresh = added.filter((o) => !base.some((b) => b.code === o.code));
  const doc = { ...current, overrides: { ...current.overrides, [stateField]: { ...override, options: [...base, ...fresh] } } };
  return putAdminDocument('extensions', entity, doc, dryRun);
}
