import { strict as assert } from 'node:assert';
import { flowMessage } from '../../ui/src/admin/flow-messages.ts';

describe('flow designer: the server problems of formulas, assignments and related records in the user\'s words', () => {
  const say = (key: string, vars: Record<string, string>) => `${key} ${JSON.stringify(vars)}`;
  const message = (text: string) => flowMessage(say, { message: text }, (code) => code);

  it('names the field, variable or operation a formula gets wrong', () => {
    assert.equal(message('unknown field "under_warranty_x"'), 'flows.problem.unknownField {"field":"under_warranty_x"}');
    assert.equal(message('unknown field "probabilty" of "opportunity"'), 'flows.problem.unknownField {"field":"probabilty"}');
    assert.equal(message('unknown variable "$facts.credit"'), 'flows.problem.unknownVariable {"name":"$facts.credit"}');
    assert.equal(message('unknown operator "iff"'), 'flows.problem.unknownOperator {"op":"iff"}');
    assert.equal(message('"if" takes at least 1 argument, got 0'), 'flows.problem.argCount {"op":"if"}');
  });

  it('names the field an assignment or a timer\'s related records cannot use', () => {
    assert.equal(message('"customer" is not a user field of "service_ticket"'), 'flows.problem.notUserField {"field":"customer"}');
    assert.equal(message('"subject" is not a ref field of "activity"'), 'flows.problem.notRefField {"field":"subject"}');
    assert.equal(message('something else entirely'), undefined);
  });
});
