// Administration endpoints (plugins: the `plugins` function; the admin's own fields: the `metadata` function).
// Every change is live on return: the caller tells the UI the model changed (api/meta-api `modelChanged`).
import { apiGet, apiRequest } from './client';
import type { EnumOption, ErrorDetail, Labels } from './types';

export interface PluginInfo {
  name: string;
  labels?: Labels;
  description?: Labels;
  /** Version of the bundle on the server's disk (plugins/<name>), when there is one. */
  available?: string;
  installed?: { version: string; status: 'installed' | 'disabled'; coreGrants: boolean };
  dependencies?: Record<string, string>;
  problems: ErrorDetail[];
}

export type PluginAction = 'install' | 'upgrade' | 'uninstall' | 'purge';

export interface SchemaPlanStep {
  action: string;
  table: string;
  column?: string;
  impact: string;
  description: string;
}

export interface PluginResult {
  name: string;
  version: string;
  status: string;
  plan: { steps: SchemaPlanStep[]; refused: boolean };
}

export async function fetchPlugins(): Promise<PluginInfo[]> {
  return (await apiGet<{ data: PluginInfo[] }>('/api/admin/plugins')).data;
}

export function runPluginAction(name: string, action: Exclude<PluginAction, 'purge'>, grantCore: boolean): Promise<PluginResult> {
  return apiRequest<PluginResult>('POST', `/api/admin/plugins/${encodeURIComponent(name)}/${action}`, action === 'uninstall' ? {} : { grantCore });
}

export interface PurgeResult {
  name: string;
  version: string;
  /** The backup file on the server, written before anything was removed. */
  backup: string;
  rows: number;
}

/** Deletes an uninstalled plugin's data for good (after a server-side backup); `confirm` repeats its name. */
export function purgePlugin(name: string, confirm: string): Promise<PurgeResult> {
  return apiRequest<PurgeResult>('POST', `/api/admin/plugins/${encodeURIComponent(name)}/purge`, { confirm });
}

/** The field types an administrator may add. */
export const CUSTOM_FIELD_TYPES = ['string', 'text', 'integer', 'decimal', 'money', 'boolean', 'date', 'datetime', 'enum', 'multi_enum', 'ref', 'children', 'many_to_many', 'rollup', 'formula', 'attachment', 'autonumber', 'json'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
/** What deleting a referenced record does to the records whose ref field points at it. */
export const REF_ON_DELETE = ['restrict', 'set_null', 'cascade'] as const;
export type RefOnDelete = (typeof REF_ON_DELETE)[number];
/** What a formula field's value is stored as. */
export const FORMULA_RESULT_TYPES = ['decimal', 'money', 'integer', 'string', 'boolean', 'date'] as const;
export type FormulaResultType = (typeof FORMULA_RESULT_TYPES)[number];
/** What a rollup computes over its lines, and the type of its value. */
export const ROLLUP_AGGREGATES = ['sum', 'count', 'min', 'max'] as const;
export type RollupAggregate = (typeof ROLLUP_AGGREGATES)[number];
export const ROLLUP_RESULT_TYPES = ['integer', 'decimal', 'money'] as const;
/** When an autonumber's counter starts again at 1. */
export const AUTONUMBER_RESETS = ['never', 'yearly', 'monthly', 'daily'] as const;
export type AutonumberReset = (typeof AUTONUMBER_RESETS)[number];

export interface CustomFieldDef {
  type: CustomFieldType;
  labels: Labels;
  required?: boolean;
  default?: unknown;
  options?: EnumOption[];
  maxLength?: number;
  min?: number;
  max?: number;
  /** A ref's, lines' or many-to-many's target entity, and what deleting a target record does (ref). */
  target?: string;
  onDelete?: RefOnDelete;
  /** Lines (children): the child entity's ref back to this entity. */
  foreignKey?: string;
  /** A rollup: the lines field it aggregates (or the records of another entity pointing here), how, which number
   *  field, and which of them (json-logic). */
  of?: string;
  from?: { entity?: string; via?: string };
  where?: unknown;
  aggregate?: RollupAggregate;
  field?: string;
  /** A formula's json-logic and the type of its value (docs/metadata.md, formula). */
  formula?: unknown;
  resultType?: FormulaResultType;
  precision?: number;
  scale?: number;
  /** An attachment's limits: most files, largest file in bytes, accepted types (extensions or MIME types). */
  maxFiles?: number;
  maxSize?: number;
  accept?: string[];
  /** An autonumber's template and when its counter restarts. */
  template?: string;
  reset?: AutonumberReset;
  /** Whatever else the definition holds (description, unique…) is kept as it is. */
  [key: string]: unknown;
}

export interface ExtensionDoc {
  extends: string;
  fields?: Record<string, CustomFieldDef>;
  [key: string]: unknown;
}

export async function fetchExtensions(): Promise<ExtensionDoc[]> {
  return (await apiGet<{ data: ExtensionDoc[] }>('/api/admin/extensions')).data;
}

/** Replaces the entity's admin fields; answers the schema plan that was applied. */
export function putExtension(entity: string, doc: ExtensionDoc): Promise<{ steps: SchemaPlanStep[]; refused: boolean }> {
  return apiRequest('PUT', `/api/admin/extensions/${encodeURIComponent(entity)}`, doc);
}

export function deleteExtension(entity: string): Promise<{ steps: SchemaPlanStep[]; refused: boolean }> {
  return apiRequest('DELETE', `/api/admin/extensions/${encodeURIComponent(entity)}`);
}

/** A schema plan step as the designers show it before applying (what it does to existing rows). */
export interface PlannedStep extends SchemaPlanStep {
  rowCount?: number;
  reason?: string;
}

export interface AdminChange {
  plan: { steps: PlannedStep[]; refused: boolean };
  applied: boolean;
}

/** Saves one admin-layer document (entities, extensions, menus…); `dryRun` answers the plan and changes nothing. */
export function putAdminDocument(kind: string, name: string, doc: unknown, dryRun: boolean): Promise<AdminChange> {
  return apiRequest('PUT', `/api/admin/metadata/${kind}/${encodeURIComponent(name)}${dryRun ? '?dry_run=true' : ''}`, doc);
}

export async function fetchAdminDocuments<T>(kind: string): Promise<{ name: string; doc: T }[]> {
  return (await apiGet<{ data: { name: string; doc: T }[] }>(`/api/admin/metadata/${kind}`)).data;
}

/** The number the next record would get from a numbering template, without taking it. */
export async function previewAutonumber(template: string, reset: string, entity: string, field: string): Promise<string> {
  const q = new URLSearchParams({ template, reset, entity, field });
  return (await apiGet<{ number: string }>(`/api/admin/autonumber-preview?${q}`)).number;
}
