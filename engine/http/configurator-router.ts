// /api/configurator: templates as JSON documents (GET / PUT round-trip), configure, interactive options and decode.
// Everything runs as the signed-in user: templates and customer terms are records read under their scope.
import express, { Router } from 'express';
import {
  configureOrThrow,
  decodeModelCodeOrThrow,
  getTemplateDocument,
  importSelectionTable,
  listOptionsOrThrow,
  loadTemplateOrThrow,
  putTemplateDocument,
  readSelectionTable,
  tryTemplateOrThrow,
} from '../configurator/index.ts';
import { validationFailed } from '../core/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const bodyOf = (body: unknown): Record<string, unknown> => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw validationFailed([{ path: '/', message: 'a JSON object is required' }]);
  return body as Record<string, unknown>;
};

export function configuratorRouter(state: AppState): Router {
  const router = Router();
  router.get('/templates/:code', async (req, res) => {
    res.json(await getTemplateDocument(contextOf(state, req, res), req.params.code));
  });
  router.put('/templates/:code', async (req, res) => {
    res.json(await putTemplateDocument(contextOf(state, req, res), req.params.code, req.body));
  });
  // A selection table (CSV or XLSX, one row per option) replaces the stored template's segments.
  router.put('/templates/:code/table', express.raw({ type: [CSV, XLSX], limit: '5mb' }), async (req, res) => {
    const type = req.headers['content-type'] ?? '';
    if (!Buffer.isBuffer(req.body)) throw validationFailed([{ path: '/', message: `send the table as ${CSV} or ${XLSX}` }]);
    const segments = await readSelectionTable(req.body, type.startsWith(XLSX) ? 'xlsx' : 'csv');
    res.json(await importSelectionTable(contextOf(state, req, res), req.params.code, segments));
  });
  router.post('/configure', async (req, res) => {
    const ctx = contextOf(state, req, res);
    const body = bodyOf(req.body);
    res.json(await configureOrThrow(ctx, await loadTemplateOrThrow(ctx, body.template), body));
  });
  // The template editor's test box: configures with the document being edited, unsaved (same checks as a save).
  router.post('/try', async (req, res) => {
    res.json(await tryTemplateOrThrow(contextOf(state, req, res), bodyOf(req.body)));
  });
  router.post('/options', async (req, res) => {
    const ctx = contextOf(state, req, res);
    const body = bodyOf(req.body);
    res.json(listOptionsOrThrow(ctx, await loadTemplateOrThrow(ctx, body.template), body));
  });
  router.post('/decode', async (req, res) => {
    res.json(await decodeModelCodeOrThrow(contextOf(state, req, res), bodyOf(req.body)));
  });
  return router;
}
