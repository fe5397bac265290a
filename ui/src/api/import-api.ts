// Import (导入) of a CSV or XLSX file: a preview that writes nothing, then the run, whose progress the server streams
// as NDJSON lines so the wizard can show a bar; the summary carries the rejected rows as a file to fix.
import { ApiError, apiLanguage, apiRequest, withQuery } from './client';
import type { Labels } from './types';

export interface ImportPreview {
  header: string[];
  total: number;
  sample: string[][];
  columns: { header: string; field: string | null }[];
  fields: { name: string; type: string; required: boolean; labels: Labels }[];
}

export interface ImportOptions {
  /** header → field code, or null to leave the column out. */
  columns: Record<string, string | null>;
  key?: string[];
  onDuplicate: 'skip' | 'update' | 'create';
  mode: 'all' | 'valid';
  dryRun: boolean;
}

export interface ImportSummary {
  read: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  resumed: number;
  dryRun: boolean;
  errors: { row: number; column?: string; message: string }[];
  error_file?: { name: string; content_base64: string };
}

const sheetType = (file: File) => (file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

export function previewImport(entity: string, file: File): Promise<ImportPreview> {
  return apiRequest<ImportPreview>('POST', withQuery(`/api/records/${encodeURIComponent(entity)}/import/preview`, { file_name: file.name }), file, { 'content-type': sheetType(file) });
}

export async function runImport(entity: string, file: File, options: ImportOptions, onProgress: (done: number, total: number) => void): Promise<ImportSummary> {
  const path = withQuery(`/api/records/${encodeURIComponent(entity)}/import`, {
    file_name: file.name,
    mapping: JSON.stringify({ columns: options.columns }),
    key: options.key?.length ? options.key.join(',') : undefined,
    on_duplicate: options.onDuplicate,
    mode: options.mode,
    dry_run: String(options.dryRun),
    error_file: 'true',
  });
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', credentials: 'same-origin', body: file, headers: { accept: 'application/x-ndjson', 'accept-language': apiLanguage(), 'content-type': sheetType(file) } });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e));
  }
  if (!res.ok || !res.body) {
    // Refused before the stream began (sign-in, rights, a bad query): the usual error body.
    const body = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string; details?: [] } } | undefined;
    throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText, body?.error?.details ?? []);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffered += value ?? '';
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const message = JSON.parse(line) as { progress?: { done: number; total: number }; result?: ImportSummary; status?: number; error?: { code: string; message: string; details?: [] } };
      if (message.progress) onProgress(message.progress.done, message.progress.total);
      if (message.result) return message.result;
      if (message.error) throw new ApiError(message.status ?? 500, message.error.code, message.error.message, message.error.details ?? []);
    }
    if (done) throw new ApiError(0, 'NETWORK', 'the import answer ended early');
  }
}
