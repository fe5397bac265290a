// The OpenAPI paths that do not repeat per entity: operations (health, readiness, metrics, docs), sign-in and the
// signed-in user, metadata, workflow and messages, history and audit, administration, and the local CLI's route.
// test/http/openapi-coverage.test.ts holds this list to the app's routers.
import type { JsonSchema } from '../data/index.ts';
import type { Model } from '../metadata/index.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const body = (schema: JsonSchema, required = true) => ({ required, content: json(schema) });
const ok = (description: string, schema: JsonSchema = { type: 'object' }) => ({ description, content: json(schema) });
const path = (name: string, schema: JsonSchema = { type: 'string' }, description?: string) => ({ name, in: 'path', required: true, schema, ...(description ? { description } : {}) });
const query = (name: string, description: string, schema: JsonSchema = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });
const uuid = { type: 'string', format: 'uuid' };
const page = (description: string) => ok(description, { type: 'object', required: ['data'], properties: { data: { type: 'array', items: { type: 'object' } }, next_cursor: { type: ['string', 'null'] } } });
const obj = (properties: Record<string, JsonSchema>, required: string[] = []) => ({ type: 'object', additionalProperties: false, required, properties });

const E400 = { '400': errorResponse('Malformed request') };
const E401 = { '401': errorResponse('Not signed in') };
const E403 = { '403': errorResponse('The right is missing') };
const E404 = { '404': errorResponse('Not found') };
const E409 = { '409': errorResponse('Conflict') };
const E422 = { '422': errorResponse('Validation failed') };
const PUBLIC = { security: [] };

export function fixedPaths(model: Model): Record<string, JsonSchema> {
  const entity = path('entity', { type: 'string', enum: [...model.entities.keys()] }, 'entity name');
  const id = path('id', uuid, 'record id');
  const tag = (name: string) => ({ tags: [name] });
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

    '/api/records/{entity}/{id}/history': {
      get: {
        operationId: 'recordHistory',
        ...tag('history'),
        summary: 'One record\'s change history (fields the reader may see)',
        parameters: [entity, id, query('limit', 'page size', { type: 'integer', minimum: 1 }), query('cursor', 'next_cursor from the previous page')],
        responses: { '200': page('History entries'), ...E400, ...E401, ...E404 },
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

    '/api/admin/plugins': { get: { operationId: 'listPlugins', ...tag('admin'), summary: 'Plugins on disk and installed (the plugins function)', responses: { '200': page('Plugins'), ...E401, ...E403 } } },
    '/api/admin/plugins/{name}/{action}': {
      post: {
        operationId: 'pluginLifecycle',
        ...tag('admin'),
        summary: 'Install, upgrade or uninstall a plugin; live on return',
        parameters: [path('name', { type: 'string' }, 'plugin name'), path('action', { type: 'string', enum: ['install', 'upgrade', 'uninstall'] })],
        requestBody: body(obj({ grantCore: { type: 'boolean', description: 'let its roles have rights on entities outside the plugin' } }), false),
        responses: { '200': ok('What was done, with the schema plan'), ...E400, ...E401, ...E403, ...E404, ...E409, ...E422 },
      },
    },
    '/api/admin/plugins/{name}/purge': {
      post: {
        operationId: 'pluginPurge',
        ...tag('admin'),
        summary: 'Delete an uninstalled plugin\'s data for good, after a backup',
        parameters: [path('name', { type: 'string' }, 'plugin name')],
        requestBody: body(obj({ confirm: { type: 'string', description: 'the plugin\'s name again' } })),
        responses: { '200': ok('What was dropped and where the backup is'), ...E400, ...E401, ...E403, ...E404, ...E409 },
      },
    },
    '/api/admin/extensions': { get: { operationId: 'listExtensions', ...tag('admin'), summary: 'The administrator\'s own fields, per entity (the metadata function)', responses: { '200': page('Extensions'), ...E401, ...E403 } } },
    '/api/admin/extensions/{entity}': {
      parameters: [entity],
      put: {
        operationId: 'putExtension',
        ...tag('admin'),
        summary: 'Replace an entity\'s admin fields: checked with the whole model, applied with the schema in one transaction',
        requestBody: body({ type: 'object', description: 'an entity extension document (docs/metadata.md)' }),
        responses: { '200': ok('The applied plan'), ...E400, ...E401, ...E403, ...E404, ...E422 },
      },
      delete: { operationId: 'deleteExtension', ...tag('admin'), summary: 'Remove an entity\'s admin fields (their data is archived)', responses: { '200': ok('The applied plan'), ...E401, ...E403, ...E404 } },
    },
    '/api/admin/autonumber-preview': {
      get: {
        operationId: 'previewAutonumber',
        ...tag('admin'),
        summary: 'The number the next record would get from a numbering template, without taking it (the metadata function)',
        parameters: [
          { ...query('template', 'Handlebars numbering template, e.g. FW-{{date "YYYYMM"}}-{{seq 4}}'), required: true },
          query('reset', 'when the counter starts again', { type: 'string', enum: ['daily', 'monthly', 'yearly', 'never'] }),
          query('entity', 'entity whose counter is read (none yet for a new entity: 1)'),
          query('field', 'the autonumber field (default code)'),
        ],
        responses: { '200': ok('{number}'), ...E400, ...E401, ...E403, ...E422 },
      },
    },
    '/api/admin/metadata/{kind}': {
      get: {
        operationId: 'listAdminDocuments',
        ...tag('admin'),
        summary: 'The administrator\'s metadata documents of a kind: entities, extensions, forms, menus or workflows (the metadata function)',
        parameters: [path('kind', { type: 'string', enum: ['entities', 'extensions', 'forms', 'menus', 'workflows'] }, 'kind of metadata')],
        responses: { '200': page('Documents ({name, doc})'), ...E401, ...E403, ...E404 },
      },
    },
    '/api/admin/metadata/{kind}/{name}': {
      parameters: [path('kind', { type: 'string', enum: ['entities', 'extensions', 'forms', 'menus', 'workflows'] }, 'kind of metadata'), path('name', { type: 'string' }, 'document name')],
      get: { operationId: 'getAdminDocument', ...tag('admin'), summary: 'One of the administrator\'s metadata documents', responses: { '200': ok('{name, doc}'), ...E401, ...E403, ...E404 } },
      put: {
        operationId: 'putAdminDocument',
        ...tag('admin'),
        summary: 'Save a metadata document of the admin layer: checked with the whole model, applied with the schema, stored and audited (with its diff) in one transaction; ?dry_run=true answers the plan only',
        parameters: [{ name: 'dry_run', in: 'query', schema: { type: 'boolean' }, description: 'plan only, change nothing' }],
        requestBody: body({ type: 'object', description: 'a metadata document (docs/metadata.md)' }),
        responses: { '200': ok('{plan, applied, before, after}'), ...E400, ...E401, ...E403, ...E404, ...E409, ...E422 },
      },
      delete: {
        operationId: 'deleteAdminDocument',
        ...tag('admin'),
        summary: 'Remove a metadata document of the admin layer (columns it added are archived, never dropped); ?dry_run=true answers the plan only',
        parameters: [{ name: 'dry_run', in: 'query', schema: { type: 'boolean' }, description: 'plan only, change nothing' }],
        responses: { '200': ok('{plan, applied, before, after}'), ...E400, ...E401, ...E403, ...E404, ...E409, ...E422 },
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
