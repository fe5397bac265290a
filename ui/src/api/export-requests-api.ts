// 导出申请: my export requests (exports above the approval threshold) and an approved one's file.
import { apiDownload, apiGet } from './client';

export interface ExportRequest {
  id: string;
  title: string;
  entity_name: string;
  format: 'xlsx' | 'csv';
  row_count: number;
  status: 'submitted' | 'in_approval' | 'approved' | 'rejected';
  reason: string | null;
  expires_at: string;
  downloaded_at: string | null;
  created_at: string;
  /** Only in the export's 202 answer: the tenant's threshold it went over. */
  threshold?: number;
}

export const listExportRequests = () => apiGet<{ data: ExportRequest[] }>('/api/export-requests');

export const downloadExportRequest = (id: string) => apiDownload(`/api/export-requests/${encodeURIComponent(id)}/file`);
