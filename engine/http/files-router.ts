// Attachment files over HTTP: list a record's files of one field, upload one (the raw body, its type in Content-Type
// and its name, percent-encoded UTF-8, in X-File-Name), download or preview one by id, remove one. Every route goes
// through the record's permissions in engine/files.
import { Router, type Request } from 'express';
import { pipeline } from 'node:stream/promises';
import { EngineError, readQueryParamsOrThrow, badRequest } from '../core/index.ts';
import { deleteFile, isPreviewable, listFiles, openFile, servedType, uploadFile, type FileStore } from '../files/index.ts';
import type { AppState } from './app-state.ts';
import { contextOf } from './request-context.ts';

export function filesRouter(state: AppState): Router {
  const router = Router();
  const store = (): FileStore => {
    if (!state.files) throw new EngineError('INTERNAL_ERROR', 'This server has no file store configured');
    return state.files;
  };
  router.get('/records/:entity/:id/files/:field', async (req, res) => {
    readQueryParamsOrThrow(req.query, ['lang'], 'file list');
    res.json({ data: await listFiles(contextOf(state, req, res), req.params.entity, req.params.id, req.params.field) });
  });
  router.post('/records/:entity/:id/files/:field', async (req, res) => {
    readQueryParamsOrThrow(req.query, ['lang'], 'upload');
    const file = await uploadFile(contextOf(state, req, res), store(), req.params.entity, req.params.id, req.params.field, {
      body: req,
      name: fileNameOf(req),
      contentType: req.get('content-type'),
      contentLength: req.get('content-length') === undefined ? undefined : Number(req.get('content-length')),
    });
    res.status(201).location(`${req.baseUrl}/files/${file.id}`).json(file);
  });
  router.get('/files/:fileId', async (req, res) => {
    const { inline } = readQueryParamsOrThrow(req.query, ['inline', 'lang'], 'download');
    if (inline !== undefined && inline !== 'true' && inline !== 'false') throw badRequest('inline must be true or false', [{ path: 'inline', message: 'must be true or false' }]);
    const { file, content } = await openFile(contextOf(state, req, res), store(), req.params.fileId);
    const preview = inline === 'true' && isPreviewable(file.content_type);
    res.set({
      'content-type': servedType(file.content_type),
      'content-length': String(file.size),
      'content-disposition': `${preview ? 'inline' : 'attachment'}; filename="${asciiName(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'cache-control': 'private, no-store',
      // A preview is shown, never run: no scripts, no plugins, nothing loaded from elsewhere.
      'content-security-policy': file.content_type === 'application/pdf' ? "default-src 'none'; object-src 'self'" : "default-src 'none'; img-src 'self'; sandbox",
    });
    try {
      await pipeline(content, res);
    } catch (e) {
      res.destroy(e as Error);
    }
  });
  router.delete('/files/:fileId', async (req, res) => {
    readQueryParamsOrThrow(req.query, ['lang'], 'file removal');
    await deleteFile(contextOf(state, req, res), store(), req.params.fileId);
    res.status(204).end();
  });
  return router;
}

function fileNameOf(req: Request): string | undefined {
  const raw = req.get('x-file-name');
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest('X-File-Name must be percent-encoded UTF-8', [{ path: 'X-File-Name', message: 'not percent-encoded UTF-8' }]);
  }
}

/** The plain fallback for old clients: printable ASCII without quotes or backslashes. */
function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}
