// The audit trail over HTTP: one record's history (for whoever may read the record, with hidden fields masked),
// the admin query over the whole log, and handovers.
import { Router } from 'express';
import { handover, previewHandover } from '../access/index.ts';
import { queryAudit, recordHistory, type AuditEntry } from '../audit/index.ts';
import { readQueryParamsOrThrow, type RequestContext } from '../core/index.ts';
import { assignRecordOwner, compiledEntity, getRecord } from '../data/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

export function historyRouter(state: AppState): Router {
  const router = Router();
  router.get('/records/:entity/:id/history', async (req, res) => {
    const ctx = contextOf(state, req, res);
    await getRecord(ctx, req.params.entity, req.params.id); // 404 unless the record is in the reader's scope
    const { limit, cursor } = readQueryParamsOrThrow(req.query, ['limit', 'cursor'], 'history');
    const page = await recordHistory(ctx.knex, ctx.tenant, req.params.entity, req.params.id, { limit, cursor });
    res.json({ ...page, data: page.data.map((e) => masked(ctx, e)) });
  });
  router.get('/audit', async (req, res) => {
    const ctx = contextOf(state, req, res);
    ctx.access.assertFunction('audit');
    const { limit, cursor, lang: _lang, ...filters } = req.query as Record<string, string | undefined>;
    res.json(await queryAudit(ctx.knex, ctx.tenant, filters, { limit, cursor }));
  });
  router.post('/records/:entity/:id/assign', async (req, res) => {
    res.json(await assignRecordOwner(contextOf(state, req, res), req.params.entity, req.params.id, req.body));
  });
  // The same request as a handover; answers what would move to whom, changing nothing.
  router.post('/handover/preview', async (req, res) => {
    res.json(await previewHandover(contextOf(state, req, res), req.body));
  });
  router.post('/handover', async (req, res) => {
    res.json(await handover(contextOf(state, req, res), req.body));
  });
  return router;
}

/**
 * A history entry shows only the fields the reader may see in the record itself (not hidden, not archived), and
 * where a change came from (address, browser) only to those who may read the audit log.
 */
function masked(ctx: RequestContext, entry: AuditEntry): AuditEntry {
  let auditor = true;
  try {
    ctx.access.assertFunction('audit');
  } catch {
    auditor = false;
  }
  if (!auditor) entry = { ...entry, context: entry.context.reason ? { reason: entry.context.reason } : {} };
  if (!entry.entity || !entry.changes || !ctx.model.entities.has(entry.entity)) return entry;
  const entity = compiledEntity(ctx.model, entry.entity).entity;
  const changes = Object.fromEntries(Object.entries(entry.changes).filter(([field]) => entity.fields.has(field) && ctx.access.canReadField(entity, field)));
  return { ...entry, changes };
}
