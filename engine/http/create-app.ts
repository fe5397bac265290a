// The express application: JSON API under /api, the web UI at /, one error handler for everything.
import { existsSync } from 'node:fs';
import express, { type Express } from 'express';
import { notFound } from '../core/index.ts';
import { localRouter } from './local-router.ts';
import { authRouter } from './auth-router.ts';
import { authenticate } from './authenticate.ts';
import type { AppState } from './app-state.ts';
import { errorHandler } from './error-handler.ts';
import { adminRouter } from './admin-router.ts';
import { adminWorkflowsRouter } from './admin-workflows-router.ts';
import { rulesTryRouter } from './rules-try-router.ts';
import { configBundleRouter } from './config-bundle-router.ts';
import { backupsRouter } from './backups-router.ts';
import { configuratorRouter } from './configurator-router.ts';
import { exportRouter } from './export-router.ts';
import { exportRequestsRouter } from './export-requests-router.ts';
import { importRouter } from './import-router.ts';
import { duplicatesRouter } from './duplicates-router.ts';
import { filesRouter } from './files-router.ts';
import { historyRouter } from './history-router.ts';
import { usersRouter } from './users-router.ts';
import { rolesRouter } from './roles-router.ts';
import { workflowRouter } from './workflow-router.ts';
import { idempotency } from './idempotency.ts';
import { jsonBody } from './json-body.ts';
import { storableInput } from './storable-input.ts';
import { metaRouter } from './meta-router.ts';
import { openApiDocument } from './openapi.ts';
import { recordsRouter } from './records-router.ts';
import { reportsRouter } from './reports-router.ts';
import { requestIdMiddleware } from './request-context.ts';
import { docsRouter } from './docs-router.ts';
import { routePatterns } from './list-routes.ts';
import { observeRequests } from './observe-requests.ts';
import { metricsHandler, readinessRouter } from './ops-router.ts';

export interface AppOptions {
  /** Folder with the built web UI (index.html); served at / when present. */
  uiDir?: string;
}

export function createApp(state: AppState, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestIdMiddleware());
  app.use(observeRequests(state, routePatterns(app)));
  app.use((_req, res, next) => {
    res.set('x-content-type-options', 'nosniff');
    next();
  });

  app.get('/metrics', metricsHandler(state));

  const api = express.Router();
  api.use(jsonBody);
  api.use(storableInput);
  api.use(authenticate(state));
  api.use(idempotency(state));
  api.use(readinessRouter(state));
  api.use(docsRouter());
  api.get('/health', async (_req, res) => {
    await state.db.knex.raw('select 1');
    res.json({ status: 'ok', database: state.db.kind, model: state.model().version, mode: state.mode ?? 'demo' });
  });
  api.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(state.model()));
  });
  // Records first: they are most of the traffic, and every router before them is tried on every request. The export
  // route comes before them, or /records/:entity/:id would take /records/customer/export for a get.
  api.use(exportRouter(state));
  api.use(exportRequestsRouter(state));
  api.use(importRouter(state));
  api.use(duplicatesRouter(state));
  api.use(filesRouter(state));
  api.use('/records', recordsRouter(state));
  api.use(authRouter(state));
  api.use(usersRouter(state));
  api.use('/meta', metaRouter(state));
  api.use('/admin', adminRouter(state));
  api.use('/admin', rolesRouter(state));
  api.use('/admin', adminWorkflowsRouter(state));
  api.use('/admin', rulesTryRouter(state));
  api.use('/admin', configBundleRouter(state));
  api.use('/admin', backupsRouter(state));
  api.use(historyRouter(state));
  api.use(workflowRouter(state));
  api.use('/configurator', configuratorRouter(state));
  api.use(reportsRouter(state));
  api.use('/local', localRouter(state));
  api.use(() => {
    throw notFound('No such API endpoint');
  });
  app.use('/api', api);

  if (options.uiDir && existsSync(options.uiDir)) app.use(express.static(options.uiDir, { index: 'index.html' }));
  app.use(errorHandler);
  return app;
}
