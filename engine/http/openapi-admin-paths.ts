// The OpenAPI entries of the administration routes: roles (designer preview, holders), plugins, the admin's fields,
// the designers' metadata documents, the whole menu, numbering previews and workflow versions.
import type { JsonSchema } from '../data/index.ts';
import { body, E400, E401, E403, E404, E409, E422, obj, ok, page, path, query, tag, uuid } from './openapi-parts.ts';

/** `entity`: the path parameter naming one of the model's entities. */
export function adminPaths(entity: JsonSchema): Record<string, JsonSchema> {
  return {
    '/api/admin/roles/{code}/preview': {
      get: {
        operationId: 'previewRole',
        ...tag('admin'),
        summary: 'View as this role: the menu and an entity\'s first page as the role alone shows them to a sample user (the users function)',
        parameters: [path('code', { type: 'string' }, 'role code'), query('entity', 'entity whose first 20 records to list'), query('as', 'sample user whose department and team fill the scopes (default: the caller)', uuid)],
        responses: { '200': ok('Role, sample user, visible menu and list', obj({ role: { type: 'object' }, user: { type: 'object' }, menus: { type: 'array', items: { type: 'object' } }, list: obj({ entity: { type: 'string' }, readable: { type: 'boolean' }, data: { type: 'array', items: { type: 'object' } }, count: { type: 'integer' } }) })), ...E400, ...E401, ...E403, ...E404, ...E422 },
      },
    },
    '/api/admin/roles/{code}/holders': {
      get: {
        operationId: 'roleHolders',
        ...tag('admin'),
        summary: 'Active users holding the role (directly, through a group or a position), and the groups and positions giving it (the users function)',
        parameters: [path('code', { type: 'string' }, 'role code')],
        responses: { '200': ok('Holders', obj({ users: { type: 'array', items: { type: 'object' } }, groups: { type: 'array', items: { type: 'object' } }, positions: { type: 'array', items: { type: 'object' } } })), ...E401, ...E403, ...E404 },
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
    '/api/admin/menus': {
      get: { operationId: 'getWholeMenu', ...tag('admin'), summary: 'The whole menu as the model has it, hidden entries included (the menu designer; the metadata function)', responses: { '200': page('Menu items'), ...E400, ...E401, ...E403 } },
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
    '/api/admin/metadata': {
      post: {
        operationId: 'changeAdminDocuments',
        ...tag('admin'),
        summary: 'Save or remove several metadata documents of the admin layer as one change (a flow with the state options it adds): checked together with the whole model, applied in one transaction with one audit entry, or not at all; ?dry_run=true answers the plan only',
        parameters: [{ name: 'dry_run', in: 'query', schema: { type: 'boolean' }, description: 'plan only, change nothing' }],
        requestBody: body({
          type: 'object',
          required: ['changes'],
          additionalProperties: false,
          properties: {
            changes: {
              type: 'array',
              minItems: 1,
              maxItems: 50,
              items: {
                type: 'object',
                required: ['kind', 'name', 'doc'],
                additionalProperties: false,
                properties: {
                  kind: { type: 'string', enum: ['entities', 'extensions', 'forms', 'menus', 'workflows'] },
                  name: { type: 'string' },
                  doc: { type: ['object', 'null'], description: 'the document (docs/metadata.md), or null to remove the admin\'s document' },
                },
              },
            },
          },
        }),
        responses: { '200': ok('{plan, applied, changes: [{kind, name, before, after}]}'), ...E400, ...E401, ...E403, ...E404, ...E409, ...E422 },
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

    '/api/admin/config-bundle': {
      get: {
        operationId: 'exportConfigBundle',
        ...tag('admin'),
        summary: 'The configuration (admin fields, entities, forms, menus, flows, roles) as one bundle in the plugin format: keys are the plugin folder\'s files (plugin.json, metadata/<kind>/<name>.json) (the metadata function)',
        responses: { '200': ok('The bundle', { type: 'object', additionalProperties: { type: 'object' } }), ...E400, ...E401, ...E403 },
      },
      post: {
        operationId: 'importConfigBundle',
        ...tag('admin'),
        summary: 'Import a configuration bundle: ?dry_run=true (the default) answers per file create / replace / unchanged and the schema steps; dry_run=false applies everything in one transaction, or nothing (problems name file and JSON pointer)',
        parameters: [{ name: 'dry_run', in: 'query', schema: { type: 'boolean', default: true }, description: 'plan only, change nothing' }],
        requestBody: body({ type: 'object', description: 'a bundle as GET /api/admin/config-bundle answers it' }),
        responses: { '200': ok('{applied, manifest, documents: [{file, kind, name, action}], plan}'), ...E400, ...E401, ...E403, ...E409, ...E422 },
      },
    },
    '/api/admin/workflows': {
      get: {
        operationId: 'listAdminWorkflows',
        ...tag('metadata'),
        summary: 'Every workflow with its published version in force, whether it is shipped or the admin\'s edited copy, and how many approvals run on each version (the metadata function)',
        responses: { '200': page('Flows ({name, labels, entity, origin, currentVersion, running})'), ...E400, ...E401, ...E403 },
      },
    },
    '/api/admin/workflows/{name}/versions': {
      get: {
        operationId: 'listWorkflowVersions',
        ...tag('metadata'),
        summary: 'One workflow\'s published versions, the approvals running on each and the version each running record follows (the metadata function)',
        parameters: [path('name', { type: 'string' }, 'workflow name')],
        responses: { '200': ok('{flow, definition, versions: [{version, publishedAt, current, running}], records: [{recordId, version, startedAt, stepIndex}]}'), ...E400, ...E401, ...E403, ...E404 },
      },
    },
  };
}
