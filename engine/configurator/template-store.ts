// Templates live as records of the engine's configurator_template entity (code, name, the document as JSON), so they
// are read and written under the ordinary permission scope and audited like any record; the record's version is the
// template's version.
import { EngineError, validationFailed, type RequestContext } from '../core/index.ts';
import { createRecord, listRecords, updateRecordById } from '../data/index.ts';
import { checkTemplate } from './check-template.ts';
import { compileTemplate, type CompiledTemplate } from './compile-template.ts';
import type { TemplateDocument } from './template-types.ts';

export const TEMPLATE_ENTITY = 'configurator_template';

interface TemplateRecord {
  id: string;
  code: string;
  version: number;
  document: TemplateDocument;
}

async function findTemplateRecord(ctx: RequestContext, code: string): Promise<TemplateRecord | undefined> {
  const filter = JSON.stringify({ '==': [{ var: 'code' }, code] });
  const { data } = await listRecords(ctx, TEMPLATE_ENTITY, { filter, fields: 'id,code,version,document', limit: '1' });
  return data[0] as unknown as TemplateRecord | undefined;
}

/** The template as exchanged: the stored document with the server's version. */
export async function getTemplateDocument(ctx: RequestContext, code: string): Promise<TemplateDocument> {
  const record = await findTemplateRecord(ctx, code);
  if (!record) throw new EngineError('NOT_FOUND', `No configurator template "${code}"`, [{ path: 'code', message: 'no such template' }]);
  return { ...record.document, code: record.code, version: record.version };
}

/** The compiled template for configuring, or a 422 at `path` when there is none the caller may read. */
export async function loadTemplateOrThrow(ctx: RequestContext, code: unknown, path = '/template'): Promise<CompiledTemplate> {
  if (typeof code !== 'string' || code === '') throw validationFailed([{ path, message: 'a template code is required' }]);
  const record = await findTemplateRecord(ctx, code);
  if (!record) throw validationFailed([{ path, message: `unknown template "${code}"` }], 'Unknown configurator template');
  return compileTemplate(record.id, record.version, { ...record.document, code: record.code });
}

/** Every template's code, for reading a model code whose series is not given. */
export async function listTemplateCodes(ctx: RequestContext): Promise<string[]> {
  const { data } = await listRecords(ctx, TEMPLATE_ENTITY, { fields: 'code', limit: '500' });
  return data.map((r) => String(r.code));
}

/**
 * Creates or replaces the template `code` after checking it whole. A `version` in the body must be the stored one
 * (409 otherwise), so two editors cannot overwrite each other unseen.
 */
export async function putTemplateDocument(ctx: RequestContext, code: string, body: unknown): Promise<TemplateDocument> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw validationFailed([{ path: '/', message: 'a template document (JSON object) is required' }]);
  const { version, ...rest } = body as Record<string, unknown>;
  const doc = { ...rest, code: rest.code ?? code } as TemplateDocument;
  const problems = checkTemplate(doc).map((p) => ({ path: p.pointer, message: p.message }));
  if (doc.code !== code) problems.unshift({ path: '/code', message: `the document's code "${String(doc.code)}" differs from "${code}" in the address` });
  if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version))) problems.push({ path: '/version', message: 'must be an integer' });
  if (problems.length) throw validationFailed(problems, 'The template is not valid');
  const existing = await findTemplateRecord(ctx, code);
  const values = { code, name: doc.labels['zh-CN'], document: doc };
  if (!existing) {
    const created = await createRecord(ctx, TEMPLATE_ENTITY, values);
    return { ...doc, version: Number(created.version) };
  }
  if (version !== undefined && version !== existing.version) {
    throw new EngineError('VERSION_CONFLICT', `Template "${code}" was changed by someone else (version ${existing.version})`, [
      { path: '/version', message: `stale version ${String(version)}; the stored one is ${existing.version}` },
    ]);
  }
  const updated = await updateRecordById(ctx, TEMPLATE_ENTITY, existing.id, values, existing.version);
  return { ...doc, version: Number(updated.version) };
}

/**
 * Replaces a stored template's segments with those of a selection table, keeping its labels, prices, parameters,
 * rules and tiers, and saves it with the same checks as a PUT (rules that name vanished segments are refused).
 */
export async function importSelectionTable(ctx: RequestContext, code: string, segments: TemplateDocument['segments']): Promise<TemplateDocument> {
  const current = await getTemplateDocument(ctx, code);
  return putTemplateDocument(ctx, code, { ...current, segments });
}
