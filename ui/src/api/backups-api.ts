// 备份: the backup schedule, the backups in its folder, a backup taken now and a backup's file (the backup function).
import { apiGet, apiRequest } from './client';

export interface BackupSchedule {
  enabled: boolean;
  frequency: 'daily' | 'weekly';
  weekday: number | null;
  time: string;
  keep_count: number | null;
  keep_days: number | null;
  folder: string | null;
}

export interface BackupScheduleView extends BackupSchedule {
  folder_path: string;
  default_folder: string;
  time_zone: string;
  next_run_at: string | null;
  last_run: {
    at: string;
    status: 'ok' | 'failed';
    file: string;
    size?: number;
    error?: string;
    /** A failure's cause in the reader's language. */
    reason?: string;
    attempt?: number;
    /** When a failed run is tried again; absent once the retries are spent. */
    retry_at?: string;
  } | null;
}

export interface BackupFile {
  name: string;
  size: number;
  created_at: string;
  kind: 'scheduled' | 'manual';
}

export const getBackupSchedule = () => apiGet<BackupScheduleView>('/api/admin/backups/settings');
export const saveBackupSchedule = (schedule: BackupSchedule) => apiRequest<BackupScheduleView>('PUT', '/api/admin/backups/settings', schedule);
export const listBackups = () => apiGet<{ folder: string; data: BackupFile[] }>('/api/admin/backups');
export const runBackupNow = () => apiRequest<BackupFile>('POST', '/api/admin/backups');
/** A plain link: the browser streams the file to disk (a backup can be large) with the session cookie. */
export const backupFileUrl = (name: string) => `/api/admin/backups/${encodeURIComponent(name)}/file`;
