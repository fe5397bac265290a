// OpenAPI 3.1 document generated from the Model: one set of paths and schemas per entity. Cached per model version.
import { recordSchema, MAX_EXPORT_ROWS, MAX_LIMIT, type JsonSchema } from '../data/index.ts';
import type { EntityDef, FieldDef, Model } from '../metadata/index.ts';
import { valueKindOf } from '../metadata/index.ts';
import { documentIdempotency, idempotencyComponents } from './openapi-idempotency.ts';
import { fixedPaths } from './openapi-paths.ts';

const cache = new WeakMap<Model, JsonSchema>();

export function openApiDocument(model: Model): JsonSchema {
  let doc = cache.get(model);
  if (!doc) {
    doc = build(model);
    cache.set(model, doc);
  }
  return doc;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

function build(model: Model): JsonSchema {
  const schemas: Record<string, JsonSchema> = {
    Error: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message', 'details'],
          properties: {
            code: { type: 'string' },
            message: { type: 'string' },
            details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['message'] } },
          },
        },
      },
    },
  };
  schemas.FileInfo = {
    type: 'object',
    properties: Object.fromEntries(
      ['id', 'entity', 'record_id', 'field', 'name', 'content_type', 'sha256', 'created_at', 'created_by'].map((k) => [k, { type: 'string' }]).concat([['size', { type: 'integer' }]]),
    ),
  };
  const paths: Record<string, JsonSchema> = fixedPaths(model);
  for (const entity of model.entities.values()) {
    const name = pascal(entity.name);
    schemas[name] = readSchema(entity);
    schemas[`${name}Create`] = recordSchema(entity, model, { mode: 'create' });
    schemas[`${name}Update`] = recordSchema(entity, model, { mode: 'update' });
    Object.assign(paths, entityPaths(entity, name));
  }
  documentIdempotency(paths);
  return {
    openapi: '3.1.0',
    info: { title: 'Equipment CRM API', version: model.version, description: 'Generated from the metadata model; every entity has the same generic endpoints.' },
    paths,
    // Every operation needs a session unless it says otherwise (security: []).
    security: [{ bearer: [] }, { cookie: [] }],
    components: {
      schemas,
      ...idempotencyComponents,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'token from POST /api/auth/login' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'crm_session' },
        localToken: { type: 'apiKey', in: 'header', name: 'x-crm-admin-token', description: 'the token the server keeps in its data folder' },
      },
    },
  };
}

function entityPaths(entity: EntityDef, name: string): Record<string, JsonSchema> {
  const tag = [entity.name];
  const common = { '400': errorResponse('Malformed request'), '422': errorResponse('Validation failed') };
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
  const q = (n: string, description: string, schema: JsonSchema = { type: 'string' }) => ({ name: n, in: 'query', required: false, description, schema });
  return {
    [`/api/records/${entity.name}`]: {
      get: {
        operationId: `list_${entity.name}`,
        tags: tag,
        summary: `List ${entity.labels.en}`,
        parameters: [
          q('filter', 'json-logic expression, URL-encoded JSON'),
          q('sort', 'comma-separated fields, - for descending, e.g. -amount,name'),
          q('limit', `page size, at most ${MAX_LIMIT}`, { type: 'integer', minimum: 1, maximum: MAX_LIMIT }),
          q('cursor', 'next_cursor from the previous page'),
          q('fields', 'comma-separated fields to return'),
          q('expand', 'comma-separated relations to embed'),
          q('count', 'exact or estimated total', { type: 'string', enum: ['exact', 'estimated'] }),
        ],
        responses: {
          '200': {
            description: 'A page of records',
            content: json({ type: 'object', required: ['data', 'next_cursor'], properties: { data: { type: 'array', items: ref(name) }, next_cursor: { type: ['string', 'null'] }, count: { type: 'integer' } } }),
          },
          '400': common['400'],
        },
      },
      post: {
        operationId: `create_${entity.name}`,
        tags: tag,
        summary: `Create ${entity.labels.en}`,
        requestBody: { required: true, content: json(ref(`${name}Create`)) },
        responses: { '201': { description: 'Created', content: json(ref(name)) }, ...common, '409': errorResponse('Conflict') },
      },
    },
    [`/api/records/${entity.name}/{id}`]: {
      parameters: [idParam],
      get: { operationId: `get_${entity.name}`, tags: tag, parameters: [q('fields', 'fields to return'), q('expand', 'relations to embed')], responses: { '200': { description: 'The record', content: json(ref(name)) }, '404': errorResponse('Not found') } },
      patch: {
        operationId: `update_${entity.name}`,
        tags: tag,
        parameters: [{ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'version last seen' }],
        requestBody: { required: true, content: json(ref(`${name}Update`)) },
        responses: { '200': { description: 'Updated', content: json(ref(name)) }, ...common, '404': errorResponse('Not found'), '409': errorResponse('Version conflict') },
      },
      delete: { operationId: `delete_${entity.name}`, tags: tag, responses: { '204': { description: 'Deleted' }, '404': errorResponse('Not found'), '409': errorResponse('Still referenced') } },
    },
    [`/api/records/${entity.name}/export`]: {
      get: {
        operationId: `export_${entity.name}`,
        tags: tag,
        summary: `Export ${entity.labels.en} as CSV (UTF-8 with BOM) or XLSX, at most ${MAX_EXPORT_ROWS} records; above the approval threshold an export request is filed instead (202)`,
        parameters: [
          q('filter', 'json-logic expression, as for the list'),
          q('sort', 'as for the list'),
          q('fields', 'comma-separated fields (default: every readable one)'),
          q('format', 'csv (default) or xlsx', { type: 'string', enum: ['csv', 'xlsx'] }),
          q('reason', 'why the export is needed, kept on the export request when one is filed'),
        ],
        responses: {
          '200': { description: 'The file', content: { 'text/csv': { schema: { type: 'string' } }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } },
          '202': { description: 'More rows than the approval threshold: the export request filed (id, status, row_count, threshold); download it from /api/export-requests/{id}/file once approved', content: json({ type: 'object', properties: { data: { type: 'object' } } }) },
          '400': common['400'], '403': errorResponse('No export right'), '422': errorResponse('Too many records') },
      },
    },
    [`/api/records/${entity.name}/bulk`]: {
      post: {
        operationId: `bulk_${entity.name}`,
        tags: tag,
        summary: 'Create, update, delete and assign owners in one all-or-nothing transaction',
        requestBody: {
          required: true,
          content: json({ type: 'object', required: ['operations'], properties: { operations: { type: 'array', items: { type: 'object', required: ['op'], properties: { op: { enum: ['create', 'update', 'delete', 'assign'] }, id: { type: 'string' }, version: { type: 'integer' }, data: {}, owner: { type: 'string', format: 'uuid' } } } } } }),
        },
        responses: { '200': { description: 'All applied' }, ...common },
      },
    },
  };
}

function readSchema(entity: EntityDef): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  // Attachments are not part of the record: their files are listed at /files/{field}.
  for (const f of entity.fields.values()) if (f.type !== 'attachment') properties[f.name] = readFieldSchema(f);
  return { type: 'object', title: entity.labels.en, required: ['id', 'version'], properties };
}

function readFieldSchema(f: FieldDef): JsonSchema {
  const kind = valueKindOf(f);
  const title = f.labels.en;
  if (f.type === 'children' || f.type === 'many_to_many') return { title, type: 'array', items: f.type === 'many_to_many' ? { type: 'string' } : { type: 'object' } };
  switch (kind) {
    case 'number':
      return { title, type: ['number', 'null'] };
    case 'boolean':
      return { title, type: ['boolean', 'null'] };
    case 'date':
      return { title, type: ['string', 'null'], format: 'date' };
    case 'datetime':
      return { title, type: ['string', 'null'], format: 'date-time' };
    case 'string_array':
      return { title, type: ['array', 'null'], items: { type: 'string' } };
    case 'json':
      return { title };
    default:
      return { title, type: ['string', 'null'] };
  }
}

function pascal(name: string): string {
  return name.replace(/(^|_)([a-z0-9])/g, (_m, _s, c: string) => c.toUpperCase());
}
