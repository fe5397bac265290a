import { strict as assert } from 'node:assert';
import { addState, addTransition, codeProblem, newStateOptions, removeState, removeTransition } from '../../ui/src/admin/flow-edit.ts';

const zh = (text: string) => ({ 'zh-CN': text, en: text });
const flow = () => ({
  name: 'quote_flow',
  labels: zh('报价'),
  entity: 'quote',
  stateField: 'status',
  states: { draft: {}, review: { locked: true }, approved: { final: true }, lost: { final: true } },
  transitions: [
    { action: 'submit', labels: zh('提交'), from: ['draft'], to: 'review', approval: true },
    { action: 'pass', labels: zh('通过'), from: ['review'], to: 'approved' },
    { action: 'drop', labels: zh('放弃'), from: ['draft', 'review'], to: 'lost' },
  ],
  approval: { approved: 'approved', rejected: 'draft', rejectTo: ['draft', 'review'], steps: [] },
  timers: [
    { id: 'review_sla', labels: zh('评审时限'), state: 'review', after: 'P3D', do: { notify: {} } },
    { id: 'auto_pass', labels: zh('自动通过'), after: 'P7D', do: { transition: 'pass' } },
  ],
});

describe('flow designer: adding and deleting states and transitions in the draft', () => {
  it('accepts a new code only when it follows the metadata pattern and is unused', () => {
    assert.equal(codeProblem('tech_review', ['draft']), undefined);
    assert.equal(codeProblem('', []), 'flows.edit.codeEmpty');
    assert.equal(codeProblem('Tech', []), 'flows.edit.codePattern');
    assert.equal(codeProblem('1st', []), 'flows.edit.codePattern');
    assert.equal(codeProblem('a'.repeat(64), []), 'flows.edit.codePattern');
    assert.equal(codeProblem('draft', ['draft']), 'flows.edit.codeTaken');
  });

  it('adds a state with its labels and a transition from several states, leaving the original untouched', () => {
    const doc = flow();
    const withState = addState(doc, 'tech_review', zh('技术评审'));
    const next = addTransition(withState, { action: 'to_tech', labels: zh('转技术评审'), from: ['draft', 'review'], to: 'tech_review' });
    assert.deepEqual(next.states.tech_review, { labels: zh('技术评审') });
    assert.deepEqual(next.transitions.at(-1), { action: 'to_tech', labels: zh('转技术评审'), from: ['draft', 'review'], to: 'tech_review' });
    assert.equal(Object.keys(doc.states).length, 4);
    assert.equal(doc.transitions.length, 3);
    assert.deepEqual(newStateOptions(next, ['draft', 'review', 'approved', 'lost']), [{ code: 'tech_review', labels: zh('技术评审') }]);
  });

  it('deleting a state deletes the transitions into it or only out of it, narrows the others, and drops its rejectTo and timers', () => {
    const removal = removeState(flow(), 'review');
    assert.deepEqual(removal.transitions.map((t) => t.action), ['submit', 'pass']);
    assert.deepEqual(removal.narrowed.map((t) => t.action), ['drop']);
    assert.deepEqual(removal.doc.transitions, [{ action: 'drop', labels: zh('放弃'), from: ['draft'], to: 'lost' }]);
    assert.deepEqual(Object.keys(removal.doc.states), ['draft', 'approved', 'lost']);
    assert.deepEqual(removal.doc.approval.rejectTo, ['draft']);
    // the SLA watched the state, the automatic pass fired a deleted transition
    assert.deepEqual(removal.timers.map((t) => t.id), ['review_sla', 'auto_pass']);
    assert.equal(removal.doc.timers, undefined);
  });

  it('deleting the last rejectTo state leaves the approval without rejectTo', () => {
    const doc = { ...flow(), approval: { approved: 'approved', rejected: 'draft', rejectTo: ['review'], steps: [] } };
    assert.equal('rejectTo' in removeState(doc, 'review').doc.approval, false);
  });

  it('deleting a transition also deletes the timers that fire it', () => {
    const { doc, timers } = removeTransition(flow(), 1);
    assert.deepEqual(doc.transitions.map((t: { action: string }) => t.action), ['submit', 'drop']);
    assert.deepEqual(timers.map((t) => t.id), ['auto_pass']);
    assert.deepEqual(doc.timers.map((t: { id: string }) => t.id), ['review_sla']);
  });
});
