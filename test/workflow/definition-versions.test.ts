import assert from 'node:assert/strict';
import { entity, L, modelOf } from '../helpers/model-builder.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const opt = (code: string) => ({ code, labels: L(code, code) });

function model(steps: string[][]) {
  return modelOf(
    [entity('request', { status: { type: 'enum', options: ['draft', 'review', 'approved', 'rejected'].map(opt), default: 'draft' } })],
    [
      {
        name: 'request_flow',
        labels: L('申请', 'Request'),
        entity: 'request',
        stateField: 'status',
        states: { draft: {}, review: { locked: true }, approved: {}, rejected: {} },
        transitions: [{ action: 'submit', from: ['draft'], to: 'review', approval: true }],
        approval: { steps: steps.map((users, i) => ({ id: `s${i + 1}`, approvers: [{ kind: 'users', users }] })), approved: 'approved', rejected: 'rejected', selfApproval: true },
      } as { name: string },
    ],
  );
}

describe('workflow/definition versions: a running approval finishes on the version it started with', function () {
  this.timeout(60_000);
  let s: TestServer;
  before(async () => (s = await startTestServer(model([['admin'], ['admin']]), 'wfver')));
  after(() => s.close());

  const submit = async () => {
    const r = await s.request('POST', '/api/records/request', { title: '申请' });
    const sub = await s.request('POST', `/api/records/request/${r.body.id}/actions/submit`);
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    return { id: String(r.body.id), view: sub.body };
  };
  const approve = async (id: string) => (await s.request('POST', `/api/records/request/${id}/actions/approve`, {})).body;

  it('keeps an instance on version 1 after the flow is edited, while a new submission runs on version 2', async () => {
    const old = await submit();
    assert.equal(old.view.workflow.version, 1);
    s.setModel(model([['admin']])); // an admin removes the second step
    const fresh = await submit();
    assert.equal(fresh.view.workflow.version, 2);
    assert.equal((await approve(fresh.id)).state.code, 'approved', 'version 2 has one step');
    const afterFirst = await approve(old.id);
    assert.equal(afterFirst.workflow.version, 1, 'the admin sees which version the instance runs');
    assert.equal(afterFirst.state.code, 'review', 'version 1 still has its second step');
    assert.equal((await approve(old.id)).state.code, 'approved');
    const rows = await s.db.knex.raw(`select version from "${s.tenant.schema}".crm_wf_definition where name = 'request_flow' order by version`);
    assert.deepEqual(rows.rows.map((r: { version: number }) => r.version), [1, 2]);
  });
});
