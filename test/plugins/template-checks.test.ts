// A template that would fail on every create (a Handlebars built-in such as helperMissing, a helper with the wrong
// arguments, a name the data never has) is refused when the admin saves it, naming the document and JSON pointer,
// and creates keep working.
import assert from 'node:assert/strict';
import { createPluginRoot } from '../helpers/plugin-root.ts';
import { startPluginServer, type PluginServer } from '../helpers/plugin-server.ts';

describe('plugins/template checks: admin fields with templates that cannot run are refused on save', function () {
  this.timeout(90_000);
  let app: PluginServer;

  before(async () => {
    app = await startPluginServer(createPluginRoot());
  });
  after(() => app?.close());

  const field = (template: string) => ({ extends: 'customer', fields: { x_ref_no: { type: 'autonumber', template, labels: { 'zh-CN': '登记号', en: 'Ref. no.' } } } });

  for (const [what, template, message] of [
    ['helperMissing', 'R-{{helperMissing}}-{{seq 4}}', /built-in/],
    ['blockHelperMissing as a block', 'R-{{#blockHelperMissing}}x{{/blockHelperMissing}}{{seq 4}}', /built-in|unknown block helper/],
    ['lookup', 'R-{{lookup this "seq"}}', /built-in/],
    ['log', 'R-{{log "x"}}{{seq 4}}', /built-in/],
    ['seq without its width', 'R-{{seq}}', /takes 1 argument/],
    ['a name the number never has', 'R-{{customer_name}}-{{seq 4}}', /fails when filled in/],
  ] as const) {
    it(`refuses ${what} with the document and pointer, and changes nothing`, async () => {
      const before = await app.state();
      const r = await app.send('PUT', '/api/admin/extensions/customer', field(template));
      assert.equal(r.status, 422, JSON.stringify(r.body));
      const details = r.body.error.details as { file?: string; pointer?: string; message: string }[];
      assert.ok(
        details.some((d) => d.file === 'admin:extensions/customer' && d.pointer === '/fields/x_ref_no/template' && message.test(d.message)),
        JSON.stringify(details),
      );
      assert.deepEqual(await app.state(), before);
    });
  }

  it('accepts a template that runs, and creates then number records', async () => {
    const r = await app.send('PUT', '/api/admin/extensions/customer', field('R-{{date "YYYY"}}-{{seq 4}}'));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const created = await app.post('/api/records/customer', { name: '模板检查客户' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(String(created.body.x_ref_no), /^R-\d{4}-0001$/);
  });
});
