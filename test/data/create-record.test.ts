import assert from 'node:assert/strict';
import { qualified, queryRows } from '../../engine/db/index.ts';
import { verifyAudit } from '../../engine/audit/index.ts';
import { entity, L, modelOf } from '../helpers/model-builder.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

// A create takes its number in the INSERT and answers with the row the INSERT returned when it can; these hold the
// answers and numbers to what the two-step path (counter, insert, read back) gave.
describe('data/create-record: number in the INSERT, answer from RETURNING', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer(
      modelOf([
        entity('ticket', { code: { type: 'autonumber', template: 'T-{{date "YYYY"}}-{{seq 2}}', reset: 'never' }, note: { type: 'text' }, ref_no: { type: 'string', unique: true } }),
        // A rule that reads the number: it must be known before the INSERT, so it is taken the old way.
        entity(
          'voucher',
          { code: { type: 'autonumber', template: 'V{{seq 3}}', reset: 'never' } },
          { rules: [{ name: 'coded', condition: { '!!': [{ var: 'code' }] }, message: L('需要编号', 'needs a code'), fields: ['code'] }] },
        ),
        // A helper other than date and seq: rendered by the template engine after taking the counter.
        entity('parcel', { code: { type: 'autonumber', template: '{{upper "p"}}-{{seq 2}}', reset: 'never' } }),
      ]),
    );
  });
  after(() => s.close());

  const create = async (name: string, body: object) => {
    const r = await s.request('POST', `/api/records/${name}`, body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as Record<string, unknown>;
  };

  it('answers a create exactly as a get of the new record answers', async () => {
    const created = await create('ticket', { title: 'first', note: 'x' });
    const got = await s.request('GET', `/api/records/ticket/${String(created.id)}`);
    assert.deepEqual(created, got.body);
    assert.match(String(created.code), new RegExp(`^T-${new Date().getUTCFullYear()}-01$`));
  });

  it('keeps a sequence longer than the template width whole, as {{seq N}} does', async () => {
    await queryRows(s.db.knex, `update ${qualified(s.tenant, 'crm_sequence')} set value = 99 where key = 'ticket.code:all'`);
    const created = await create('ticket', { title: 'hundredth' });
    assert.match(String(created.code), /^T-\d{4}-100$/);
  });

  it('numbers gap-free whichever way the number is taken, and the audit chain verifies after concurrent creates', async () => {
    // ticket takes the audit lock in its INSERT; voucher and parcel in the append; all three chain onto one log.
    const names = ['voucher', 'parcel', 'ticket'];
    const created = await Promise.all(names.flatMap((name) => Array.from({ length: 12 }, (_, i) => create(name, { title: `${name} ${i}` }).then((r) => [name, String(r.code)] as const))));
    for (const name of names) {
      const seqs = created.filter(([n]) => n === name).map(([, c]) => Number(c.split('-').pop()!.replace(/^V/, ''))).sort((a, b) => a - b);
      assert.deepEqual(seqs, Array.from({ length: 12 }, (_, i) => seqs[0]! + i), `${name}: ${seqs.join()}`);
    }
    assert.match(String((await create('voucher', { title: 'v' })).code), /^V\d{3}$/);
    assert.match(String((await create('parcel', { title: 'p' })).code), /^P-\d{2}$/);
    assert.equal((await verifyAudit(s.db.knex, s.tenant)).ok, true);
  });

  it('rolls the number back with a refused create', async () => {
    const before = await create('ticket', { title: 'dup', ref_no: 'R1' });
    const refused = await s.request('POST', '/api/records/ticket', { title: 'dup', ref_no: 'R1' });
    assert.equal(refused.status, 409);
    const after = await create('ticket', { title: 'next' });
    assert.equal(Number(String(after.code).split('-').pop()), Number(String(before.code).split('-').pop()) + 1);
  });
});
