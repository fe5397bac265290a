// The flow designer's endpoints (the `metadata` function): flows with their versions and running records, and the
// admin's edited copy of a flow saved (planned first with a dry run) or removed through the admin metadata door.
import { apiGet, apiRequest } from './client';
import type { EnumOption, Labels } from './types';
import { fetchAdminDocuments, type SchemaPlanStep } from './admin-api';

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
 * Publishes the draft (or plans it, on a dry run). States the draft adds are options of the flow's state field: the
 * admin layer's extension of the entity gets them appended to the field's options (its other overrides and fields
 * kept), and the flow and the extension are saved as one change, so neither lands without the other.
 */
export async function publishFlow(name: string, doc: FlowDoc, entity: string, options: EnumOption[], added: EnumOption[], dryRun: boolean): Promise<FlowChangeResult> {
  if (!added.length) return saveFlow(name, doc, dryRun);
  const current = (await fetchAdminDocuments<Record<string, any>>('extensions')).find((d) => d.name === entity)?.doc ?? { extends: entity };
  const override = current.overrides?.[doc.stateField] ?? {};
  // The stored override is newer than a model read before an earlier publish; an option already there is not added twice.
  const base: EnumOption[] = override.options ?? options;
  const fresh = added.filter((o) => !base.some((b) => b.code === o.code));
  const extension = { ...current, overrides: { ...current.overrides, [doc.stateField]: { ...override, options: [...base, ...fresh] } } };
  const changes = [
    { kind: 'extensions', name: entity, doc: extension },
    { kind: 'workflows', name, doc },
  ];
  return apiRequest<FlowChangeResult>('POST', `/api/admin/metadata${dryRun ? '?dry_run=true' : ''}`, { changes });
}
