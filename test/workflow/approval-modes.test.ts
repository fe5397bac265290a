import assert from 'node:assert/strict';
import { entity, L, modelOf } from '../helpers/model-builder.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const opt = (code: string) => ({ code, labels: L(code, code) });
const MODES = ['any', 'all', 'sequential'] as const;

function model() {
  const flows = MODES.map((mode) => ({
    name: `request_${mode}`,
    labels: L(`申请 ${mode}`, `Request ${mode}`),
    entity: 'request',
    stateField: 'status',
    appliesWhen: { '==': [{ var: 'mode' }, mode] },
    states: { draft: {}, review: { locked: true }, approved: {}, rejected: {} },
    transitions: [{ action: 'submit', from: ['draft', 'rejected'], to: 'review', approval: true }],
    approval: {
      steps: [{ id: 'review', approvers: [{ kind: 'users', users: ['r1', 'r2', 'r3'] }], mode }],
      approved: 'approved',
      rejected: 'rejected',
    },
  }));
  return modelOf(
    [
      entity('request', {
        status: { type: 'enum', options: [opt('draft'), opt('review'), opt('approved'), opt('rejected')], default: 'draft' },
        mode: { type: 'enum', options: MODES.map(opt), required: true },
        amount: { type: 'money' },
      }),
    ],
    flows,
  );
}

describe('workflow/approval modes: any one (或签), all (会签), one after another', function () {
  this.timeout(60_000);
  let s: TestServer;
  const tokens: Record<string, string> = {};
  const as = (user: string, method: string, path: string, body?: unknown) => s.request(method, path, body, { authorization: `Bearer ${tokens[user]}` });

  before(async () => {
    s = await startTestServer(model(), 'modes');
    const reviewer = await s.request('POST', '/api/records/role', { code: 'reviewer', name: '审核人', permissions: { entities: { request: { read: 'all' } } } });
    const requester = await s.request('POST', '/api/records/role', { code: 'requester', name: '申请人', permissions: { entities: { request: { read: 'own', create: 'own', update: 'own' } } } });
    for (const [name, role] of [['r1', reviewer], ['r2', reviewer], ['r3', reviewer], ['applicant', requester]] as const) {
      const user = await s.addUser({ username: name, display_name: name, roles: [role.body.id] });
      tokens[name] = user.token;
    }
  });
  after(() => s.close());

  async function submitted(mode: string): Promise<string> {
    const r = await as('applicant', 'POST', '/api/records/request', { title: `请求 ${mode}`, mode });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const sub = await as('applicant', 'POST', `/api/records/request/${r.body.id}/actions/submit`);
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    return String(r.body.id);
  }
  const approve = (user: string, id: string) => as(user, 'POST', `/api/records/request/${id}/actions/approve`, {});

  it('any: the first approval decides the step and closes the other tasks', async () => {
    const id = await submitted('any');
    const r = await approve('r2', id);
    assert.equal(r.body.state.code, 'approved');
    assert.equal((await approve('r1', id)).status, 409);
  });

  it('all: the step waits for every approver', async () => {
    const id = await submitted('all');
    assert.equal((await approve('r1', id)).body.state.code, 'review');
    assert.equal((await approve('r3', id)).body.state.code, 'review');
    assert.equal((await approve('r2', id)).body.state.code, 'approved');
  });

  it('sequential: approvers decide in order; a later one waits for their turn', async () => {
    const id = await submitted('sequential');
    assert.equal((await approve('r2', id)).status, 409, 'not r2\'s turn yet');
    assert.equal((await approve('r1', id)).body.state.code, 'review');
    assert.equal((await approve('r2', id)).body.state.code, 'review');
    assert.equal((await approve('r3', id)).body.state.code, 'approved');
  });

  it('a rejection by any approver ends an all-must-approve step', async () => {
    const id = await submitted('all');
    await approve('r1', id);
    const r = await as('r2', 'POST', `/api/records/request/${id}/actions/reject`, { comment: '预算不足' });
    assert.equal(r.body.state.code, 'rejected');
    assert.equal((await approve('r3', id)).status, 409, 'nothing left to approve');
  });
});
