// Generic REST endpoints over every entity: /api/records/:entity[/:id], plus all-or-nothing bulk writes.
import { Router, type Request } from 'express';
import { badRequest } from '../core/index.ts';
import { bulkWrite, createRecord, deleteRecordById, getRecord, listRecords, updateRecordById } from '../data/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

export function recordsRouter(state: AppState): Router {
  const router = Router();

  router.get('/:entity', async (req, res) => {
    res.json(await listRecords(contextOf(state, req, res), req.params.entity, queryOf(req)));
  });
  router.post('/:entity/bulk', async (req, res) => {
    res.json(await bulkWrite(contextOf(state, req, res), req.params.entity, bodyOf(req)));
  });
  router.post('/:entity', async (req, res) => {
    const record = await createRecord(contextOf(state, req, res), req.params.entity, bodyOf(req));
    res.status(201).location(`${req.baseUrl}/${req.params.entity}/${String(record.id)}`).json(record);
  });
  router.get('/:entity/:id', async (req, res) => {
    const ctx = contextOf(state, req, res);
    const record = await getRecord(ctx, req.params.entity, req.params.id, queryOf(req));
    state.views?.enqueue({ actor: ctx.actor, action: 'view', entity: req.params.entity, recordId: String(record.id), context: { request_id: ctx.requestId, ...(req.ip ? { ip: req.ip } : {}) } });
    res.set('etag', `"${String(record.version)}"`).json(record);
  });
  router.patch('/:entity/:id', async (req, res) => {
    res.json(await updateRecordById(contextOf(state, req, res), req.params.entity, req.params.id, bodyOf(req), ifMatchOf(req)));
  });
  router.delete('/:entity/:id', async (req, res) => {
    await deleteRecordById(contextOf(state, req, res), req.params.entity, req.params.id);
    res.status(204).end();
  });
  return router;
}

/** Query parameters minus `lang`, which only picks the message language. */
function queryOf(req: Request): Record<string, unknown> {
  const { lang: _lang, ...rest } = req.query as Record<string, unknown>;
  return rest;
}

function bodyOf(req: Request): unknown {
  if (!req.is('application/json') && !req.is('application/*+json')) {
    throw badRequest('Send the body as JSON with Content-Type: application/json', [{ path: '/', message: 'missing JSON body' }]);
  }
  return req.body;
}

/** If-Match: "3" or W/"3" carries the version the client last saw. */
function ifMatchOf(req: Request): number | undefined {
  const header = req.get('if-match');
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m) throw badRequest('If-Match must hold the record version, e.g. "3"', [{ path: 'If-Match', message: 'not a version' }]);
  return Number(m[1]);
}
