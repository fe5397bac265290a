// 导出申请: my export requests (exports above the approval threshold), an approved one's file, and 导出设置.
import { apiDownload, apiGet, apiRequest } from './client';

export interface ExportRequest {
  id: string;
  title: string;
  entity_name: string;
  format: 'xlsx' | 'csv';
  row_count: number;
  status: 'submitted' | 'in_approval' | 'approved' | 'rejected' | 'expired';
  reason: string | null;
  expires_at: string;
  downloaded_at: string | null;
  created_at: string;
  /** Only in the export's 202 answer: the tenant's threshold it went over. */
  threshold?: number;
}

export const listExportRequests = () => apiGet<{ data: ExportRequest[] }>('/api/export-requests');

export const downloadExportRequest = (id: string) => apiDownload(`/api/export-requests/${encodeURIComponent(id)}/file`);

/** 导出设置: rows above which an export needs an approval, and the download and approval periods in days. */
export interface ExportSettings {
  threshold: number;
  download_days: number;
  pending_days: number;
}

export const getExportSettings = () => apiGet<ExportSettings>('/api/export-requests/settings');
export const saveExportSettings = (settings: ExportSettings) => apiRequest<ExportSettings>('PUT', '/api/export-requests/settings', settings);
