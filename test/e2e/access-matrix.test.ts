// The permission matrix: for every demo role × entity × action, the API answers exactly what the role files say.
// Expectations come from metadata/roles/*.json and the org chart as stored (test/helpers/demo-rights.ts), never from
// engine/access; each test collects every mismatch of its role before failing, so one run shows the whole picture.
import assert from 'node:assert/strict';
import type { EntityDef, Model } from '../../engine/metadata/index.ts';
import { ROOT, startDemoApp, type DemoApp, type DemoUser } from '../helpers/demo-app.ts';
import { createFreshRecord, editableNow, inputFields, recordBody } from '../helpers/demo-records.ts';
import { ExpectedRights, loadOrgChart, readRoleFiles, snapshotRows, type OrgChart, type RoleDoc, type Row } from '../helpers/demo-rights.ts';

/** One user per built-in role. */
const MATRIX: [role: string, user: DemoUser][] = [
  ['admin', 'admin'],
  ['gm', 'gm'],
  ['sales_manager', 'sales_mgr1'],
  ['sales', 'sales1'],
  ['service_manager', 'service_mgr'],
  ['service', 'service1'],
  ['finance', 'finance1'],
];

describe('e2e/access: permission matrix (demo roles × entities × actions)', function () {
  this.timeout(120_000);
  let app: DemoApp;
  let model: Model;
  let roleFiles: Map<string, RoleDoc>;
  let org: OrgChart;
  const tally = { inScope: 0, outOfScope: 0, noRight: 0 };

  before(async () => {
    app = await startDemoApp();
    model = app.engine.model();
    roleFiles = readRoleFiles(ROOT);
    org = await loadOrgChart(app);
  });
  after(() => app?.close());

  const entities = () => [...model.entities.values()];
  const text = (v: unknown) => JSON.stringify(v);

  /** Someone whose records lie outside `user`'s department, team and self (sales3 of 销售二部 for every matrix user). */
  function outsiderOf(rights: ExpectedRights): string {
    const u = rights.user;
    const below = u.dept ? org.below(u.dept) : new Set<string>();
    const team = org.team(u.id);
    const others = [...org.users.values()].filter((o) => o.active && o.id !== u.id && o.username.startsWith('sales'));
    // For a user whose reach is everything (admin, gm at the root department) any other user will do.
    const other = others.find((o) => !team.has(o.id) && !(o.dept && below.has(o.dept))) ?? others[0];
    if (!other) throw new Error(`no other user than ${u.username}`);
    return other.id;
  }

  /** A plain text field the user may write, in the record's workflow state if it has one (the probes change only this). */
  function probeField(entity: EntityDef, rights?: ExpectedRights, record?: Row): string | undefined {
    const editable = record ? editableNow(model, entity.name, record) : () => true;
    return inputFields(entity, (f) => editable(f) && (!rights || rights.fieldRight(entity.name, f) === 'write')).find(
      (f) => (f.type === 'string' || f.type === 'text') && !f.pattern && !f.unique && !entity.unique.flat().includes(f.name),
    )?.name;
  }

  /** Keys of a record beyond what the user may read, and readable stored fields missing from it. */
  function shapeProblems(rights: ExpectedRights, entity: EntityDef, record: Record<string, unknown>, where: string): string[] {
    const readable = rights.readableFields(entity.name);
    const problems: string[] = [];
    const extra = Object.keys(record).filter((k) => !readable.has(k));
    if (extra.length) problems.push(`${where}: returned fields the role may not read: ${extra.join(', ')}`);
    const missing = [...readable].filter((f) => {
      const def = entity.fields.get(f)!;
      return (def.stored || def.type === 'many_to_many') && !(f in record);
    });
    if (missing.length) problems.push(`${where}: readable fields missing: ${missing.join(', ')}`);
    return problems;
  }

  it('has one demo user per role, holding exactly that role', () => {
    for (const [role, user] of MATRIX) assert.deepEqual(org.roleCodes(app.users[user].id), [role], user);
    assert.deepEqual([...roleFiles.keys()].sort(), MATRIX.map(([r]) => r).sort(), 'every role file is covered by the matrix');
  });

  for (const [role, user] of MATRIX) {
    describe(`${role} (${user})`, () => {
      let rights: ExpectedRights;
      /** Per entity the role may update or delete: a fresh record of the user's own and one of an outsider's. */
      const fresh = new Map<string, { own: Row; outsider: Row }>();
      before(async () => {
        rights = new ExpectedRights(model, roleFiles, org, app.users[user].id);
        const rows = await snapshotRows(app, model);
        const me = rights.user.id;
        const outsider = outsiderOf(rights);
        for (const entity of entities()) {
          if (!rights.can(entity.name, 'update') && !rights.can(entity.name, 'delete')) continue;
          fresh.set(entity.name, {
            own: await createFreshRecord(app, entity.name, me, rows, [outsider]),
            outsider: await createFreshRecord(app, entity.name, outsider, rows, [me]),
          });
        }
      });

      it('reports in /api/me exactly the actions, field rights and functions of its role files', async () => {
        const me = await app.as(user).get('/api/me');
        assert.equal(me.status, 200);
        assert.deepEqual(me.body.roles.map((r: Row) => r.code), [role]);
        assert.deepEqual([...me.body.permissions.functions].sort(), [...rights.functions].sort());
        const expected: Record<string, { actions: Record<string, boolean>; fields: Record<string, string> }> = {};
        for (const entity of entities()) {
          if (!rights.can(entity.name, 'read')) continue;
          const actions: Record<string, boolean> = {};
          for (const a of ['read', 'create', 'update', 'delete', 'export', 'import', 'approve', 'assign'] as const) if (rights.can(entity.name, a)) actions[a] = true;
          const fields = Object.fromEntries([...entity.fields.keys()].map((f) => [f, rights.fieldRight(entity.name, f)]));
          expected[entity.name] = { actions, fields };
        }
        assert.deepEqual(me.body.permissions.entities, expected);
      });

      it('lists, counts and gets by id exactly the rows its read scope covers, with only readable fields', async () => {
        const rows = await snapshotRows(app, model);
        const problems: string[] = [];
        for (const entity of entities()) {
          const name = entity.name;
          const all = rows.get(name)!;
          const list = await app.as(user).get(`/api/records/${name}?count=exact&limit=500`);
          if (!rights.can(name, 'read')) {
            if (list.status !== 403) problems.push(`${name}: list answered ${list.status}, expected 403`);
            if (all[0]) {
              const one = await app.as(user).get(`/api/records/${name}/${String(all[0].id)}`);
              if (one.status !== 403) problems.push(`${name}: get answered ${one.status}, expected 403`);
            }
            continue;
          }
          if (list.status !== 200) {
            problems.push(`${name}: list answered ${list.status} ${text(list.body)}`);
            continue;
          }
          const expected = all.filter((r) => rights.inScope(name, 'read', r, rows)).map((r) => String(r.id)).sort();
          const got = (list.body.data as Row[]).map((r) => String(r.id)).sort();
          if (text(got) !== text(expected)) problems.push(`${name}: list returned ${got.length} rows, the read scope covers ${expected.length} (extra ${got.filter((id) => !expected.includes(id)).length}, missing ${expected.filter((id) => !got.includes(id)).length})`);
          if (list.body.count !== expected.length) problems.push(`${name}: count=exact said ${list.body.count}, expected ${expected.length}`);
          if (list.body.data[0]) problems.push(...shapeProblems(rights, entity, list.body.data[0], `${name} list`));
          const inside = all.find((r) => String(r.id) === expected[0]);
          if (inside) {
            const one = await app.as(user).get(`/api/records/${name}/${String(inside.id)}`);
            if (one.status !== 200) problems.push(`${name}: get of an in-scope row answered ${one.status}`);
            else problems.push(...shapeProblems(rights, entity, one.body, `${name} get`));
          }
          const outside = all.find((r) => !expected.includes(String(r.id)));
          if (outside) {
            const one = await app.as(user).get(`/api/records/${name}/${String(outside.id)}`);
            if (one.status !== 404) problems.push(`${name}: get of an out-of-scope row answered ${one.status}, expected 404`);
          }
        }
        assert.deepEqual(problems, []);
      });

      it('expands readable relations within their own scope and refuses relations to unreadable entities with 403', async () => {
        const rows = await snapshotRows(app, model);
        const links = async (entity: string, field: string) => app.sql<{ source_id: string; target_id: string }>(`select source_id, target_id from ${app.table(`${entity}__${field}`)}`);
        const problems: string[] = [];
        for (const entity of entities()) {
          const name = entity.name;
          if (!rights.can(name, 'read')) continue;
          const relations = [...entity.fields.values()].filter((f) => ['ref', 'many_to_many', 'children'].includes(f.type) && rights.fieldRight(name, f.name) !== 'hidden');
          const closed = relations.filter((f) => f.type !== 'children' && !rights.can(f.target!, 'read'));
          const open = relations.filter((f) => !closed.includes(f));
          const sample = rows.get(name)!.find((r) => rights.inScope(name, 'read', r, rows));
          for (const f of closed) {
            const list = await app.as(user).get(`/api/records/${name}?expand=${f.name}`);
            if (list.status !== 403) problems.push(`${name}?expand=${f.name} (${f.target} unreadable): list answered ${list.status}, expected 403`);
            if (sample) {
              const one = await app.as(user).get(`/api/records/${name}/${String(sample.id)}?expand=${f.name}`);
              if (one.status !== 403) problems.push(`${name}/:id?expand=${f.name}: answered ${one.status}, expected 403`);
            }
          }
          if (!open.length) continue;
          const list = await app.as(user).get(`/api/records/${name}?limit=500&expand=${open.map((f) => f.name).join(',')}`);
          if (list.status !== 200) {
            problems.push(`${name}?expand=${open.map((f) => f.name).join(',')}: answered ${list.status} ${text(list.body)}`);
            continue;
          }
          for (const f of open) {
            const target = model.entities.get(f.target!)!;
            const targetRows = rows.get(target.name)!;
            const visible = (id: unknown) => {
              const row = targetRows.find((t) => t.id === id);
              return row !== undefined && rights.inScope(target.name, 'read', row, rows);
            };
            const pairs = f.type === 'many_to_many' ? await links(name, f.name) : [];
            for (const record of list.body.data as Row[]) {
              const raw = rows.get(name)!.find((r) => r.id === record.id)!;
              const value = record[f.name];
              const where = `${name}.${f.name} of ${String(record.id)}`;
              if (f.type === 'ref') {
                const expectedId = raw[f.name] !== null && visible(raw[f.name]) ? raw[f.name] : null;
                const gotId = value === null ? null : (value as Row | undefined)?.id;
                if (gotId !== expectedId) problems.push(`${where}: expanded to ${text(gotId)}, expected ${text(expectedId)}`);
                if (value) problems.push(...shapeProblems(rights, target, value as Row, `${where} (expanded)`).filter((p) => p.includes('may not read')));
              } else {
                const expected = f.type === 'children' ? targetRows.filter((t) => t[f.foreignKey!] === record.id).map((t) => t.id) : pairs.filter((p) => p.source_id === record.id).map((p) => p.target_id).filter(visible);
                const got = (value as Row[]).map((v) => v.id);
                if (text([...got].sort()) !== text([...expected].sort())) problems.push(`${where}: expanded ${got.length} records, expected ${expected.length}`);
                for (const v of value as Row[]) problems.push(...shapeProblems(rights, target, v, `${where} (expanded)`).filter((p) => p.includes('may not read')));
              }
            }
          }
        }
        assert.deepEqual([...new Set(problems)], []);
      });

      it('creates where its create scope allows (201, owned by the user) and is refused elsewhere (403, nothing written)', async () => {
        const rows = await snapshotRows(app, model);
        const me = rights.user;
        const problems: string[] = [];
        for (const entity of entities()) {
          const name = entity.name;
          // A copy may break a rule of a record it counts towards (an allocation onto a receipt already fully
          // allocated); then the next seeded row in scope is copied instead.
          const candidates = rows.get(name)!.filter((r) => rights.inScope(name, 'read', r, rows));
          let body: Record<string, unknown> = {};
          let r: Awaited<ReturnType<ReturnType<DemoApp['as']>['post']>> | undefined;
          let before = 0;
          let after = 0;
          for (const [i, source] of (candidates.length ? candidates : [undefined]).entries()) {
            body = recordBody(model, name, rows, {
              writable: (f) => rights.fieldRight(name, f) === 'write',
              prefer: source ? (row) => row === source : (row) => rights.inScope(name, 'read', row, rows),
              people: [me.id, outsiderOf(rights)],
            });
            before = (await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table(name)}`))[0]!.n;
            r = await app.as(user).post(`/api/records/${name}`, body);
            after = (await app.sql<{ n: number }>(`select count(*)::int as n from ${app.table(name)}`))[0]!.n;
            const refusedByRule = r.status === 422 && (r.body.error?.details ?? []).some((d: { info?: { rule?: string } }) => d.info?.rule);
            if (!refusedByRule || i === candidates.length - 1) break;
          }
          r = r!;
          let expected: number;
          if (!rights.can(name, 'create')) expected = 403;
          else if (inputFields(entity).some((f) => f.required && f.default === undefined && !(f.name in body))) expected = 422;
          else expected = rights.inScope(name, 'create', { ...body, owner: me.id, department: me.dept }, rows) ? 201 : 403;
          if (r.status !== expected) {
            problems.push(`${name}: create answered ${r.status}, expected ${expected} ${r.status >= 400 ? text(r.body.error?.details ?? r.body) : ''}`);
            continue;
          }
          if (expected !== 201) {
            if (after !== before) problems.push(`${name}: a refused create still wrote a row`);
            continue;
          }
          const [stored] = await app.sql<Row>(`select owner, department, created_by from ${app.table(name)} where id = ?`, [r.body.id]);
          if (stored?.owner !== me.id || stored.created_by !== me.id || stored.department !== me.dept) problems.push(`${name}: created row has owner/created_by/department ${text(stored)}`);
          problems.push(...shapeProblems(rights, entity, r.body, `${name} create reply`).filter((p) => p.includes('may not read')));
        }
        assert.deepEqual(problems, []);
      });

      it('updates inside its update scope (200), answers 404 outside it and 403 without the right, changing nothing when refused', async () => {
        const rows = await snapshotRows(app, model);
        const problems: string[] = [];
        for (const entity of entities()) {
          const name = entity.name;
          if (!rights.can(name, 'update')) {
            const target = rows.get(name)![0];
            const field = probeField(entity);
            if (!target || !field) continue;
            const r = await app.as(user).patch(`/api/records/${name}/${String(target.id)}`, { [field]: 'matrix-no-right' });
            const [now] = await app.sql<Row>(`select version from ${app.table(name)} where id = ?`, [target.id]);
            if (r.status !== 403) problems.push(`${name}: update without the right answered ${r.status}, expected 403`);
            if (now?.version !== target.version) problems.push(`${name}: refused update changed the version`);
            tally.noRight++;
            continue;
          }
          for (const [whose, record] of Object.entries(fresh.get(name)!)) {
            const field = probeField(entity, rights, record);
            if (!field) {
              problems.push(`${name}: no plain text field writable by ${user} in state ${text(record)} to probe with`);
              continue;
            }
            const inScope = rights.inScope(name, 'update', record, rows);
            const readable = rights.inScope(name, 'read', record, rows);
            const value = `matrix-${name}-${whose}`;
            const r = await app.as(user).patch(`/api/records/${name}/${String(record.id)}`, { [field]: value });
            const [now] = await app.sql<Row>(`select * from ${app.table(name)} where id = ?`, [record.id]);
            const expected = inScope && readable ? 200 : 404;
            if (r.status !== expected) problems.push(`${name} (${whose} record): update answered ${r.status}, expected ${expected} ${r.status >= 400 ? text(r.body.error?.details) : ''}`);
            if (expected === 200) {
              tally.inScope++;
              if (now?.[field] !== value) problems.push(`${name}: the update was not stored`);
            } else {
              tally.outOfScope++;
              if (now?.[field] !== record[field] || now?.version !== record.version) problems.push(`${name}: a refused update changed the row`);
            }
          }
        }
        assert.deepEqual(problems, []);
      });

      it('deletes inside its delete scope (204), answers 404 outside it and 403 without the right, deleting nothing when refused', async () => {
        const rows = await snapshotRows(app, model);
        const problems: string[] = [];
        const exists = async (name: string, id: unknown) => (await app.sql(`select 1 from ${app.table(name)} where id = ?`, [id])).length === 1;
        for (const entity of entities()) {
          const name = entity.name;
          if (!rights.can(name, 'delete')) {
            const target = rows.get(name)![0];
            if (!target) continue;
            const r = await app.as(user).delete(`/api/records/${name}/${String(target.id)}`);
            if (r.status !== 403) problems.push(`${name}: delete without the right answered ${r.status}, expected 403`);
            if (!(await exists(name, target.id))) problems.push(`${name}: a refused delete removed the row`);
            continue;
          }
          for (const [whose, record] of Object.entries(fresh.get(name)!)) {
            const expected = rights.inScope(name, 'delete', record, rows) ? 204 : 404;
            const r = await app.as(user).delete(`/api/records/${name}/${String(record.id)}`);
            if (r.status !== expected) problems.push(`${name} (${whose} record): delete answered ${r.status}, expected ${expected}`);
            if ((await exists(name, record.id)) !== (expected !== 204)) problems.push(`${name}: row ${expected === 204 ? 'still there after the delete' : 'gone after a refused delete'}`);
          }
        }
        assert.deepEqual(problems, []);
      });
    });
  }

  describe('coverage', () => {
    it('exercised in-scope, out-of-scope and no-right updates', () => {
      assert.ok(tally.inScope > 0 && tally.outOfScope > 0 && tally.noRight > 0, text(tally));
    });
  });

  describe('field rights', () => {
    it('customer.credit_limit: PATCH is 422 for roles with it read-only, 200 for roles that may write it, 403 without update', async () => {
      const rows = await snapshotRows(app, model);
      const problems: string[] = [];
      for (const [, user] of MATRIX) {
        const rights = new ExpectedRights(model, roleFiles, org, app.users[user].id);
        const customer = await createFreshRecord(app, 'customer', rights.user.id, rows, [app.users.sales3.id]);
        const r = await app.as(user).patch(`/api/records/customer/${String(customer.id)}`, { credit_limit: 7_654_321 });
        const expected = !rights.can('customer', 'update') ? 403 : rights.fieldRight('customer', 'credit_limit') === 'write' ? 200 : 422;
        const [now] = await app.sql<Row>(`select credit_limit, version from ${app.table('customer')} where id = ?`, [customer.id]);
        if (r.status !== expected) problems.push(`${user}: answered ${r.status}, expected ${expected}`);
        if ((now?.credit_limit === 7_654_321) !== (expected === 200)) problems.push(`${user}: credit_limit is now ${text(now?.credit_limit)}`);
        if (expected === 422 && r.body.error.details[0]?.path !== '/credit_limit') problems.push(`${user}: 422 does not name /credit_limit`);
      }
      assert.deepEqual(problems, []);
      // The metadata says what issue 3 demands: read-only for sales and sales_manager, writable for gm and admin.
      const right = (u: DemoUser) => new ExpectedRights(model, roleFiles, org, app.users[u].id).fieldRight('customer', 'credit_limit');
      assert.deepEqual([right('sales1'), right('sales_mgr1'), right('gm'), right('admin')], ['read', 'read', 'write', 'write']);
    });

    describe('contract.amount is absent from every response to a role that has it hidden', () => {
      let contracts: Row[];
      let fresh: Row;
      before(async () => {
        // A contract in its first (editable) workflow state with an update of the amount in its history; the seeded
        // ones carry their create and assign entries.
        fresh = await createFreshRecord(app, 'contract', app.users.sales1.id, await snapshotRows(app, model));
        const r = await app.as('admin').patch(`/api/records/contract/${String(fresh.id)}`, { amount: Number(fresh.amount) + 1 });
        assert.equal(r.status, 200, text(r.body));
        contracts = await app.sql<Row>(`select id, amount from ${app.table('contract')} order by created_at, id`);
      });

      const hiders = () => MATRIX.map(([, u]) => u).filter((u) => new ExpectedRights(model, roleFiles, org, app.users[u].id).fieldRight('contract', 'amount') === 'hidden');

      it('is hidden exactly for the service roles', () => {
        assert.deepEqual(hiders().sort(), ['service1', 'service_mgr']);
      });

      it('not in lists, gets, expansions from other entities, history or the entity metadata', async () => {
        const mentions = (v: unknown) => JSON.stringify(v).includes('"amount"');
        for (const user of hiders()) {
          const list = await app.as(user).get('/api/records/contract?limit=500');
          assert.equal(list.status, 200);
          assert.equal(list.body.data.length, contracts.length, 'service roles read every contract');
          assert.ok(!mentions(list.body), `${user}: list mentions amount`);
          for (const c of contracts) {
            const one = await app.as(user).get(`/api/records/contract/${String(c.id)}?expand=customer`);
            assert.equal(one.status, 200);
            assert.ok(!mentions(one.body), `${user}: get mentions amount`);
            const history = await app.as(user).get(`/api/records/contract/${String(c.id)}/history`);
            assert.equal(history.status, 200);
            assert.ok(history.body.data.some((e: Row) => e.action === 'create'));
            if (c.id === fresh.id) assert.ok(history.body.data.some((e: Row) => e.action === 'update'), 'the admin update is in the history');
            assert.ok(!mentions(history.body.data.map((e: Row) => e.changes)), `${user}: history shows amount`);
          }
          for (const [from, field] of [['sales_order', 'contract'], ['receivable', 'contract']] as const) {
            const rights = new ExpectedRights(model, roleFiles, org, app.users[user].id);
            if (!rights.can(from, 'read')) continue;
            const r = await app.as(user).get(`/api/records/${from}?expand=${field}&limit=500`);
            assert.equal(r.status, 200);
            assert.ok(r.body.data.some((x: Row) => x[field]), `${from}.${field} expands to something`);
            assert.ok(!JSON.stringify(r.body.data.map((x: Row) => x[field])).includes('"amount"'), `${user}: ${from}?expand=${field} shows the contract amount`);
          }
          const meta = await app.as(user).get('/api/meta/entities/contract');
          assert.equal(meta.status, 200);
          assert.ok(!meta.body.fields.some((f: Row) => f.name === 'amount'), `${user}: metadata lists amount`);
          assert.ok(!('amount' in meta.body.schema.properties), `${user}: form schema has amount`);
          const me = await app.as(user).get('/api/me');
          assert.equal(me.body.permissions.entities.contract.fields.amount, 'hidden');
        }
        // Positive control: a role that may read it sees it everywhere.
        const gm = await app.as('gm').get(`/api/records/contract/${String(fresh.id)}/history`);
        assert.deepEqual(gm.body.data.filter((e: Row) => e.action === 'update').map((e: Row) => Object.keys(e.changes as Row)), [['amount']]);
        const list = await app.as('sales_mgr1').get('/api/records/sales_order?expand=contract');
        assert.ok(list.body.data.some((x: Row) => x.contract && 'amount' in (x.contract as Row)));
      });
    });
  });
});
