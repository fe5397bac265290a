import { strict as assert } from 'node:assert';
import { fieldsRead, incompleteRows, logicOf, replaceNode, treeOf, type RuleGroup, type RuleRow } from '../../ui/src/admin/rule-builder/rule-tree.ts';

const roundTrip = (logic: unknown) => logicOf(treeOf(logic));

describe('condition builder: json-logic ↔ rows', () => {
  const shown: [string, unknown][] = [
    ['a single comparison', { '>': [{ var: 'amount' }, 500000] }],
    ['an and of rows', { and: [{ '==': [{ var: 'grade' }, 'A'] }, { '<=': [{ var: 'credit_limit' }, 100] }] }],
    ['an or nested in an and', { and: [{ '!=': [{ var: 'status' }, 'lost'] }, { or: [{ contains: [{ var: 'name' }, '机床'] }, { starts_with: [{ var: 'name' }, '恒'] }] }] }],
    ['an and of one row spelled out', { and: [{ '==': [{ var: 'vip' }, true] }] }],
    ['empty and not empty', { or: [{ missing: ['phone'] }, { '!': { missing: ['email'] } }] }],
    ['field in a list and not in it', { and: [{ in: [{ var: 'industry' }, ['machinery', 'energy']] }, { '!': { in: [{ var: 'grade' }, ['C']] } }] }],
    ['a multi-select holding a value, and not', { and: [{ in: ['iso', { var: 'certs' }] }, { '!': { in: ['ce', { var: 'certs' }] } }] }],
    ['text not containing', { '!': { contains: [{ var: 'name' }, 'test'] } }],
    ['dates against today and literals', { and: [{ '>=': [{ var: 'due_date' }, { today: [] }] }, { '<': [{ var: 'signed_on' }, '2026-01-01'] }] }],
    ['a null comparison', { '==': [{ var: 'owner' }, null] }],
  ];
  for (const [what, logic] of shown) {
    it(`shows ${what} as rows and gives back the same json-logic`, () => {
      const tree = treeOf(logic);
      assert.equal(JSON.stringify(tree).includes('"raw"'), false, 'no raw node');
      assert.deepEqual(logicOf(tree), logic);
    });
  }

  const raw: [string, unknown][] = [
    ['arithmetic (a formula)', { '*': [{ var: 'quantity' }, { var: 'unit_price' }] }],
    ['a field compared with a field', { '>': [{ var: 'end' }, { var: 'start' }] }],
    ['a between', { '<=': [1, { var: 'n' }, 5] }],
    ['a var with a default', { '==': [{ var: ['grade', 'B'] }, 'A'] }],
    ['a $user variable', { '==': [{ var: 'owner' }, { var: '$user.id' }] }],
    ['not with an array argument', { '!': [{ missing: ['x'] }] }],
    ['an if', { if: [{ var: 'vip' }, true, { '>': [{ var: 'amount' }, 1] }] }],
    ['a literal', true],
  ];
  for (const [what, logic] of raw) {
    it(`keeps ${what} raw and unchanged`, () => {
      const tree = treeOf(logic);
      assert.equal(tree.children[0]?.kind, 'raw');
      assert.deepEqual(roundTrip(logic), logic);
    });
  }

  it('keeps the raw part of a group beside the rows it can show', () => {
    const logic = { and: [{ '==': [{ var: 'grade' }, 'A'] }, { '>': [{ var: 'end' }, { var: 'start' }] }] };
    const tree = treeOf(logic);
    assert.deepEqual(tree.children.map((c) => c.kind), ['row', 'raw']);
    assert.deepEqual(logicOf(tree), logic);
  });

  it('shows a field compared with a context variable it is offered (当前用户) as a row, and keeps others raw', () => {
    const logic = { and: [{ '==': [{ var: 'owner' }, { var: '$user.id' }] }, { '!=': [{ var: 'department' }, { var: '$user.team' }] }] };
    const tree = treeOf(logic, { variables: ['$user.id', '$user.department'] });
    assert.deepEqual(tree.children.map((c) => c.kind), ['row', 'raw']);
    assert.deepEqual((tree.children[0] as RuleRow).value, { var: '$user.id' });
    assert.deepEqual(logicOf(tree), logic);
  });

  it('reads no condition as an empty group and gives back no condition', () => {
    assert.equal(roundTrip(undefined), undefined);
  });

  it('spells out the group once a second row is added to a single condition', () => {
    const tree = treeOf({ '==': [{ var: 'grade' }, 'A'] });
    const row: RuleRow = { kind: 'row', id: 'x', field: 'vip', op: '==', value: true };
    assert.deepEqual(logicOf({ ...tree, children: [...tree.children, row] }), { and: [{ '==': [{ var: 'grade' }, 'A'] }, { '==': [{ var: 'vip' }, true] }] });
  });

  it('names the rows still missing a value or field', () => {
    const tree: RuleGroup = { kind: 'group', id: 'r', combinator: 'or', explicit: true, children: [
      { kind: 'row', id: 'a', field: 'grade', op: '==', value: '' },
      { kind: 'row', id: 'b', field: 'phone', op: 'empty' },
      { kind: 'group', id: 'g', combinator: 'and', explicit: true, children: [{ kind: 'row', id: 'c', field: 'industry', op: 'in', value: [] }, { kind: 'row', id: 'd', field: '', op: '==', value: 1 }] },
    ] };
    assert.deepEqual(incompleteRows(tree), ['a', 'c', 'd']);
  });

  it('replaces and removes nodes deep in the tree', () => {
    const tree = treeOf({ and: [{ '==': [{ var: 'a' }, 1] }, { or: [{ '==': [{ var: 'b' }, 2] }, { '==': [{ var: 'c' }, 3] }] }] });
    const inner = tree.children[1] as RuleGroup;
    const removed = replaceNode(tree, inner.children[0]!.id, undefined);
    assert.deepEqual(logicOf(removed), { and: [{ '==': [{ var: 'a' }, 1] }, { or: [{ '==': [{ var: 'c' }, 3] }] }] });
    const changed = replaceNode(tree, tree.children[0]!.id, { kind: 'row', id: 'n', field: 'a', op: '>', value: 0 });
    assert.deepEqual((logicOf(changed) as { and: unknown[] }).and[0], { '>': [{ var: 'a' }, 0] });
  });
});

describe('condition builder: the fields a rule reads', () => {
  it('lists var and missing names once, in order, without $variables', () => {
    const logic = { and: [{ '>': [{ var: 'amount' }, 1] }, { missing: ['phone', 'amount'] }, { '==': [{ var: ['grade', 'B'] }, { var: '$user.id' }] }] };
    assert.deepEqual(fieldsRead(logic), ['amount', 'phone', 'grade']);
  });
});
