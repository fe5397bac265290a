import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, type LoadResult } from '../../engine/metadata/index.ts';
import { checkWorkflowRoles } from '../../engine/workflow/index.ts';
import { entity, L } from '../helpers/model-builder.ts';

const opt = (code: string) => ({ code, labels: L(code, code) });
const ticket = entity('ticket', {
  status: { type: 'enum', options: [opt('open'), opt('done')], default: 'open' },
  amount: { type: 'money' },
  handler: { type: 'ref', target: 'app_user' },
});

function flow(overrides: Record<string, unknown> = {}) {
  return {
    name: 'ticket_flow',
    labels: L('工单', 'Ticket'),
    entity: 'ticket',
    stateField: 'status',
    states: { open: {}, done: { locked: true } },
    transitions: [{ action: 'finish', from: ['open'], to: 'done' }],
    ...overrides,
  };
}

function load(wf: unknown): LoadResult {
  const dir = mkdtempSync(join(tmpdir(), 'crm-wf-'));
  try {
    mkdirSync(join(dir, 'entities'));
    mkdirSync(join(dir, 'workflows'));
    writeFileSync(join(dir, 'entities', 'ticket.json'), JSON.stringify(ticket));
    writeFileSync(join(dir, 'workflows', 'ticket_flow.json'), JSON.stringify(wf));
    return loadModel([{ dir }], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const problemAt = (r: LoadResult, pointer: string, text: string) =>
  assert.ok(
    r.problems.some((p) => p.file === 'workflows/ticket_flow.json' && p.pointer === pointer && p.message.includes(text)),
    `expected ${pointer} "${text}" in ${JSON.stringify(r.problems, null, 2)}`,
  );

describe('workflow/check-workflow: workflow metadata is checked with file and pointer', () => {
  it('accepts a valid flow into the model', () => {
    const r = load(flow());
    assert.deepEqual(r.problems, []);
    assert.ok(r.model?.workflows.get('ticket_flow'));
  });

  it('reports a transition to an unknown state', () => {
    problemAt(load(flow({ transitions: [{ action: 'finish', from: ['open'], to: 'closed' }] })), '/transitions/0/to', 'unknown state "closed"');
  });

  it('reports a state that is not an option of the state field', () => {
    problemAt(load(flow({ states: { open: {}, done: {}, limbo: {} } })), '/states/limbo', 'not an option');
  });

  it('reports unknown fields in required, editable and effects, and a state field set by an effect', () => {
    const r = load(flow({ states: { open: { editable: ['colour'] }, done: {} }, transitions: [{ action: 'finish', from: ['open'], to: 'done', required: ['reason'], effects: { status: 'done' } }] }));
    problemAt(r, '/states/open/editable/0', 'unknown field "colour"');
    problemAt(r, '/transitions/0/required/0', 'unknown field "reason"');
    problemAt(r, '/transitions/0/effects/status', 'state field changes only by transitions');
  });

  it('reports a guard over an unknown field and an approver field that is not a user', () => {
    const r = load(
      flow({
        transitions: [{ action: 'finish', from: ['open'], to: 'done', guard: { '>': [{ var: 'total' }, 0] }, approval: true }],
        approval: { steps: [{ id: 's1', approvers: [{ kind: 'field', field: 'amount' }] }], approved: 'done', rejected: 'open' },
      }),
    );
    problemAt(r, '/transitions/0/guard/>/0/var', 'total');
    problemAt(r, '/approval/steps/0/approvers/0/field', 'not a user field');
  });

  it('reports a timer acting through an unknown action and an unknown entity', () => {
    const r = load(flow({ timers: [{ id: 't', state: 'open', after: 'P1D', do: { transition: 'nudge' }, unlessRelated: { entity: 'nothing', field: 'x' } }] }));
    problemAt(r, '/timers/0/do/transition', 'unknown action "nudge"');
    problemAt(r, '/timers/0/unlessRelated/entity', 'unknown entity "nothing"');
  });

  it('reports a notification template using a helper outside the fixed set', () => {
    const r = load(flow({ transitions: [{ action: 'finish', from: ['open'], to: 'done', notify: [{ to: [{ kind: 'field', field: 'handler' }], title: L('{{{raw}}}', '{{lookup this "constructor"}}') }] }] }));
    assert.ok(r.problems.some((p) => p.pointer?.startsWith('/transitions/0/notify/0/title')), JSON.stringify(r.problems));
  });

  it('reports an unknown role in who, approvers and timer recipients against the known roles', () => {
    const r = load(
      flow({
        transitions: [{ action: 'finish', from: ['open'], to: 'done', who: { roles: ['boss'] }, approval: true }],
        approval: { steps: [{ id: 's1', approvers: [{ kind: 'role', role: 'gm' }, { kind: 'manager_chain', untilRole: 'ceo' }] }], approved: 'done', rejected: 'open' },
      }),
    );
    assert.deepEqual(r.problems, []);
    const problems = checkWorkflowRoles(r.model!, new Set(['gm', 'sales']));
    assert.deepEqual(
      problems.map((p) => [p.file, p.pointer, p.message]),
      [
        ['workflows/ticket_flow.json', '/transitions/0/who/roles/0', 'unknown role "boss"'],
        ['workflows/ticket_flow.json', '/approval/steps/0/approvers/1/untilRole', 'unknown role "ceo"'],
      ],
    );
  });
});
