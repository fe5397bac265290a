import { strict as assert } from 'node:assert';
import { problemsOf, problemTarget } from '../../ui/src/admin/flow-problems.ts';
import { problemsUnder } from '../../ui/src/admin/flow-pointers.ts';

const at = (pointer: string) => ({ pointer, message: 'x' });

describe('flow designer: where a refusal is shown', () => {
  it('sends the flow\'s own properties to 流程属性', () => {
    for (const pointer of ['/labels/zh-CN', '/description', '/appliesWhen/==/0/var', '/facts/unpaid/sum', '/creates/0/values/amount']) {
      assert.deepEqual(problemTarget(at(pointer)), { kind: 'flow' }, pointer);
    }
    assert.equal(problemTarget(at('/entity')), undefined, 'no panel edits the entity');
  });

  it('sends a gate\'s and a who condition\'s problems to their transition, and to their control', () => {
    const problems = [at('/transitions/2/requires/documents/0/field'), at('/transitions/2/who/condition/==/0/var'), at('/transitions/20/requires')];
    assert.deepEqual(problemsOf(problems, { kind: 'transition', index: 2 }).length, 2);
    assert.deepEqual(problemsUnder(problems, '/transitions/2/requires/documents/0'), [problems[0]]);
    assert.deepEqual(problemsUnder(problems, '/transitions/2/who/condition'), [problems[1]]);
  });
});
