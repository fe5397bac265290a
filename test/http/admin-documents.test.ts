// The designers' one door to the admin layer: a metadata document is planned (dry run), applied live with its schema
// and audit entry in one transaction, refused with file and pointer while nothing changes, and removed; several
// documents (a flow and the state options it adds) change together or not at all.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/plugin-root.ts';
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

  describe('several documents as one change', () => {
    const labels = (zh: string, en: string) => ({ 'zh-CN': zh, en });
    /** The shipped standard sales process with 技术评审 between 初步接洽 and 方案报价. */
    const flowWithReview = () => {
      const flow = JSON.parse(readFileSync(join(PROJECT_ROOT, 'metadata/workflows/opportunity_standard.json'), 'utf8'));
      delete flow.$schema;
      flow.states.tech_review = { labels: labels('技术评审', 'Technical review') };
      flow.transitions.push({ action: 'to_tech_review', labels: labels('进入技术评审', 'Start technical review'), from: ['initial'], to: 'tech_review' });
      flow.transitions.push({ action: 'tech_review_done', labels: labels('评审通过', 'Review passed'), from: ['tech_review'], to: 'proposal' });
      return flow;
    };
    const stageOptions = async () => (await app.get('/api/meta/entities/opportunity')).body.fields.find((f: { name: string }) => f.name === 'stage').options.map((o: { code: string; labels: object }) => ({ code: o.code, labels: o.labels }));
    const withOption = async () => ({ extends: 'opportunity', overrides: { stage: { options: [...(await stageOptions()), { code: 'tech_review', labels: labels('技术评审', 'Technical review') }] } } });

    it('refuses the flow alone (its new state is no option of the stage field) and stores nothing', async () => {
      const before = await app.state();
      const r = await app.post('/api/admin/metadata', { changes: [{ kind: 'workflows', name: 'opportunity_standard', doc: flowWithReview() }] });
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.ok(r.body.error.details.some((d: { file?: string }) => d.file === 'admin:workflows/opportunity_standard'), JSON.stringify(r.body.error.details));
      assert.deepEqual(await app.state(), before);
    });

    it('refuses the pair when the second document is broken, and stores neither', async () => {
      const before = await app.state();
      const broken = { ...(await withOption()), overrides: { nope: { labels: labels('无', 'None') } } };
      const r = await app.post('/api/admin/metadata', { changes: [{ kind: 'workflows', name: 'opportunity_standard', doc: flowWithReview() }, { kind: 'extensions', name: 'opportunity', doc: broken }] });
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.ok(r.body.error.details.some((d: { file?: string }) => d.file === 'admin:extensions/opportunity'), JSON.stringify(r.body.error.details));
      assert.deepEqual(await app.state(), before);
    });

    it('plans the pair on a dry run, then applies both in one audited change: an opportunity moves through the new state', async () => {
      const changes = [{ kind: 'extensions', name: 'opportunity', doc: await withOption() }, { kind: 'workflows', name: 'opportunity_standard', doc: flowWithReview() }];
      const plan = await app.send('POST', '/api/admin/metadata?dry_run=true', { changes });
      assert.equal(plan.status, 200, JSON.stringify(plan.body));
      assert.equal(plan.body.applied, false);
      assert.equal((await app.get('/api/admin/metadata/workflows')).body.data.length, 0, 'a dry run stores nothing');
      const r = await app.post('/api/admin/metadata', { changes });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.changes.map((c: { kind: string; before: unknown }) => [c.kind, c.before]), [['extensions', null], ['workflows', null]]);
      const audit = (await app.get('/api/audit?action=metadata_change&limit=1')).body.data[0];
      assert.deepEqual(Object.keys(audit.changes).sort(), ['admin:extensions/opportunity', 'admin:workflows/opportunity_standard']);

      const customer = (await app.get('/api/records/customer?limit=1')).body.data[0].id;
      const opp = await app.post('/api/records/opportunity', { name: '技术评审测试', customer, sales_process: 'standard', open_date: '2026-12-01', amount: 380000, expected_close_date: '2027-02-28' });
      assert.equal(opp.status, 201, JSON.stringify(opp.body));
      const moved = await app.post(`/api/records/opportunity/${opp.body.id}/actions/to_tech_review`);
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(moved.body.state.code, 'tech_review');
    });

    it('refuses a body it cannot read, naming each place', async () => {
      const problems = async (body: unknown) => {
        const r = await app.post('/api/admin/metadata', body);
        assert.equal(r.status, 400, JSON.stringify(r.body));
        return r.body.error.details.map((d: { path: string }) => d.path);
      };
      assert.deepEqual(await problems({ changes: [] }), ['/changes']);
      assert.deepEqual(await problems({ changes: [{ kind: 'menus', name: 'main' }], extra: 1 }), ['/changes']);
      assert.deepEqual(await problems({ changes: [{ kind: 'menus', name: 'main', doc: 'x', why: 1 }] }), ['/changes/0/why', '/changes/0/doc']);
      const twice = { kind: 'extensions', name: 'opportunity', doc: null };
      assert.deepEqual(await problems({ changes: [twice, twice] }), ['/changes/1']);
    });
  });
});
