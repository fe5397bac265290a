// Attachment fields over HTTP on the demo company (contract.attachments): upload, list, download and preview under the
// record's permissions, size and type limits from metadata, safe names and content types, audited.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('files/attachments over HTTP: permissions, limits, safe serving, audit', function () {
  this.timeout(120_000);
  let app: DemoApp;
  let contract: string;

  before(async () => {
    app = await startDemoApp();
    const [row] = await app.sql<{ id: string }>(`select id from ${app.table('contract')} where owner = ? order by created_at limit 1`, [app.users.sales1.id]);
    assert.ok(row, 'the demo has a contract owned by sales1');
    contract = String(row.id);
  });
  after(() => app?.close());

  const upload = (as: DemoUser, body: BodyInit, headers: Record<string, string>, id = contract, field = 'attachments') =>
    fetch(`${app.url}/api/records/contract/${id}/files/${field}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.tokens[as]}`, ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
  const download = (as: DemoUser, fileId: string, query = '') => fetch(`${app.url}/api/files/${fileId}${query}`, { headers: { authorization: `Bearer ${app.tokens[as]}` } });
  const fileRows = () => app.sql<{ id: string; name: string }>(`select id, name from ${app.table('crm_file')} where record_id = ?`, [contract]);
  const pdf = (name = '技术协议.pdf') => ({ 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(name) });

  it('stores a PDF for the owner, lists it, downloads it byte for byte and previews it inline', async () => {
    const r = await upload('sales1', PDF, pdf());
    assert.equal(r.status, 201, await r.clone().text());
    const file = (await r.json()) as { id: string; name: string; size: number; content_type: string };
    assert.equal(file.name, '技术协议.pdf');
    assert.equal(file.size, PDF.length);
    const list = await app.as('sales1').get(`/api/records/contract/${contract}/files/attachments`);
    assert.equal(list.status, 200);
    assert.ok(list.body.data.some((f: { id: string }) => f.id === file.id));
    const got = await download('sales1', file.id);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'application/pdf');
    assert.match(got.headers.get('content-disposition')!, /^attachment; filename="[^"]*"; filename\*=UTF-8''%E6%8A%80/);
    assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), PDF);
    const preview = await download('sales1', file.id, '?inline=true');
    assert.match(preview.headers.get('content-disposition')!, /^inline;/);
    await preview.arrayBuffer();
    // The same-department colleague may read the contract, so the file too.
    assert.equal((await download('sales2', file.id)).status, 200);
  });

  it('answers 404 for a file whose record is outside the reader\'s scope, by id or by guessing, and for a bad id', async () => {
    const r = await upload('sales1', PDF, pdf('scope.pdf'));
    const { id } = (await r.json()) as { id: string };
    const outside = await download('sales3', id);
    assert.equal(outside.status, 404);
    const guessed = await download('sales3', randomUUID());
    assert.equal(guessed.status, 404);
    assert.deepEqual(await outside.json(), await guessed.json(), 'a file outside the scope answers like no file at all');
    assert.equal((await download('sales3', 'abc')).status, 404);
    assert.equal((await app.as('sales3').get(`/api/records/contract/${contract}/files/attachments`)).status, 404);
    assert.equal((await app.as('sales3').delete(`/api/files/${id}`)).status, 404);
    assert.equal((await upload('sales3', PDF, pdf())).status, 404, 'no upload to a record outside the update scope');
  });

  it('needs the update right on the record to upload or delete: a reader who is not the owner is refused and nothing changes', async () => {
    const before = await fileRows();
    assert.equal((await upload('sales2', PDF, pdf())).status, 404);
    const anyFile = before[0]!;
    assert.equal((await app.as('sales2').delete(`/api/files/${anyFile.id}`)).status, 404);
    assert.deepEqual(await fileRows(), before);
  });

  it('refuses a file over maxSize (announced or streamed) with 413 and a forbidden type with 422, storing nothing', async () => {
    const before = await fileRows();
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x25);
    const announced = await upload('sales1', big, pdf('big.pdf'));
    assert.equal(announced.status, 413);
    assert.equal(((await announced.json()) as { error: { code: string } }).error.code, 'PAYLOAD_TOO_LARGE');
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 21; i++) c.enqueue(new Uint8Array(1024 * 1024));
        c.close();
      },
    });
    const streamed = await upload('sales1', stream, pdf('big-stream.pdf'));
    assert.equal(streamed.status, 413);
    const html = await upload('sales1', Buffer.from('<script>alert(1)</script>'), { 'content-type': 'text/html', 'x-file-name': 'x.html' });
    assert.equal(html.status, 422);
    const body = (await html.json()) as { error: { details: { path: string; message: string }[] } };
    assert.equal(body.error.details[0]!.path, 'Content-Type');
    assert.equal((await upload('sales1', PDF, { 'content-type': 'application/pdf' })).status, 422, 'no file name');
    assert.equal((await upload('sales1', PDF, pdf(), contract, 'notes')).status, 404, 'not an attachment field');
    assert.deepEqual(await fileRows(), before);
  });

  it('stores a name with ../ and control characters as a plain name, and never serves SVG or unknown types inline', async () => {
    const r = await upload('sales1', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), {
      'content-type': 'image/svg+xml',
      'x-file-name': encodeURIComponent('../../etc/\u0000pass\u202ewd\n.svg'),
    });
    assert.equal(r.status, 201, await r.clone().text());
    const file = (await r.json()) as { id: string; name: string };
    assert.equal(file.name, '_pass_wd_.svg');
    const got = await download('sales1', file.id, '?inline=true');
    assert.equal(got.headers.get('content-type'), 'application/octet-stream');
    assert.match(got.headers.get('content-disposition')!, /^attachment;/);
    assert.match(got.headers.get('content-security-policy')!, /sandbox/);
    await got.arrayBuffer();
  });

  it('cannot be written as a record field, audits upload, download and delete, and keeps files when the record is deleted', async () => {
    const patch = await app.as('sales1').patch(`/api/records/contract/${contract}`, { attachments: [] });
    assert.equal(patch.status, 422);
    assert.equal(patch.body.error.details[0].path, '/attachments');
    const r = await upload('sales1', PDF, pdf('audit.pdf'));
    const { id } = (await r.json()) as { id: string };
    await (await download('sales1', id)).arrayBuffer();
    assert.equal((await app.as('sales1').delete(`/api/files/${id}`)).status, 204);
    assert.equal((await download('sales1', id)).status, 404);
    const actions = (await app.sql<{ action: string }>(`select action from ${app.table('crm_audit')} where record_id = ? and changes->'attachments'->>'file_id' = ? order by seq`, [contract, id])).map((a) => a.action);
    assert.deepEqual(actions, ['file_upload', 'file_download', 'file_delete']);

    // A fresh contract with a file, then deleted by the admin: the file row stays, unreachable through the API.
    const customer = (await app.sql<{ id: string }>(`select customer as id from ${app.table('contract')} where id = ?`, [contract]))[0]!.id;
    const created = await app.as('admin').post('/api/records/contract', { name: '待删合同', customer, amount: 1000 });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const kept = (await (await upload('admin', PDF, pdf('kept.pdf'), created.body.id)).json()) as { id: string };
    assert.equal((await app.as('admin').delete(`/api/records/contract/${created.body.id}`)).status, 204);
    assert.equal((await app.sql(`select 1 from ${app.table('crm_file')} where id = ?`, [kept.id])).length, 1);
    assert.equal((await download('admin', kept.id)).status, 404);
  });
});
