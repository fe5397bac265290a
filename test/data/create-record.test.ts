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
    // ticket is one statement (number, row, audit entry); voucher and parcel a transaction; all three chain onto one log.
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

  const head = async () => (await queryRows<{ seq: string }>(s.db.knex, `select seq from ${qualified(s.tenant, 'crm_audit_head')}`))[0]!.seq;
  const statementsOf = async (work: () => Promise<unknown>) => {
    const seen: string[] = [];
    const listen = (q: { sql: string }) => seen.push(q.sql);
    s.db.knex.on('query', listen);
    try {
      await work();
    } finally {
      s.db.knex.off('query', listen);
    }
    return seen;
  };

  it('writes the row, its number and its audit entry in one statement, without a transaction', async () => {
    let created: Record<string, unknown> = {};
    const seen = await statementsOf(async () => (created = await create('ticket', { title: 'one statement', note: 'n' })));
    const writes = seen.filter((sql) => /^\s*(begin|commit)|crm_audit|"ticket"/i.test(sql));
    assert.equal(writes.length, 1, writes.join('\n---\n'));
    assert.match(writes[0]!, /crm_audit_head/);
    const [entry] = await queryRows<{ action: string; changes: Record<string, unknown> }>(s.db.knex, `select action, changes from ${qualified(s.tenant, 'crm_audit')} where record_id = ?`, [created.id]);
    assert.equal(entry!.action, 'create');
    assert.equal(entry!.changes.code, created.code, 'the number the INSERT took is in the entry');
    assert.equal(entry!.changes.note, 'n');
    assert.equal((await verifyAudit(s.db.knex, s.tenant)).ok, true);
    // The statement log does show transactions: a voucher (whose rule reads its number) still needs one.
    const voucher = await statementsOf(() => create('voucher', { title: 'in a transaction' }));
    assert.ok(voucher.some((sql) => /^\s*begin/i.test(sql)), voucher.join('\n---\n'));
  });

  it('hashes in the database exactly what verification hashes, whatever the text holds', async () => {
    const texts = ['quote " and \\ backslash', 'tab\tnewline\n\u0001', '中文 émoji 😀 \u2028', '"crm-audit-late-x:seq"', '{"seq":1}', ''];
    for (const note of texts) await create('ticket', { title: note || 'empty', note, ref_no: `txt-${texts.indexOf(note)}` });
    const result = await verifyAudit(s.db.knex, s.tenant);
    assert.equal(result.ok, true, result.reason);
  });

  it('leaves the log and its head untouched when the one statement fails', async () => {
    await create('ticket', { title: 'taken', ref_no: 'R0' });
    const before = { head: await head(), rows: await queryRows(s.db.knex, `select count(*)::int as n from ${qualified(s.tenant, 'crm_audit')}`) };
    const refused = await s.request('POST', '/api/records/ticket', { title: 'again', ref_no: 'R0' });
    assert.equal(refused.status, 409);
    assert.deepEqual({ head: await head(), rows: await queryRows(s.db.knex, `select count(*)::int as n from ${qualified(s.tenant, 'crm_audit')}`) }, before);
  });

  it('rolls the number back with a refused create', async () => {
    const before = await create('ticket', { title: 'dup', ref_no: 'R1' });
    const refused = await s.request('POST', '/api/records/ticket', { title: 'dup', ref_no: 'R1' });
    assert.equal(refused.status, 409);
    const after = await create('ticket', { title: 'next' });
    assert.equal(Number(String(after.code).split('-').pop()), Number(String(before.code).split('-').pop()) + 1);
  });
});
