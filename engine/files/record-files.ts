// Files of records' attachment fields: listed, uploaded, read and removed only through the record they belong to,
// under the caller's access policy (read scope to see or fetch, update scope and field write right to change), and
// every upload, download and removal in the audit log.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { appendAudit } from '../audit/index.ts';
import { EngineError, isUuid, notFound, validationFailed, type RequestContext } from '../core/index.ts';
import { qualified, queryRows } from '../db/index.ts';
import { compiledEntity } from '../data/index.ts';
import type { EntityDef, FieldDef } from '../metadata/index.ts';
import { cleanFileName } from './clean-file-name.ts';
import type { FileStore, StoredBlob } from './file-store.ts';
import { DEFAULT_MAX_FILES, DEFAULT_MAX_SIZE, isAccepted, normalisedType } from './file-type.ts';
import { tooLarge } from './receive-blob.ts';

export interface FileInfo {
  id: string;
  entity: string;
  record_id: string;
  field: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: string;
  created_by: string;
}

interface FileRow extends FileInfo {
  storage_key: string;
}

export interface Upload {
  body: Readable;
  /** The uploader's file name as sent (cleaned before it is stored). */
  name: string | undefined;
  contentType: string | undefined;
  contentLength: number | undefined;
}

const COLUMNS = 'id, entity, record_id, field, name, content_type, size, sha256, created_at, created_by';

const noFile = () => notFound('No such file', [{ path: 'id', message: 'not found' }]);

/** The attachment field, as the actor sees it: 404 for an unknown, hidden or non-attachment field. */
function attachmentField(ctx: RequestContext, entityName: string, fieldName: string): { entity: EntityDef; field: FieldDef } {
  const entity = compiledEntity(ctx.model, entityName).entity;
  const field = entity.fields.get(fieldName);
  if (!field || field.type !== 'attachment' || !ctx.access.canReadField(entity, fieldName)) {
    throw notFound(`${entity.name} has no attachment field "${fieldName}"`, [{ path: 'field', message: 'not an attachment field' }]);
  }
  return { entity, field };
}

/** 404 unless the record exists within the actor's scope for `action` (a record outside it does not exist for them). */
async function assertRecordInScope(ctx: RequestContext, entity: EntityDef, id: string, action: 'read' | 'update'): Promise<void> {
  if (!isUuid(id)) throw notFound('No record with this id', [{ path: 'id', message: 'not a record id' }]);
  ctx.access.assertCan(entity, action);
  const scope = ctx.access.rowScope(entity, action, 'r');
  const rows = await queryRows(ctx.knex, `select 1 from ${qualified(ctx.tenant, entity.name)} r where r.id = ?${scope ? ` and (${scope.sql})` : ''}`, [id, ...(scope?.bindings ?? [])]);
  if (!rows.length) throw notFound(`No ${entity.name} record with id ${id}`, [{ path: 'id', message: 'not found' }]);
}

function auditEntry(ctx: RequestContext, action: 'file_upload' | 'file_download' | 'file_delete', file: FileInfo) {
  return {
    actor: ctx.actor,
    action,
    entity: file.entity,
    recordId: file.record_id,
    changes: { [file.field]: { file_id: file.id, name: file.name, content_type: file.content_type, size: Number(file.size), sha256: file.sha256 } },
    context: { ...(ctx.requestId ? { request_id: ctx.requestId } : {}), ...(ctx.client?.ip ? { ip: ctx.client.ip } : {}) },
  };
}

export async function listFiles(ctx: RequestContext, entityName: string, recordId: string, fieldName: string): Promise<FileInfo[]> {
  const { entity, field } = attachmentField(ctx, entityName, fieldName);
  await assertRecordInScope(ctx, entity, recordId, 'read');
  return filesOf(ctx, entity.name, recordId, field.name);
}

/** The files a record's attachment field holds, oldest first (no permission check: callers have made it). */
export async function filesOf(ctx: Pick<RequestContext, 'knex' | 'tenant'>, entity: string, recordId: string, field: string): Promise<FileInfo[]> {
  const rows = await queryRows<FileInfo>(ctx.knex, `select ${COLUMNS} from ${qualified(ctx.tenant, 'crm_file')} where entity = ? and record_id = ? and field = ? order by created_at, id`, [entity, recordId, field]);
  return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

export async function uploadFile(ctx: RequestContext, store: FileStore, entityName: string, recordId: string, fieldName: string, upload: Upload): Promise<FileInfo> {
  const { entity, field } = attachmentField(ctx, entityName, fieldName);
  await assertRecordInScope(ctx, entity, recordId, 'update');
  if (!ctx.access.canWriteField(entity, field.name)) throw new EngineError('FORBIDDEN', `You may not change ${field.name}`, [{ path: 'field', message: 'not writable for you' }]);
  const zh = ctx.locale === 'zh-CN';
  if (!upload.name?.trim()) throw validationFailed([{ path: 'X-File-Name', message: zh ? '缺少文件名' : 'the file name is missing' }], 'Send the file name in the X-File-Name header');
  const name = cleanFileName(upload.name);
  const type = normalisedType(upload.contentType);
  if (!isAccepted(field, name, type)) {
    throw validationFailed([{ path: 'Content-Type', message: zh ? `不接受此类文件,允许:${field.accept!.join(', ')}` : `this type of file is not accepted; allowed: ${field.accept!.join(', ')}`, expected: field.accept!.join(', ') }], 'The file type is not accepted');
  }
  const maxSize = field.maxSize ?? DEFAULT_MAX_SIZE;
  if (upload.contentLength !== undefined && upload.contentLength > maxSize) throw tooLarge(maxSize);
  if (upload.contentLength === 0) throw validationFailed([{ path: 'body', message: zh ? '文件为空' : 'the file is empty' }], 'The file is empty');
  const maxFiles = field.maxFiles ?? DEFAULT_MAX_FILES;
  if ((await filesOf(ctx, entity.name, recordId, field.name)).length >= maxFiles) throw tooMany(field, maxFiles, zh);
  const blob = await store.put(upload.body, maxSize);
  if (blob.size === 0) throw validationFailed([{ path: 'body', message: zh ? '文件为空' : 'the file is empty' }], 'The file is empty');
  try {
    return await recordUpload(ctx, entity, field, recordId, { name, type, maxFiles, zh }, blob);
  } catch (e) {
    // Content-addressed: the bytes go only when no file row has the same content.
    if (!(await queryRows(ctx.knex, `select 1 from ${qualified(ctx.tenant, 'crm_file')} where storage_key = ? limit 1`, [blob.key])).length) await store.remove(blob.key);
    throw e;
  }
}

async function recordUpload(ctx: RequestContext, entity: EntityDef, field: FieldDef, recordId: string, meta: { name: string; type: string; maxFiles: number; zh: boolean }, blob: StoredBlob): Promise<FileInfo> {
  const { name, type, maxFiles, zh } = meta;
  return ctx.knex.transaction(async (trx) => {
    // The record row is locked so that two uploads cannot both pass the count check.
    await queryRows(trx, `select 1 from ${qualified(ctx.tenant, entity.name)} where id = ? for update`, [recordId]);
    if ((await filesOf({ knex: trx, tenant: ctx.tenant }, entity.name, recordId, field.name)).length >= maxFiles) throw tooMany(field, maxFiles, zh);
    const [row] = await queryRows<FileInfo>(
      trx,
      `insert into ${qualified(ctx.tenant, 'crm_file')} (id, entity, record_id, field, name, content_type, size, sha256, storage_key, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning ${COLUMNS}`,
      [randomUUID(), entity.name, recordId, field.name, name, type, blob.size, blob.sha256, blob.key, ctx.actor.id],
    );
    const file = { ...row!, size: Number(row!.size) };
    await appendAudit(trx, ctx.tenant, [auditEntry(ctx, 'file_upload', file)]);
    return file;
  });
}

function tooMany(field: FieldDef, maxFiles: number, zh: boolean): EngineError {
  return validationFailed([{ path: 'field', message: zh ? `${field.labels['zh-CN']}最多 ${maxFiles} 个文件` : `${field.labels.en} holds at most ${maxFiles} files` }], 'The field holds as many files as it may');
}

/** A file the actor may read: its record in their read scope and its field visible to them; 404 otherwise. */
async function readableFile(ctx: RequestContext, fileId: string, action: 'read' | 'update'): Promise<FileRow> {
  if (!isUuid(fileId)) throw noFile();
  const [row] = await queryRows<FileRow>(ctx.knex, `select ${COLUMNS}, storage_key from ${qualified(ctx.tenant, 'crm_file')} where id = ?`, [fileId]);
  if (!row || !ctx.model.entities.has(row.entity)) throw noFile();
  try {
    const { entity } = attachmentField(ctx, row.entity, row.field);
    await assertRecordInScope(ctx, entity, row.record_id, action);
  } catch (e) {
    // No right to the entity at all answers the same as no such file: a guessed id confirms nothing.
    if (e instanceof EngineError && (e.code === 'NOT_FOUND' || (e.code === 'FORBIDDEN' && action === 'read'))) throw noFile();
    throw e;
  }
  return { ...row, size: Number(row.size) };
}

export async function openFile(ctx: RequestContext, store: FileStore, fileId: string): Promise<{ file: FileInfo; content: Readable }> {
  const row = await readableFile(ctx, fileId, 'read');
  const content = await store.open(row.storage_key);
  const { storage_key: _key, ...file } = row;
  await appendAudit(ctx.knex, ctx.tenant, [auditEntry(ctx, 'file_download', file)]);
  return { file, content };
}

export async function deleteFile(ctx: RequestContext, store: FileStore, fileId: string): Promise<void> {
  const row = await readableFile(ctx, fileId, 'update');
  const entity = ctx.model.entities.get(row.entity)!;
  if (!ctx.access.canWriteField(entity, row.field)) throw new EngineError('FORBIDDEN', `You may not change ${row.field}`, [{ path: 'field', message: 'not writable for you' }]);
  const { storage_key: key, ...file } = row;
  const shared = await ctx.knex.transaction(async (trx) => {
    await queryRows(trx, `delete from ${qualified(ctx.tenant, 'crm_file')} where id = ?`, [fileId]);
    await appendAudit(trx, ctx.tenant, [auditEntry(ctx, 'file_delete', file)]);
    return (await queryRows(trx, `select 1 from ${qualified(ctx.tenant, 'crm_file')} where storage_key = ? limit 1`, [key])).length > 0;
  });
  // Content-addressed: the bytes go only when no other file (of any record) has the same content.
  if (!shared) await store.remove(key);
}


