// A backup file handed to an administrator (the `backup` function) over HTTP. Only a name the folder's listing holds
// is ever opened (names come from readdir and carry no path), so no name given by the caller reaches the file
// system; the download is audited before the first byte goes out.
import { createReadStream, lstatSync, type ReadStream } from 'node:fs';
import { join } from 'node:path';
import { badRequest, notFound, type RequestContext } from '../core/index.ts';
import { appendAudit } from '../audit/index.ts';
import { backupHostOrThrow } from './backup-host.ts';
import { listBackupFiles, resolveBackupFolder } from './backup-files.ts';
import { readBackupSchedule } from './backup-schedule.ts';

export interface BackupDownload {
  name: string;
  size: number;
  stream: ReadStream;
}

export async function openBackupDownload(ctx: RequestContext, name: string): Promise<BackupDownload> {
  ctx.access.assertFunction('backup');
  const zh = ctx.locale === 'zh-CN';
  // Schema names are identifiers ([a-z0-9_]): nothing to escape.
  if (!new RegExp(`^crm-${ctx.tenant.schema}-[A-Za-z0-9_.-]{1,200}\\.tar\\.gz$`).test(name) || name.includes('..')) {
    throw badRequest('The backup name is not valid', [{ path: 'name', message: zh ? `须为本系统的备份文件名 crm-${ctx.tenant.schema}-….tar.gz` : `must be a backup file name crm-${ctx.tenant.schema}-….tar.gz` }]);
  }
  const folder = resolveBackupFolder(backupHostOrThrow(ctx.tenant), (await readBackupSchedule(ctx)).folder);
  const file = listBackupFiles(folder, ctx.tenant.schema).find((f) => f.name === name);
  // A link in the folder could point anywhere: only a regular file is handed out.
  if (!file || !lstatSync(join(folder, file.name), { throwIfNoEntry: false })?.isFile()) throw notFound('No such backup', [{ path: 'name', message: zh ? '备份文件夹中没有这个备份' : 'no such backup in the backup folder' }]);
  const stream = createReadStream(join(folder, file.name));
  // Opened first: a file deleted meanwhile (retention) is a 404, not an audited download of nothing.
  await new Promise<void>((ok, fail) => stream.once('open', () => ok()).once('error', fail)).catch(() => {
    throw notFound('No such backup', [{ path: 'name', message: zh ? '备份文件夹中没有这个备份' : 'no such backup in the backup folder' }]);
  });
  try {
    await appendAudit(ctx.knex, ctx.tenant, [
      { actor: ctx.actor, action: 'file_download', entity: null, changes: { backup: file.name, size: file.size, folder }, context: { request_id: ctx.requestId, ip: ctx.client?.ip, user_agent: ctx.client?.userAgent } },
    ]);
  } catch (e) {
    stream.destroy();
    throw e;
  }
  return { name: file.name, size: file.size, stream };
}
