// Approvers chosen by the submitter (chosen by 提交人): the workflow view offers each such step with the people to pick
// from; a pick outside that set, for an unknown step, or missing for a step that needs one is refused with the
// path, changing nothing; a valid pick gets the task.
import assert from 'node:assert/strict';
import { entity, L, modelOf } from '../helpers/model-builder.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const opt = (code: string) => ({ code, labels: L(code, code) });

function model() {
  const flow = {
    name: 'request_flow',
    labels: L('申请', 'Request'),
    entity: 'request',
    stateField: 'status',
    states: { draft: {}, review: { locked: true }, approved: {}, rejected: {} },
    transitions: [{ action: 'submit', labels: L('提交', 'Submit'), from: ['draft', 'rejected'], to: 'review', approval: true }],
    approval: {
      steps: [
        { id: 'expert', labels: L('技术评审', 'Technical review'), approvers: [{ kind: 'chosen', from: { role: 'reviewer' } }] },
        { id: 'panel', labels: L('会审', 'Panel'), when: { '>=': [{ var: 'amount' }, 1000] }, approvers: [{ kind: 'chosen', from: { users: ['r3', 'applicant'] } }], mode: 'all' },
      ],
      approved: 'approved',
      rejected: 'rejected',
    },
  };
  const request = entity('request', {
    status: { type: 'enum', options: [opt('draft'), opt('review'), opt('approved'), opt('rejected')], default: 'draft' },
    amount: { type: 'money' },
  });
  return modelOf([request], [flow]);
}

describe('workflow/chosen approvers: the submitter picks from an allowed set', function () {
  this.timeout(60_000);
  let s: TestServer;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const as = (user: string, method: string, path: string, body?: unknown) => s.request(method, path, body, { authorization: `Bearer ${tokens[user]}` });

  before(async () => {
    s = await startTestServer(model(), 'chosen');
    const reviewer = await s.request('POST', '/api/records/role', { code: 'reviewer', name: '评审人', permissions: { entities: { request: { read: 'all' } } } });
    const requester = await s.request('POST', '/api/records/role', { code: 'requester', name: '申请人', permissions: { entities: { request: { read: 'all', create: 'own', update: 'own' } } } });
    for (const [name, role] of [['r1', reviewer], ['r2', reviewer], ['r3', requester], ['applicant', requester]] as const) {
      const user = await s.addUser({ username: name, display_name: `用户${name}`, roles: [role.body.id] });
      ids[name] = user.id;
      tokens[name] = user.token;
    }
  });
  after(() => s.close());

  async function draft(amount: number): Promise<string> {
    const r = await as('applicant', 'POST', '/api/records/request', { title: '评审申请', amount });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return String(r.body.id);
  }
  const submit = (id: string, approvers?: unknown) => as('applicant', 'POST', `/api/records/request/${id}/actions/submit`, approvers === undefined ? {} : { approvers });
  const state = async (id: string) => (await as('applicant', 'GET', `/api/records/request/${id}/workflow`)).body;

  it('offers each chosen step with its candidates, never the submitter, marking which need a pick', async () => {
    const id = await draft(5000);
    const view = await state(id);
    const submitAction = view.actions.find((a: { action: string }) => a.action === 'submit');
    assert.deepEqual(submitAction.choose, [
      { step: 'expert', labels: L('技术评审', 'Technical review'), required: true, multiple: false, candidates: [{ id: ids.r1, name: '用户r1' }, { id: ids.r2, name: '用户r2' }] },
      { step: 'panel', labels: L('会审', 'Panel'), required: false, multiple: true, candidates: [{ id: ids.r3, name: '用户r3' }] },
    ]);
  });

  it('refuses picks outside the set, for unknown steps, too many for a single-approver step, or none where one is needed', async () => {
    const id = await draft(5000);
    const cases: [unknown, string[]][] = [
      [{}, ['/approvers/expert']],
      [{ expert: [ids.r3] }, ['/approvers/expert/0']],
      [{ expert: [ids.r1], nope: [ids.r1] }, ['/approvers/nope']],
      [{ expert: [ids.r1, ids.r2] }, ['/approvers/expert']],
      [{ expert: [ids.r1], panel: [ids.applicant] }, ['/approvers/panel/0']],
    ];
    for (const [approvers, paths] of cases) {
      const r = await submit(id, approvers);
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.deepEqual(r.body.error.details.map((d: { path: string }) => d.path), paths, JSON.stringify(approvers));
      assert.equal((await state(id)).state.code, 'draft', 'nothing changed');
    }
  });

  it('gives the task to the person picked, then the next chosen step to its picks', async () => {
    const id = await draft(5000);
    const r = await submit(id, { expert: [ids.r2], panel: [ids.r3] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.approval.tasks.map((t: { approver: string; step_id: string }) => [t.step_id, t.approver]), [['expert', ids.r2]]);
    assert.equal((await as('r1', 'POST', `/api/records/request/${id}/actions/approve`, {})).status, 403, 'r1 was not picked');
    const approved = await as('r2', 'POST', `/api/records/request/${id}/actions/approve`, {});
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.approval.step, 'panel');
    const last = await as('r3', 'POST', `/api/records/request/${id}/actions/approve`, {});
    assert.equal(last.body.state.code, 'approved');
  });
});
