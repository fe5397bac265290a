// The OpenAPI paths that do not repeat per entity: operations (health, readiness, metrics, docs), sign-in and the
// signed-in user, metadata, workflow and messages, history and audit, administration, the configurator, and the local CLI's route.
// test/http/openapi-coverage.test.ts holds this list to the app's routers.
import type { JsonSchema } from '../data/index.ts';
import type { Model } from '../metadata/index.ts';
import { adminPaths } from './openapi-admin-paths.ts';
import { reportsPaths } from './openapi-reports-paths.ts';
import { reportSchedulesPaths } from './openapi-report-schedules-paths.ts';
import { tryPaths } from './openapi-try-paths.ts';
import { backupsPaths } from './openapi-backups-paths.ts';
import { body, configuratorChoices, ref, E400, E401, E403, E404, E409, E422, errorResponse, obj, ok, page, path, PUBLIC, query, tag, uuid } from './openapi-parts.ts';

const exportSettings = obj({
  threshold: { type: 'integer', minimum: 0, maximum: 100_000_000, description: 'an export of more rows needs an approval (0: every export); default 5000' },
  download_days: { type: 'integer', minimum: 1, maximum: 365, description: 'days from the approval during which the requester can download; default 7' },
  pending_days: { type: 'integer', minimum: 1, maximum: 365, description: 'days a request may wait for its approval before it expires; default 14' },
});

const SHEET_BODY = {
  required: true,
  content: { 'text/csv': { schema: { type: 'string', format: 'binary' } }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
};

export function fixedPaths(model: Model): Record<string, JsonSchema> {
  const entity = path('entity', { type: 'string', enum: [...model.entities.keys()] }, 'entity name');
  const id = path('id', uuid, 'record id');
  return {
    '/api/health': { get: { operationId: 'health', ...tag('operations'), ...PUBLIC, summary: 'Liveness: the process answers and reaches its database', responses: { '200': ok('OK') } } },
    '/api/ready': {
      get: {
        operationId: 'ready',
        ...tag('operations'),
        ...PUBLIC,
        summary: 'Readiness: the database answers and the engine migrations have run',
        responses: { '200': ok('Ready'), '503': ok('Not ready; `checks` says which check failed', { type: 'object', properties: { status: { type: 'string' }, checks: { type: 'object' } } }) },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        ...tag('operations'),
        security: [{}, { bearer: [] }],
        summary: 'Prometheus metrics (a bearer token when the server sets METRICS_TOKEN)',
        responses: { '200': { description: 'Exposition text', content: { 'text/plain': { schema: { type: 'string' } } } }, ...E401 },
      },
    },
    '/api/docs': { get: { operationId: 'docs', ...tag('operations'), ...PUBLIC, summary: 'This document in Swagger UI', responses: { '200': { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } } } } },
    '/api/openapi.json': { get: { operationId: 'openapi', ...tag('operations'), summary: 'This document', responses: { '200': ok('OpenAPI 3.1'), ...E401 } } },

    '/api/auth/login': {
      post: {
        operationId: 'login',
        ...tag('auth'),
        ...PUBLIC,
        summary: 'Sign in; answers a bearer token and sets the session cookie',
        requestBody: body(obj({ username: { type: 'string' }, password: { type: 'string' } }, ['username', 'password'])),
        responses: { '200': ok('Signed in', obj({ token: { type: 'string' }, expires_at: { type: 'string', format: 'date-time' }, user_id: uuid })), ...E400, ...E401, '429': errorResponse('Too many attempts (see Retry-After)') },
      },
    },
    '/api/auth/logout': { post: { operationId: 'logout', ...tag('auth'), summary: 'End this session', responses: { '204': { description: 'Signed out' }, ...E401 } } },
    '/api/me': { get: { operationId: 'me', ...tag('auth'), summary: 'The signed-in user, roles and effective permissions', responses: { '200': ok('The user'), ...E401 } } },
    '/api/me/password': {
      post: {
        operationId: 'changeOwnPassword',
        ...tag('auth'),
        summary: 'Change one\'s own password (other sessions end)',
        requestBody: body(obj({ current_password: { type: 'string' }, new_password: { type: 'string' } }, ['current_password', 'new_password'])),
        responses: { '204': { description: 'Changed' }, ...E400, ...E401, ...E422 },
      },
    },
    '/api/users': {
      post: {
        operationId: 'createUser',
        ...tag('auth'),
        summary: 'Create a user with an initial password that must be changed at the first sign-in (the users function)',
        requestBody: body({ type: 'object', description: 'the app_user record\'s fields plus "password"', required: ['password'] }),
        responses: { '201': ok('The user record'), ...E400, ...E401, ...E403, ...E409, ...E422 },
      },
    },
    '/api/users/last-sign-ins': {
      get: { operationId: 'lastSignIns', ...tag('auth'), summary: 'When each user last signed in (the users function)', responses: { '200': ok('{data: {user id: time of the last sign-in}}'), ...E400, ...E401, ...E403 } },
    },
    '/api/users/{id}/password': {
      post: {
        operationId: 'setUserPassword',
        ...tag('auth'),
        summary: 'Set a user\'s password (the users function)',
        parameters: [path('id', uuid, 'user id')],
        requestBody: body(obj({ password: { type: 'string' } }, ['password'])),
        responses: { '204': { description: 'Set' }, ...E400, ...E401, ...E403, ...E404, ...E422 },
      },
    },

    '/api/meta/entities': { get: { operationId: 'listEntities', ...tag('metadata'), summary: 'Entities this user may read, with labels', responses: { '200': ok('Entities'), ...E401 } } },
    '/api/meta/entities/{entity}': {
      get: { operationId: 'describeEntity', ...tag('metadata'), summary: 'Fields, form schema and uiSchema, layout and workflows of one entity', parameters: [entity, query('lang', 'en for English labels')], responses: { '200': ok('The entity'), ...E401, ...E404 } },
    },
    '/api/meta/menus': { get: { operationId: 'menus', ...tag('metadata'), summary: 'The menu tree this user may see', responses: { '200': ok('Menus'), ...E401 } } },

    '/api/records/{entity}/import': {
      post: {
        operationId: 'importRecords',
        ...tag('records'),
        summary: 'Import a CSV (UTF-8 or GBK) or XLSX file (the request body) through the record service: mapping by header codes or labels, de-duplication on key fields, all-or-nothing or valid rows only, resumable (needs the import and create rights)',
        parameters: [
          entity,
          query('file_name', 'the file\'s name, ending in .csv or .xlsx'),
          query('key', 'key fields for de-duplication, comma-separated'),
          query('on_duplicate', 'skip (default), update or create', { type: 'string', enum: ['skip', 'update', 'create'] }),
          query('mode', 'valid (default): land the valid rows; all: every row or none', { type: 'string', enum: ['all', 'valid'] }),
          query('dry_run', 'check every row, land none', { type: 'boolean' }),
          query('encoding', 'CSV encoding (detected when not given)', { type: 'string', enum: ['utf8', 'gb18030'] }),
          query('mapping', 'JSON {"columns": {header: field}, "values": {field: {typed: value}}}'),
          query('error_file', 'also answer the rejected rows as a file to fix and import again (error_file: {name, content_base64})', { type: 'boolean' }),
        ],
        requestBody: SHEET_BODY,
        responses: {
          '200': ok('{file, read, created, updated, skipped, rejected, resumed, dryRun, errors: [{row, column, message}]}; with Accept: application/x-ndjson, lines {"progress": {done, total}} then {"result": …} or {"status", "error"}'),
          ...E400, ...E401, ...E403, ...E404,
        },
      },
    },
    '/api/records/{entity}/import/preview': {
      post: {
        operationId: 'previewImport',
        ...tag('records'),
        summary: 'Read an import file without writing anything: header, row count, first rows, the field each column would fill, and the fields this user may import into',
        parameters: [entity, query('file_name', 'the file\'s name, ending in .csv or .xlsx'), query('encoding', 'CSV encoding (detected when not given)', { type: 'string', enum: ['utf8', 'gb18030'] })],
        requestBody: SHEET_BODY,
        responses: { '200': ok('{header, total, sample, columns: [{header, field}], fields: [{name, type, required, labels}]}'), ...E400, ...E401, ...E403, ...E404 },
      },
    },
    '/api/records/{entity}/duplicates': {
      get: {
        operationId: 'findDuplicates',
        ...tag('records'),
        summary: '查重: records whose text field holds the same value after normalisation (spaces, full-width, case, brackets, 有限公司 variants); readable ones by name, the others as a count',
        parameters: [entity, { ...query('field', 'a text field the user may read'), required: true }, { ...query('value', 'the value typed (up to 500 characters)'), required: true }, query('exclude', 'the record being edited', uuid)],
        responses: { '200': ok('{matches: [{id, name}], hidden}'), ...E400, ...E401, ...E403, ...E404 },
      },
    },
    '/api/records/{entity}/{id}/history': {
      get: {
        operationId: 'recordHistory',
        ...tag('history'),
        summary: 'One record\'s change history (fields the reader may see)',
        parameters: [entity, id, query('limit', 'page size', { type: 'integer', minimum: 1 }), query('cursor', 'next_cursor from the previous page')],
        responses: { '200': page('History entries'), ...E400, ...E401, ...E404 },
      },
    },
    '/api/records/{entity}/{id}/files/{field}': {
      get: {
        operationId: 'listFiles',
        ...tag('files'),
        summary: 'The files an attachment field of a record holds (404 outside the reader\'s scope)',
        parameters: [entity, id, path('field', { type: 'string' }, 'attachment field')],
        responses: { '200': ok('Files', { type: 'object', properties: { data: { type: 'array', items: ref('FileInfo') } } }), ...E400, ...E401, ...E404 },
      },
      post: {
        operationId: 'uploadFile',
        ...tag('files'),
        summary: 'Upload one file: the raw bytes as the body, its type in Content-Type, its name (percent-encoded UTF-8) in X-File-Name; needs update on the record and the field',
        parameters: [entity, id, path('field', { type: 'string' }, 'attachment field'), { name: 'X-File-Name', in: 'header', required: true, schema: { type: 'string' }, description: 'the file name, percent-encoded UTF-8' }],
        requestBody: { required: true, content: { '*/*': { schema: { type: 'string', format: 'binary' } } } },
        responses: { '201': ok('Stored', ref('FileInfo')), ...E400, ...E401, ...E403, ...E404, '413': errorResponse('Larger than the field\'s maxSize'), ...E422 },
      },
    },
    '/api/files/{fileId}': {
      get: {
        operationId: 'downloadFile',
        ...tag('files'),
        summary: 'Download a file (or, with inline=true, preview an image or PDF); 404 unless its record is in the reader\'s scope',
        parameters: [path('fileId', uuid, 'file id'), query('inline', 'true: show images and PDF in the browser', { type: 'string', enum: ['true', 'false'] })],
        responses: { '200': { description: 'The file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, ...E400, ...E401, ...E404 },
      },
      delete: {
        operationId: 'deleteFile',
        ...tag('files'),
        summary: 'Remove a file (update right on its record and field)',
        parameters: [path('fileId', uuid, 'file id')],
        responses: { '204': { description: 'Removed' }, ...E400, ...E401, ...E403, ...E404 },
      },
    },
    '/api/records/{entity}/{id}/assign': {
      post: {
        operationId: 'assignOwner',
        ...tag('history'),
        summary: 'Give a record to another owner',
        parameters: [entity, id],
        requestBody: body(obj({ owner: uuid }, ['owner'])),
        responses: { '200': ok('The record'), ...E400, ...E401, ...E403, ...E404, ...E409, ...E422 },
      },
    },
    '/api/audit': {
      get: {
        operationId: 'queryAudit',
        ...tag('history'),
        summary: 'The audit log (the audit function)',
        parameters: [
          query('actor_id', 'who acted', uuid),
          query('action', 'one action or a comma-separated list'),
          query('entity', 'entity name'),
          query('record_id', 'record id', uuid),
          query('from', 'ISO-8601, inclusive (tenant time zone when no zone is given)'),
          query('to', 'ISO-8601, exclusive'),
          query('limit', 'page size', { type: 'integer', minimum: 1 }),
          query('cursor', 'next_cursor from the previous page'),
        ],
        responses: { '200': page('Audit entries'), ...E400, ...E401, ...E403 },
      },
    },
    '/api/handover': {
      post: {
        operationId: 'handover',
        ...tag('history'),
        summary: 'Hand a user\'s records to others (the handover function)',
        requestBody: body(obj({ from: uuid, to: { type: 'array', items: uuid, minItems: 1, maxItems: 100 }, entities: { type: 'array', items: { type: 'string' } }, reason: { type: 'string', maxLength: 500 } }, ['from', 'to'])),
        responses: { '200': ok('What moved'), ...E400, ...E401, ...E403, ...E422 },
      },
    },

    '/api/handover/preview': {
      post: {
        operationId: 'previewHandover',
        ...tag('history'),
        summary: 'What a handover would move to whom (same request, nothing changes; the handover function)',
        requestBody: body(obj({ from: uuid, to: { type: 'array', items: uuid, minItems: 1, maxItems: 100 }, entities: { type: 'array', items: { type: 'string' } }, reason: { type: 'string', maxLength: 500 } }, ['from', 'to'])),
        responses: { '200': ok('entity → new owner → number of records', obj({ moved: { type: 'object' }, disabled: { type: 'boolean' } })), ...E400, ...E401, ...E403, ...E422 },
      },
    },
    '/api/records/{entity}/{id}/actions/{action}': {
      post: {
        operationId: 'runAction',
        ...tag('workflow'),
        summary: 'Run a workflow transition or an approval decision on a record',
        parameters: [entity, id, path('action', { type: 'string' }, 'transition name, or approve / reject / return / transfer')],
        requestBody: body(obj({ comment: { type: 'string' }, approvers: { type: 'array', items: uuid }, to: uuid, step: { type: 'string' } }), false),
        responses: { '200': ok('The record\'s workflow view'), ...E400, ...E401, ...E403, ...E404, ...E409, ...E422 },
      },
    },
    '/api/records/{entity}/{id}/workflow': {
      get: { operationId: 'workflowView', ...tag('workflow'), summary: 'State, available actions, approvals and history of a record\'s workflow', parameters: [entity, id], responses: { '200': ok('The workflow view'), ...E401, ...E404 } },
    },
    '/api/export-requests': { get: { operationId: 'listExportRequests', ...tag('export'), summary: 'My export requests (导出申请), newest first', responses: { '200': page('Export requests'), ...E401 } } },
    '/api/export-requests/settings': {
      get: { operationId: 'exportSettings', ...tag('export'), summary: 'The export settings (导出设置): approval threshold (rows), download period and approval period (days)', responses: { '200': ok('Settings', exportSettings), ...E401 } },
      put: {
        operationId: 'setExportSettings',
        ...tag('export'),
        summary: 'Change export settings (those given; the metadata function); audited; 422 names each bad field and nothing changes',
        requestBody: body({ ...exportSettings, minProperties: 1 }),
        responses: { '200': ok('Settings', exportSettings), ...E400, ...E401, ...E403, ...E422 },
      },
    },
    '/api/export-requests/{id}/file': {
      get: {
        operationId: 'downloadExportRequest',
        ...tag('export'),
        summary: "An approved export request's file, made under the requester's rights now; only the requester",
        parameters: [id],
        responses: {
          '200': { description: 'The file', content: { 'text/csv': { schema: { type: 'string' } }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } },
          ...E400,
          ...E401,
          ...E403,
          ...E404,
          ...E409,
        },
      },
    },
    '/api/inbox': { get: { operationId: 'inbox', ...tag('workflow'), summary: 'Approvals waiting for me', responses: { '200': page('Tasks'), ...E401 } } },
    '/api/messages': {
      get: {
        operationId: 'listMessages',
        ...tag('workflow'),
        summary: 'My messages, newest first',
        parameters: [query('unread', 'true for unread only', { type: 'string', enum: ['true', 'false'] }), query('limit', 'at most 200', { type: 'integer', minimum: 1, maximum: 200 })],
        responses: { '200': page('Messages'), ...E400, ...E401 },
      },
    },
    '/api/messages/read': {
      post: {
        operationId: 'markMessagesRead',
        ...tag('workflow'),
        summary: 'Mark messages read (all of mine without ids)',
        requestBody: body(obj({ ids: { type: 'array', items: uuid } }), false),
        responses: { '200': ok('How many changed', obj({ updated: { type: 'integer' } })), ...E400, ...E401 },
      },
    },

    ...adminPaths(entity),
    ...reportsPaths(),
    ...reportSchedulesPaths(),
    ...tryPaths(),
    ...backupsPaths(),
    '/api/configurator/templates/{code}': {
      parameters: [path('code', { type: 'string' }, 'template (series) code, the model code\'s prefix')],
      get: {
        operationId: 'getConfiguratorTemplate',
        ...tag('configurator'),
        summary: 'A configurator template as one JSON document (read under the configurator_template read scope)',
        responses: { '200': ok('The template document (docs/metadata.md "Configurator templates")'), ...E401, ...E403, ...E404 },
      },
      put: {
        operationId: 'putConfiguratorTemplate',
        ...tag('configurator'),
        summary: 'Create or replace a template from its document; checked whole (codes unique, decodable one way, rules, tiers), audited; `version` is the server\'s',
        requestBody: body({ type: 'object', description: 'a template document (docs/metadata.md "Configurator templates")' }),
        responses: { '200': ok('The stored document'), ...E400, ...E401, ...E403, ...E409, ...E422 },
      },
    },
    '/api/configurator/templates/{code}/table': {
      put: {
        operationId: 'importSelectionTable',
        ...tag('configurator'),
        summary: 'Replace a stored template\'s segments from a selection table (one row per option: segment, code, label, spec, price adder)',
        parameters: [path('code', { type: 'string' }, 'template (series) code')],
        requestBody: {
          required: true,
          content: {
            'text/csv': { schema: { type: 'string' } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
          },
        },
        responses: { '200': ok('The stored document'), ...E400, ...E401, ...E403, ...E404, ...E409, ...E422 },
      },
    },
    '/api/configurator/configure': {
      post: {
        operationId: 'configure',
        ...tag('configurator'),
        summary: 'Model code, spec sheet and price (base, adders, quantity tier, customer terms) of a configuration, or 422 naming every violated rule',
        requestBody: body(obj({ template: { type: 'string' }, choices: configuratorChoices, parameters: { type: 'object' }, quantity: { type: 'integer', minimum: 1 }, customer: uuid }, ['template'])),
        responses: { '200': ok('{model_code, spec, list_price, unit_price, total, breakdown, warnings, template_version}'), ...E400, ...E401, ...E403, ...E422 },
      },
    },
    '/api/configurator/options': {
      post: {
        operationId: 'configuratorOptions',
        ...tag('configurator'),
        summary: 'For a partial configuration, every option of every segment with `available` and, when not, the rule\'s message as `reason`',
        requestBody: body(obj({ template: { type: 'string' }, choices: configuratorChoices, parameters: { type: 'object' } }, ['template'])),
        responses: { '200': ok('{template, template_version, segments, parameters}'), ...E400, ...E401, ...E403, ...E422 },
      },
    },
    '/api/configurator/decode': {
      post: {
        operationId: 'decodeModelCode',
        ...tag('configurator'),
        summary: 'Read a model code back into template and choices, answered as configure answers; 422 names the character position and segment where it fails',
        requestBody: body(obj({ model_code: { type: 'string' }, template: { type: 'string', description: 'read the code as this template only' }, quantity: { type: 'integer', minimum: 1 }, customer: uuid }, ['model_code'])),
        responses: { '200': ok('{template, choices, model_code, spec, list_price, unit_price, total, breakdown, warnings, template_version}'), ...E400, ...E401, ...E403, ...E422 },
      },
    },

    '/api/local/run': {
      post: {
        operationId: 'localRun',
        ...tag('operations'),
        security: [{ localToken: [] }],
        summary: 'An operator command (crm …) run inside this server, for the local CLI only',
        requestBody: body(obj({ operation: { type: 'string' }, args: {} }, ['operation'])),
        responses: { '200': ok('The command\'s result'), ...E400, ...E401 },
      },
    },
  };
}
