// `crm schema apply` against a running server whose files were edited into a change the data cannot take: the apply
// is refused, and the server keeps running on the Model it had (the schema, the data and every request unchanged)
// instead of the edited one its tables do not match.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';

describe('server/crm schema apply refused on a running server', function () {
  this.timeout(120_000);
  let app: PluginServer;

  before(async () => {
    app = await startPluginServer(createPluginRoot());
  });
  after(() => app?.close());

  it('leaves the running Model, the schema and the data as they were, and requests on the entity keep working', async () => {
    const file = join(app.root.dir, 'metadata/entities/customer.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.fields.address.maxLength = 3; // the demo customers' addresses are longer
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const version = app.engine.model().version;
    const before = await app.state();

    const cli = await app.crm('schema', 'apply');
    assert.notEqual(cli.status, 0, cli.stdout);
    assert.match(cli.stdout + cli.stderr, /address/);
    assert.deepEqual(await app.state(), before, 'schema, data and settings unchanged');

    assert.equal(app.engine.model().version, version, 'the running Model is the one it had');
    assert.equal(app.engine.model().entities.get('customer')!.fields.get('address')!.maxLength, 300);
    const list = await app.get('/api/records/customer?limit=5');
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const one = list.body.data[0] as { id: string; version: number };
    const long = '江苏省苏州市工业园区星湖街 328 号';
    const patched = await app.send('PATCH', `/api/records/customer/${one.id}`, { version: one.version, address: long }, app.token);
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
  });
});
