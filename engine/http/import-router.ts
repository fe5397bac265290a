// POST /api/records/:entity/import: a CSV or XLSX file as the request body (导入), options in the query; answers the
// summary with every rejected row's reasons (and, with error_file=true, the rejected rows as a file to fix and
// import again). Asked with `Accept: application/x-ndjson` it streams one progress line per percent before the
// summary, for a progress bar. POST …/import/preview reads the file without writing anything: header, row count,
// first rows and the field each column would fill. Both need the import and create rights on the entity.
import express, { Router, type Request, type Response } from 'express';
import { badRequest, readQueryParamsOrThrow } from '../core/index.ts';
import { formatOf, importTable, previewImport, writeErrorFile, type ImportMapping, type ImportResult } from '../transfer/index.ts';
import type { AppState } from './app-state.ts';
import { errorResponse } from './error-handler.ts';
import { contextOf } from './request-context.ts';

const FILE_LIMIT = '20mb';
const rawFile = express.raw({ limit: FILE_LIMIT, type: () => true });
const NDJSON = 'application/x-ndjson';

type Problems = { path: string; message: string }[];

function oneOf<T extends string>(problems: Problems, name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value !== undefined && !allowed.includes(value as T)) problems.push({ path: name, message: `one of ${allowed.join(', ')}` });
  return value as T | undefined;
}

function readFile(req: Request, q: Record<string, string | undefined>, problems: Problems) {
  if (!q.file_name) problems.push({ path: 'file_name', message: 'the file\'s name (.csv or .xlsx) is required' });
  if (!Buffer.isBuffer(req.body) || !req.body.length) problems.push({ path: 'body', message: 'the file is the request body' });
  const encoding = oneOf(problems, 'encoding', q.encoding, ['utf8', 'gb18030'] as const);
  return { fileName: q.file_name!, bytes: req.body as Buffer, encoding };
}

export function importRouter(state: AppState): Router {
  const router = Router();

  router.post('/records/:entity/import/preview', rawFile, async (req, res) => {
    const ctx = contextOf(state, req, res);
    const q = readQueryParamsOrThrow(req.query, ['file_name', 'encoding', 'lang'], 'import preview');
    const problems: Problems = [];
    const file = readFile(req, q, problems);
    if (problems.length) throw badRequest('The import preview request is not valid', problems);
    res.json(await previewImport(ctx, req.params.entity as string, file));
  });

  router.post('/records/:entity/import', rawFile, async (req, res) => {
    const ctx = contextOf(state, req, res);
    const q = readQueryParamsOrThrow(req.query, ['file_name', 'key', 'on_duplicate', 'mode', 'dry_run', 'encoding', 'mapping', 'error_file', 'lang'], 'import');
    const problems: Problems = [];
    const file = readFile(req, q, problems);
    const onDuplicate = oneOf(problems, 'on_duplicate', q.on_duplicate, ['skip', 'update', 'create'] as const);
    const mode = oneOf(problems, 'mode', q.mode, ['all', 'valid'] as const);
    const dryRun = oneOf(problems, 'dry_run', q.dry_run, ['true', 'false'] as const);
    const errorFile = oneOf(problems, 'error_file', q.error_file, ['true', 'false'] as const);
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
    const options = {
      ...file, mapping, onDuplicate, mode, dryRun: dryRun === 'true',
      key: q.key ? q.key.split(',').map((k) => k.trim()).filter(Boolean) : undefined,
    };
    const answer = async (result: ImportResult) => {
      const { rejectedRows: _rows, ...summary } = result;
      if (errorFile !== 'true' || !result.rejected) return summary;
      const format = formatOf(file.fileName)!;
      const bytes = await writeErrorFile(result, format);
      return { ...summary, error_file: { name: `${file.fileName.replace(/\.(csv|xlsx)$/i, '')}-错误行.${format}`, content_base64: bytes.toString('base64') } };
    };
    // Only a client that asks for the stream by name gets it (*/* keeps the one JSON answer).
    if (!(req.get('accept') ?? '').includes(NDJSON)) {
      res.json(await answer(await importTable(ctx, req.params.entity as string, options)));
      return;
    }
    await streamProgress(req, res, async (onProgress) => answer(await importTable(ctx, req.params.entity as string, { ...options, onProgress })));
  });
  return router;
}

/** 200 with NDJSON lines: {"progress": {done, total}} at most once per percent, then {"result": …} or {"error": …}. */
async function streamProgress(req: Request, res: Response, work: (onProgress: (done: number, total: number) => void) => Promise<unknown>): Promise<void> {
  res.status(200).type(NDJSON);
  res.setHeader('cache-control', 'no-store');
  let shown = -1;
  const onProgress = (done: number, total: number) => {
    const percent = Math.floor((100 * done) / Math.max(total, 1));
    if (percent === shown) return;
    shown = percent;
    res.write(`${JSON.stringify({ progress: { done, total } })}\n`);
  };
  try {
    res.end(`${JSON.stringify({ result: await work(onProgress) })}\n`);
  } catch (e) {
    const { status, body } = errorResponse(e, req, res);
    res.end(`${JSON.stringify({ status, ...(body as object) })}\n`);
  }
}
