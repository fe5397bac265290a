// 配置导入导出: the configuration bundle (GET / POST /api/admin/config-bundle).
import type { SchemaPlanStep } from './admin-api';
import { apiDownload, apiRequest } from './client';

export type ConfigAction = 'create' | 'replace' | 'unchanged';

export interface ConfigImportResult {
  applied: boolean;
  manifest: { name: string; version: string; description?: Record<string, string> };
  documents: { file: string; kind: string; name: string; action: ConfigAction }[];
  plan: { steps: (SchemaPlanStep & { rowCount?: number })[]; refused: boolean };
}

export function downloadConfigBundle(): Promise<{ blob: Blob; filename: string }> {
  return apiDownload('/api/admin/config-bundle');
}

/** `dryRun`: the plan only, nothing changed; otherwise everything in one transaction, or nothing. */
export function importConfigBundle(bundle: unknown, dryRun: boolean): Promise<ConfigImportResult> {
  return apiRequest('POST', `/api/admin/config-bundle?dry_run=${dryRun}`, bundle);
}
