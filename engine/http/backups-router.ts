// 备份 (the backup function): the backup schedule, the tenant's backups in its folder, and a backup taken now.
import { Router } from 'express';
import { readQueryParamsOrThrow } from '../core/index.ts';
import { backupScheduleView, listBackups, runBackupNow, saveBackupSchedule } from '../transfer/index.ts';
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
  return router;
}
