// 备份 (the backup function): the backup schedule, the tenant's backups in its folder, a backup taken now, and a
// backup's file downloaded.
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { readQueryParamsOrThrow } from '../core/index.ts';
import { backupScheduleView, listBackups, openBackupDownload, runBackupNow, saveBackupSchedule } from '../transfer/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

export function backupsRouter(state: AppState): Router {
  const router = Router();
  router.get('/backups/settings', async (req, res) => {
    readQueryParamsOrThrow(req.query as Record<string, unknown>, ['lang'], 'backup schedule');
    res.json(await backupScheduleView(contextOf(state, req, res)));
  });
  router.put('/backups/settings', async (req, res) => {
    readQueryParamsOrThrow(req.query as Record<string, unknown>, ['lang'], 'backup schedule');
    res.json(await saveBackupSchedule(contextOf(state, req, res), req.body));
  });
  router.get('/backups', async (req, res) => {
    readQueryParamsOrThrow(req.query as Record<string, unknown>, ['lang'], 'backups');
    res.json(await listBackups(contextOf(state, req, res)));
  });
  router.post('/backups', async (req, res) => {
    readQueryParamsOrThrow(req.query as Record<string, unknown>, ['lang'], 'backup');
    res.status(201).json(await runBackupNow(contextOf(state, req, res)));
  });
  router.get('/backups/:name/file', async (req, res) => {
    readQueryParamsOrThrow(req.query as Record<string, unknown>, ['lang'], 'backup file');
    const file = await openBackupDownload(contextOf(state, req, res), req.params.name);
    res.set({
      'content-type': 'application/gzip',
      'content-length': String(file.size),
      'content-disposition': `attachment; filename="${file.name}"`,
      'cache-control': 'no-store',
    });
    // A read error half-way cuts the connection (pipeline destroys the response): half a backup never looks whole.
    await pipeline(file.stream, res).catch(() => undefined);
  });
  return router;
}
