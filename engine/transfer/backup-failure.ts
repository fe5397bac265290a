// Why a backup failed, as an administrator can act on it: the system's error (errno code, pg_dump's answer) sorted
// into a few kinds, each said in Chinese and English. The raw message is kept beside it for whoever digs deeper.
import type { Locale } from '../core/index.ts';

export type BackupFailureKind = 'disk_full' | 'permission' | 'missing_folder' | 'path_blocked' | 'pg_dump_missing' | 'pg_dump_failed' | 'other';

const BY_CODE: Record<string, BackupFailureKind> = {
  ENOSPC: 'disk_full',
  EDQUOT: 'disk_full',
  EACCES: 'permission',
  EPERM: 'permission',
  EROFS: 'permission',
  ENOENT: 'missing_folder',
  ENOTDIR: 'missing_folder',
  EISDIR: 'path_blocked',
  ERR_FS_EISDIR: 'path_blocked',
  EEXIST: 'path_blocked',
};

const TEXT: Record<Locale, Record<BackupFailureKind, string>> = {
  'zh-CN': {
    disk_full: '备份文件夹所在的磁盘空间不足',
    permission: '服务器没有写入备份文件夹的权限',
    missing_folder: '备份文件夹不存在或无法访问',
    path_blocked: '备份文件的位置被同名的文件夹或文件占用',
    pg_dump_missing: '服务器上没有找到合适版本的 pg_dump，请安装 PostgreSQL 客户端工具',
    pg_dump_failed: 'pg_dump 导出数据库失败',
    other: '备份过程中出错',
  },
  en: {
    disk_full: 'the disk of the backup folder is full',
    permission: 'the server may not write to the backup folder',
    missing_folder: 'the backup folder does not exist or cannot be reached',
    path_blocked: 'a folder or file of the same name is in the backup file\'s place',
    pg_dump_missing: 'no suitable pg_dump was found on the server: install the PostgreSQL client tools',
    pg_dump_failed: 'pg_dump could not dump the database',
    other: 'the backup stopped with an error',
  },
};

export function backupFailureKind(e: unknown): BackupFailureKind {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code && BY_CODE[code]) return BY_CODE[code]!;
  const message = String((e as Error | undefined)?.message ?? e);
  if (/pg_dump .*was not found/.test(message)) return 'pg_dump_missing';
  if (/^pg_dump failed/.test(message)) return 'pg_dump_failed';
  return 'other';
}

export function backupFailureText(kind: BackupFailureKind | undefined, locale: Locale): string {
  return TEXT[locale][kind ?? 'other'] ?? TEXT[locale].other;
}
