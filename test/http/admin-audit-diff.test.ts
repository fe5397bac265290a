// An administrator's metadata change reaches the audit log with the admin document before and after, so 系统日志 can
// show it as a diff.
import assert from 'node:assert/strict';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';

describe('http/admin router: metadata changes are audited with their diff', function () {
  this.timeout(120_000);
  let app: PluginServer;
  before(async () => {
    app = await startPluginServer(createPluginRoot({ shipped: [] }));
  });
  after(() => app?.close());

  it('records an admin field added to customer with the document before (none) and after', async () => {
    const doc = { extends: 'customer', fields: { x_site_count: { type: 'integer', labels: { 'zh-CN': '厂区数', en: 'Sites' } } } };
    const put = await app.send('PUT', '/api/admin/extensions/customer', doc);
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const r = await app.get('/api/audit?action=metadata_change&limit=1');
    const change = r.body.data[0].changes['admin:extensions/customer'];
    assert.equal(change.before, null);
    assert.deepEqual(change.after.fields.x_site_count.labels, doc.fields.x_site_count.labels);
  });
});
