// Workflow endpoints: actions on a record, its workflow view, my approval inbox and my messages.
import { Router } from 'express';
import { inbox, listMessages, markMessagesRead, runRecordAction, workflowView } from '../workflow/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

export function workflowRouter(state: AppState): Router {
  const router = Router();
  router.post('/records/:entity/:id/actions/:action', async (req, res) => {
    res.json(await runRecordAction(contextOf(state, req, res), req.params.entity, req.params.id, req.params.action, req.body));
  });
  router.get('/records/:entity/:id/workflow', async (req, res) => {
    res.json(await workflowView(contextOf(state, req, res), req.params.entity, req.params.id));
  });
  router.get('/inbox', async (req, res) => {
    res.json(await inbox(contextOf(state, req, res), req.query as Record<string, unknown>));
  });
  router.get('/messages', async (req, res) => {
    res.json(await listMessages(contextOf(state, req, res), req.query as Record<string, unknown>));
  });
  router.post('/messages/read', async (req, res) => {
    res.json(await markMessagesRead(contextOf(state, req, res), req.body));
  });
  return router;
}
