// The designers' one door to the admin layer: a metadata document is planned (dry run), applied live with its schema
// and audit entry in one transaction, refused with file and pointer while nothing changes, and removed.
import assert from 'node:assert/strict';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';

const visit = {
  name: 'site_visit',
  labels: { 'zh-CN': '现场拜访', en: 'Site visit' },
  displayField: 'title',
  fields: {
    title: { type: 'string', labels: { 'zh-CN': '主题', en: 'Subject' }, required: true },
    code: { type: 'autonumber', labels: { 'zh-CN': '编号', en: 'No.' }, template: 'SV-{{seq 4}}' },
  },
};

describe('http/admin metadata documents: plan, apply live, refuse, remove', function () {
  this.timeout(120_000);
  let app: PluginServer;
  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: [] }));
  });
  after(() => app?.close());

  it('answers the plan of a new entity on a dry run and changes nothing', async () => {
    const r = await app.send('PUT', '/api/admin/metadata/entities/site_visit?dry_run=true', visit);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.applied, false);
    assert.ok(r.body.plan.steps.some((s: { description?: string; sql: string[] }) => s.sql.join(' ').includes('create table')), JSON.stringify(r.body.plan));
    assert.equal((await app.get('/api/records/site_visit')).status, 404);
    assert.deepEqual((await app.get('/api/admin/metadata/entities')).body.data, []);
  });

  it('applies the entity live: records can be created at once, and the change is audited with its document', async () => {
    const r = await app.send('PUT', '/api/admin/metadata/entities/site_visit', visit);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.applied, true);
    assert.equal(r.body.before, null);
    const created = await app.send('POST', '/api/records/site_visit', { title: '华东精机 现场调研' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.code, 'SV-0001');
    const stored = await app.get('/api/admin/metadata/entities/site_visit');
    assert.deepEqual(stored.body.doc.labels, visit.labels);
    const audit = await app.get('/api/audit?action=metadata_change&limit=1');
    assert.deepEqual(audit.body.data[0].changes['admin:entities/site_visit'].after.labels, visit.labels);
  });

  it('refuses a document naming an unknown field with the admin file and pointer, and keeps the running model', async () => {
    const broken = { ...visit, displayField: 'nope' };
    const r = await app.send('PUT', '/api/admin/metadata/entities/site_visit', broken);
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.ok(r.body.error.details.some((d: { file?: string; pointer?: string }) => d.file === 'admin:entities/site_visit' && d.pointer === '/displayField'), JSON.stringify(r.body.error.details));
    assert.equal((await app.get('/api/admin/metadata/entities/site_visit')).body.doc.displayField, 'title');
    assert.equal((await app.send('POST', '/api/records/site_visit', { title: '第二次拜访' })).status, 201);
  });

  it('refuses an unknown kind, a bad name and a bad dry_run with 4xx naming them', async () => {
    assert.equal((await app.send('PUT', '/api/admin/metadata/roles/x', {})).status, 404);
    assert.equal((await app.get('/api/admin/metadata/constructor')).status, 404);
    assert.equal((await app.send('PUT', '/api/admin/metadata/entities/Bad-Name', visit)).status, 400);
    assert.equal((await app.send('PUT', '/api/admin/metadata/entities/site_visit?dry_run=maybe', visit)).status, 400);
  });

  it('removes the entity from the model while its rows stay in the database', async () => {
    const r = await app.send('DELETE', '/api/admin/metadata/entities/site_visit');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal((await app.get('/api/records/site_visit')).status, 404);
    assert.equal((await app.send('DELETE', '/api/admin/metadata/entities/site_visit')).status, 404);
  });
});
