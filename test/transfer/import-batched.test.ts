// An import's creates go into the database as multi-row INSERTs (a chunk's rows in parts of up to 100) when nothing
// else must happen with them; when such an INSERT fails the chunk runs again row by row. Both must answer exactly as
// the row-by-row path does: the same rows land (numbers gap-free, each audited), the same rows are rejected with the
// same reasons and columns. The row-by-row reference is the same import under a context without changeAudit, where
// every create is its own write with its own audit append (CreateBatch.possible is false there).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { verifyAudit } from '../../engine/audit/index.ts';
import type { RequestContext } from '../../engine/core/index.ts';
import { contextForUser } from '../../engine/server/user-context.ts';
import { importTable, type ImportResult } from '../../engine/transfer/index.ts';
import { startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';

describe('transfer/import batched: multi-row INSERTs, the same answers as row by row', function () {
  this.timeout(180_000);
  let app: DemoApp;
  before(async () => (app = await startDemoApp()));
  after(() => app?.close());

  /** Runs the import as `user`, batched or row by row, and the INSERT statements into customer it sent. */
  const run = async (user: DemoUser, csv: string, rowByRow: boolean, options: { key?: string[]; mode?: 'all' | 'valid' } = {}) => {
    const ctx = await contextForUser(app.engine, user);
    const inserts: string[] = [];
    const listen = (q: { sql: string }) => /insert into "[^"]+"\."customer"/i.test(q.sql) && inserts.push(q.sql);
    app.engine.db.knex.on('query', listen);
    try {
      const as: RequestContext = rowByRow ? { ...ctx, changeAudit: undefined } : ctx;
      const result = await importTable(as, 'customer', { fileName: 'batch.csv', bytes: Buffer.from(csv), ...options });
      return { result, inserts };
    } finally {
      app.engine.db.knex.off('query', listen);
    }
  };
  /** What must be equal between the two paths: counts and every rejection, with the run's own prefix taken out. */
  const answer = (r: ImportResult, prefix: string) =>
    JSON.parse(JSON.stringify({ created: r.created, skipped: r.skipped, updated: r.updated, rejected: r.rejected, errors: r.errors, rows: r.rejectedRows.map((x) => x.row) }).replaceAll(prefix, 'P'));
  const landed = async (prefix: string) =>
    (
      await app.sql<{ name: string; uscc: string | null; employee_count: number | null; parent: string | null; customer_no: string; owner: string }>(
        `select c.name, c.uscc, c.employee_count, p.name as parent, c.customer_no, c.owner from ${app.table('customer')} c left join ${app.table('customer')} p on p.id = c.parent_customer where c.name like ? order by c.customer_no`,
        [`${prefix}%`],
      )
    ).map((r) => ({ ...r, name: r.name.replace(prefix, 'P'), parent: r.parent?.replace(prefix, 'P') ?? null }));
  const numbersGapFree = (rows: { customer_no: string }[]) => {
    const seqs = rows.map((r) => Number(/(\d+)$/.exec(r.customer_no)![1]));
    assert.deepEqual(seqs, seqs.map((_, i) => seqs[0]! + i), seqs.join());
  };
  // Eighteen characters of the USCC alphabet, different for each run.
  const uscc = (tag: string) => `91${randomBytes(8).toString('hex').toUpperCase().replace(/[IOSVZ]/g, '0')}`.slice(0, 17) + tag;
  const statusLabel = () => app.engine.model().entities.get('customer')!.fields.get('status')!.options![0]!.labels['zh-CN'];

  // 200 rows make chunks of 10 (an import has at least twenty chunks): the rows that matter share the first one.
  const filled = (p: string, lines: string[], cells: string) => [...lines, ...Array.from({ length: 201 - lines.length }, (_, i) => `${p}填充${i},${cells}`)].join('\n');

  // Row 4 repeats row 2's unique USCC under another name: the chunk's INSERT fails and the chunk goes row by row. Row 6
  // names a parent company created by row 2 of the same file; row 7 repeats row 3's name (a duplicate on the key).
  const uniqueClash = (p: string) => {
    const [a, b] = [uscc('A'), uscc('B')];
    return filled(
      p,
      [
        '客户名称,统一社会信用代码,客户状态,员工人数,上级单位',
        `${p}甲机床厂,${a},${statusLabel()},10,`,
        `${p}乙机床厂,${b},,20,`,
        `${p}丙机床厂,${a},,30,`,
        `${p}丁机床厂,,,40,`,
        `${p}戊机床厂,,,50,${p}甲机床厂`,
        `${p}乙机床厂,,,60,`,
      ],
      ',,7,',
    );
  };

  it('falls back to row by row for a chunk whose INSERT meets a unique value twice, rejecting only that row', async () => {
    const [p1, p2] = ['批量甲', '逐行甲'];
    const batched = await run('admin', uniqueClash(p1), false, { key: ['name'] });
    const rowByRow = await run('admin', uniqueClash(p2), true, { key: ['name'] });
    assert.deepEqual(answer(batched.result, p1), answer(rowByRow.result, p2));
    assert.deepEqual([batched.result.created, batched.result.skipped, batched.result.rejected], [198, 1, 1], JSON.stringify(batched.result.errors));
    assert.deepEqual(batched.result.errors, [{ row: 4, column: '统一社会信用代码', message: 'must be unique' }]);
    // The batch's multi-row INSERT was tried (written before row 6's parent reference, and failed), then every row
    // went one by one; the row-by-row reference never sends one.
    assert.ok(batched.inserts.some((sql) => /\),\s*\(/.test(sql)), 'a multi-row INSERT was tried');
    assert.equal(rowByRow.inserts.filter((sql) => /\),\s*\(/.test(sql)).length, 0);
    const [one, two] = [await landed(p1), await landed(p2)];
    assert.deepEqual(
      one.map(({ customer_no: _, uscc: u, ...r }) => ({ ...r, uscc: u !== null })),
      two.map(({ customer_no: _, uscc: u, ...r }) => ({ ...r, uscc: u !== null })),
    );
    assert.equal(one.find((r) => r.name === 'P戊机床厂')?.parent, 'P甲机床厂');
    numbersGapFree(one);
    assert.equal((await verifyAudit(app.engine.db.knex, app.engine.tenant)).ok, true);
  });

  // As sales1: row 2 names as parent a customer sales1 cannot read, row 4 sets the credit limit (read-only for sales).
  // (A parent reference writes the creates batched so far first, so that it can find them: it comes first here.)
  const notAllowed = (p: string, hidden: string) =>
    filled(p, ['客户名称,员工人数,credit_limit,上级单位', `${p}一号,1,,${hidden}`, `${p}二号,2,,`, `${p}三号,3,1000,`, `${p}四号,4,,`], '5,,');

  it('rejects what the importer may not write before the one INSERT, and lands the rest in it', async () => {
    const [hidden] = await app.sql<{ name: string }>(`select name from ${app.table('customer')} where owner <> ? and department is distinct from ? order by name limit 1`, [
      app.users.sales1.id,
      app.users.sales1.dept,
    ]);
    const [p1, p2] = ['批量乙', '逐行乙'];
    const batched = await run('sales1', notAllowed(p1, hidden!.name), false);
    const rowByRow = await run('sales1', notAllowed(p2, hidden!.name), true);
    assert.deepEqual(answer(batched.result, p1), answer(rowByRow.result, p2));
    assert.deepEqual([batched.result.created, batched.result.rejected], [198, 2]);
    assert.deepEqual(batched.result.errors.map((e) => [e.row, e.column]), [
      [2, '上级单位'],
      [4, 'credit_limit'],
    ]);
    assert.equal(batched.inserts.length, 20, 'one INSERT a chunk');
    assert.equal(rowByRow.inserts.length, 198, 'one INSERT a row');
    const one = await landed(p1);
    assert.ok(one.every((r) => r.owner === app.users.sales1.id), 'the importer owns what lands');
    numbersGapFree(one);
    const entries = await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table('crm_audit')} where action = 'create' and record_id in (select id from ${app.table('customer')} where name like ?)`, [`${p1}%`]);
    assert.equal(entries[0]!.n, 198, 'each landed record has its audit entry');
  });

  it('in --mode all sends the creates in parts while checking the next ones, and a clash in a later part is named as row by row names it', async () => {
    const clash = (p: string, tag: string) => {
      const same = uscc(tag);
      return filled(p, ['客户名称,统一社会信用代码,客户状态,员工人数,上级单位', `${p}首行,${same},,1,`], ',,7,').replace(`${p}填充178,,,7,`, `${p}填充178,${same},,7,`);
    };
    const [p1, p2] = ['批量丁', '逐行丁'];
    const batched = await run('admin', clash(p1, 'C'), false, { mode: 'all' });
    const rowByRow = await run('admin', clash(p2, 'D'), true, { mode: 'all' });
    assert.deepEqual(answer(batched.result, p1), answer(rowByRow.result, p2));
    assert.deepEqual(batched.result.errors, [{ row: 181, column: '统一社会信用代码', message: 'must be unique' }]);
    assert.equal((await landed(p1)).length, 0);
    // Without the clash: 200 rows in two INSERTs of 100, each sent once its rows were checked; numbers gap-free.
    const p3 = '批量戊';
    const clean = await run('admin', filled(p3, ['客户名称,统一社会信用代码,客户状态,员工人数,上级单位'], ',,7,'), false, { mode: 'all' });
    assert.equal(clean.result.created, 200);
    assert.equal(clean.inserts.length, 2, clean.inserts.map((sql) => sql.slice(0, 60)).join('\n'));
    numbersGapFree(await landed(p3));
  });

  it('in --mode all lands nothing when the batch meets a unique value twice, naming the row as row by row does', async () => {
    const [p1, p2] = ['批量丙', '逐行丙'];
    const batched = await run('admin', uniqueClash(p1), false, { key: ['name'], mode: 'all' });
    const rowByRow = await run('admin', uniqueClash(p2), true, { key: ['name'], mode: 'all' });
    assert.deepEqual(answer(batched.result, p1), answer(rowByRow.result, p2));
    assert.equal(batched.result.created, 0);
    assert.deepEqual(batched.result.errors.map((e) => e.row), [4]);
    assert.equal((await landed(p1)).length, 0);
  });
});
