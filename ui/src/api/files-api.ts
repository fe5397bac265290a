// Attachment files of a record's attachment field: list, upload (the raw file, its name percent-encoded in
// X-File-Name), remove; downloads and previews are plain links under the session cookie.
import { apiGet, apiRequest } from './client';

export interface StoredFile {
  id: string;
  name: string;
  content_type: string;
  size: number;
  created_at: string;
}

const filesPath = (entity: string, id: string, field: string) => `/api/records/${encodeURIComponent(entity)}/${encodeURIComponent(id)}/files/${encodeURIComponent(field)}`;

export const listFiles = async (entity: string, id: string, field: string) => (await apiGet<{ data: StoredFile[] }>(filesPath(entity, id, field))).data;

export const uploadFile = (entity: string, id: string, field: string, file: File) =>
  apiRequest<StoredFile>('POST', filesPath(entity, id, field), file, { 'content-type': file.type || 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) });

export const removeFile = (fileId: string) => apiRequest<void>('DELETE', `/api/files/${encodeURIComponent(fileId)}`);

export const fileUrl = (fileId: string, inline = false) => `/api/files/${encodeURIComponent(fileId)}${inline ? '?inline=true' : ''}`;

/** Images and PDF are shown in the page; everything else is downloaded (as the server serves them). */
export const isPreviewable = (type: string) => ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'].includes(type);
