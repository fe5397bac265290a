// POST /api/records/:entity/import: a CSV or XLSX file as the request body (导入), options in the query; answers the
// summary with every rejected row's reasons. Needs the import and create rights on the entity.
import express, { Router } from 'express';
import { badRequest, readQueryParamsOrThrow } from '../core/index.ts';
import { importTable, type ImportMapping } from '../transfer/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

const FILE_LIMIT = '20mb';
const rawFile = express.raw({ limit: FILE_LIMIT, type: () => true });

export function importRouter(state: AppState): Router {
  const router = Router();
  router.post('/records/:entity/import', rawFile, async (req, res) => {
    const ctx = contextOf(state, req, res);
    const q = readQueryParamsOrThrow(req.query, ['file_name', 'key', 'on_duplicate', 'mode', 'dry_run', 'encoding', 'mapping', 'lang'], 'import');
    const problems: { path: string; message: string }[] = [];
    const oneOf = <T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined => {
      if (value !== undefined && !allowed.includes(value as T)) problems.push({ path: name, message: `one of ${allowed.join(', ')}` });
      return value as T | undefined;
    };
    if (!q.file_name) problems.push({ path: 'file_name', message: 'the file\'s name (.csv or .xlsx) is required' });
    if (!Buffer.isBuffer(req.body) || !req.body.length) problems.push({ path: 'body', message: 'the file is the request body' });
    const onDuplicate = oneOf('on_duplicate', q.on_duplicate, ['skip', 'update', 'create'] as const);
    const mode = oneOf('mode', q.mode, ['all', 'valid'] as const);
    const dryRun = oneOf('dry_run', q.dry_run, ['true', 'false'] as const);
    const encoding = oneOf('encoding', q.encoding, ['utf8', 'gb18030'] as const);
    let mapping: ImportMapping | undefined;
    if (q.mapping !== undefined) {
      try {
        mapping = JSON.parse(q.mapping) as ImportMapping;
        if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping)) throw new Error('not an object');
      } catch {
        problems.push({ path: 'mapping', message: 'must be a JSON object {"columns": {...}, "values": {...}}' });
      }
    }
    if (problems.length) throw badRequest('The import request is not valid', problems);
    const result = await importTable(ctx, req.params.entity as string, {
      fileName: q.file_name!, bytes: req.body as Buffer, encoding, mapping, onDuplicate, mode, dryRun: dryRun === 'true',
      key: q.key ? q.key.split(',').map((k) => k.trim()).filter(Boolean) : undefined,
    });
    const { rejectedRows: _rows, ...summary } = result;
    res.json(summary);
  });
  return router;
}
