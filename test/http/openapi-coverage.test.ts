// The OpenAPI document and the app's routers cannot drift apart: every route the app answers is in the document, and
// every path in the document is a route the app answers.
import assert from 'node:assert/strict';
import { createApp, listRoutes, openApiDocument } from '../../engine/http/index.ts';
import { shopModel } from '../helpers/shop-model.ts';
import { getTestDatabase } from '../helpers/test-database.ts';

// The docs page's own files (its script and Swagger UI's assets) are not API operations.
const NOT_OPERATIONS = new Set(['GET /api/docs/init.js', 'GET /api/docs/{asset}']);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe('http/openapi coverage', () => {
  const model = shopModel();

  async function routesAndDocument() {
    const db = await getTestDatabase();
    const app = createApp({ db, tenant: { schema: 'unused' }, model: () => model });
    const routes = listRoutes(app).map((r) => ({ method: r.method, path: r.path.replace(/:(\w+)/g, '{$1}') }));
    const doc = openApiDocument(model) as { paths: Record<string, Record<string, unknown>> };
    return { routes, doc };
  }

  it('lists every route of the app, admin, auth, workflow, messages, history, plugins and export included', async () => {
    const { routes, doc } = await routesAndDocument();
    assert.ok(routes.length > 30, `found only ${routes.length} routes: the routers' stacks were not read`);
    const entities = [...model.entities.keys()];
    const missing = routes.filter((r) => {
      if (NOT_OPERATIONS.has(`${r.method} ${r.path}`)) return false;
      const method = r.method.toLowerCase();
      // Record routes are written out per entity (each with its own schemas), others take {entity} as a parameter.
      const candidates = r.path.includes('{entity}') ? [r.path, ...entities.map((e) => r.path.replace('{entity}', e))] : [r.path];
      return !candidates.some((p) => doc.paths[p]?.[method]);
    });
    assert.deepEqual(missing, [], 'routes missing from the OpenAPI document');
  });

  it('documents no operation the app does not answer', async () => {
    const { routes, doc } = await routesAndDocument();
    const entities = [...model.entities.keys()];
    const known = new Set(routes.map((r) => `${r.method} ${r.path}`));
    const extra: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      // /api/records/deal/{id} is the route /api/records/{entity}/{id}.
      const generic = path.replace(new RegExp(`^/api/records/(${entities.join('|')})(?=/|$)`), '/api/records/{entity}');
      for (const method of METHODS) if (item[method] && !known.has(`${method.toUpperCase()} ${generic}`)) extra.push(`${method.toUpperCase()} ${path}`);
    }
    assert.deepEqual(extra, []);
  });
});
