// GET /api/records/:entity/duplicates?field=name&value=…[&exclude=id]: 查重 while a record is typed by hand. Existing
// records whose field holds the same value after the import's normalisation (spaces, full-width, case, brackets,
// 有限公司 variants); those the user may read by name, the others only as a count.
import { Router } from 'express';
import { badRequest, isUuid, readQueryParamsOrThrow, type ErrorDetail } from '../core/index.ts';
import { findDuplicates } from '../transfer/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

const LONGEST_VALUE = 500;

export function duplicatesRouter(state: AppState): Router {
  const router = Router();
  router.get('/records/:entity/duplicates', async (req, res) => {
    const ctx = contextOf(state, req, res);
    const q = readQueryParamsOrThrow(req.query, ['field', 'value', 'exclude', 'lang'], 'duplicates');
    const problems: ErrorDetail[] = [];
    if (!q.field) problems.push({ path: 'field', message: 'the field to look in is required' });
    if (q.value === undefined) problems.push({ path: 'value', message: 'the value to look for is required' });
    else if (q.value.length > LONGEST_VALUE) problems.push({ path: 'value', message: `at most ${LONGEST_VALUE} characters` });
    if (q.exclude !== undefined && !isUuid(q.exclude)) problems.push({ path: 'exclude', message: 'a record id' });
    if (problems.length) throw badRequest('The duplicates request is not valid', problems);
    res.json(await findDuplicates(ctx, req.params.entity as string, { field: q.field!, value: q.value!, exclude: q.exclude }));
  });
  return router;
}
