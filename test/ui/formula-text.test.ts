import { strict as assert } from 'node:assert';
import { canonicalLogic, formulaNamer, parseFormula, type FormulaField } from '../../ui/src/admin/formula/formula-parse.ts';
import { printFormula } from '../../ui/src/admin/formula/formula-print.ts';

const fields: FormulaField[] = [
  { code: 'unit_price', zh: '单价', en: 'Unit price', numeric: true },
  { code: 'quantity', zh: '数量', en: 'Quantity', numeric: true },
  { code: 'discount', zh: '折扣率', en: 'Discount', numeric: true },
  { code: 'amount', zh: '金额', en: 'Amount', numeric: true },
  { code: 'grade', zh: '客户等级', en: 'Grade', numeric: false },
  { code: 'price_yuan', zh: '单价(元)', en: 'Price (CNY)', numeric: true },
  { code: 'a_and_b', zh: 'and', en: 'And', numeric: false },
  { code: 'odd', zh: '坏]名', en: 'Odd', numeric: true },
];
const logic = (text: string) => {
  const r = parseFormula(text, fields);
  assert.ok(r.ok, `${text}: ${JSON.stringify(r)}`);
  return r.logic;
};
const error = (text: string) => {
  const r = parseFormula(text, fields);
  assert.ok(!r.ok, `${text} should not parse`);
  return r.error;
};
const print = (l: unknown) => printFormula(l, formulaNamer(fields));
const v = (code: string) => ({ var: [code, 0] });

describe('formula editor: expressions typed by the admin read as json-logic', () => {
  it('reads the line amount with zh-CN labels, numbers read with a default of 0', () => {
    assert.deepEqual(logic('单价 * 数量 * (1 - 折扣率 / 100)'), { '*': [v('unit_price'), v('quantity'), { '-': [1, { '/': [v('discount'), 100] }] }] });
  });

  it('names fields by code, zh-CN label or en label (case ignored), bracketed when they hold spaces or operators', () => {
    const expected = { '+': [v('unit_price'), v('quantity')] };
    assert.deepEqual(logic('unit_price + quantity'), expected);
    assert.deepEqual(logic('[Unit price] + QUANTITY'), expected);
    assert.deepEqual(logic('[单价] + [ 数量 ]'), expected);
    assert.deepEqual(logic('[单价(元)] * 2'), { '*': [v('price_yuan'), 2] });
    assert.deepEqual(logic('[Price (CNY)]'), v('price_yuan'));
    assert.deepEqual(logic('客户等级 = "A"'), { '==': [{ var: 'grade' }, 'A'] });
  });

  it('reads if, min, max, comparisons, and / or / not in English and Chinese, strings and booleans', () => {
    assert.deepEqual(logic('if(金额 >= 500000, "大额", "普通")'), { if: [{ '>=': [v('amount'), 500000] }, '大额', '普通'] });
    assert.deepEqual(logic('IF（金额 > 1，"a"，"b"）'), { if: [{ '>': [v('amount'), 1] }, 'a', 'b'] });
    assert.deepEqual(logic('min(单价, 数量, 3) + max(1)'), { '+': [{ min: [v('unit_price'), v('quantity'), 3] }, { max: [1] }] });
    assert.deepEqual(logic('金额 > 0 and 数量 <= 5 or not 客户等级 != "B"'), {
      or: [{ and: [{ '>': [v('amount'), 0] }, { '<=': [v('quantity'), 5] }] }, { '!': [{ '!=': [{ var: 'grade' }, 'B'] }] }],
    });
    assert.deepEqual(logic('金额 > 0 与 数量 < 5 或 非 true'), { or: [{ and: [{ '>': [v('amount'), 0] }, { '<': [v('quantity'), 5] }] }, { '!': [true] }] });
    assert.deepEqual(logic('金额 <> 1 && 数量 == 2 || !false'), { or: [{ and: [{ '!=': [v('amount'), 1] }, { '==': [v('quantity'), 2] }] }, { '!': [false] }] });
    assert.deepEqual(logic('[and] = "x"'), { '==': [{ var: 'a_and_b' }, 'x'] });
    assert.deepEqual(logic('"say \\"hi\\""'), 'say "hi"');
  });

  it('keeps arithmetic precedence and left association, with unary minus and %', () => {
    assert.deepEqual(logic('1 + 2 * 3'), { '+': [1, { '*': [2, 3] }] });
    assert.deepEqual(logic('10 - 2 - 3'), { '-': [{ '-': [10, 2] }, 3] });
    assert.deepEqual(logic('10 - 2 + 3'), { '+': [{ '-': [10, 2] }, 3] });
    assert.deepEqual(logic('-5 * -金额 % 7'), { '%': [{ '*': [-5, { '-': [v('amount')] }] }, 7] });
    assert.deepEqual(logic('(1 + 2) + 3'), { '+': [{ '+': [1, 2] }, 3] });
    assert.deepEqual(logic('.5 + 1.25'), { '+': [0.5, 1.25] });
  });

  it('says what is wrong and where, for every kind of mistake', () => {
    const cases: [string, string, number, Record<string, string>?][] = [
      ['   ', 'formula.error.empty', 0],
      ['单价 ^ 2', 'formula.error.badChar', 3, { char: '^' }],
      ['"abc', 'formula.error.unclosedString', 0],
      ['[单价 * 2', 'formula.error.unclosedBracket', 0],
      ['[ ] + 1', 'formula.error.emptyBracket', 0],
      ['单价 * 数理', 'formula.error.unknownName', 5, { name: '数理' }],
      ['[单价 元] * 2', 'formula.error.unknownName', 0, { name: '单价 元' }],
      ['sum(单价)', 'formula.error.unknownFunction', 0, { name: 'sum' }],
      ['单价(元) * 2', 'formula.error.unknownFunction', 0, { name: '单价' }],
      ['if(金额 > 1, "a")', 'formula.error.argCount', 0, { name: 'if' }],
      ['max()', 'formula.error.argCount', 0, { name: 'max' }],
      ['1 + ()', 'formula.error.missingOperand', 5],
      ['单价 *', 'formula.error.missingOperand', 4],
      ['单价 * / 2', 'formula.error.missingOperand', 5],
      ['金额 > 1 and', 'formula.error.missingOperand', 10],
      ['(单价 + 1', 'formula.error.unclosedParen', 0],
      ['min(单价, 1', 'formula.error.unclosedParen', 3],
      ['单价 + 1)', 'formula.error.unexpectedClose', 6],
      ['单价 数量', 'formula.error.unexpected', 3, { token: '数量' }],
      ['1 < 2 < 3', 'formula.error.unexpected', 6, { token: '<' }],
      ['(1 2)', 'formula.error.unexpected', 3, { token: '2' }],
    ];
    for (const [text, key, at, params] of cases) assert.deepEqual(error(text), { key, at, ...(params ? { params } : {}) }, text);
  });
});

describe('formula editor: a stored formula opens as text', () => {
  it('prints with zh-CN labels, bracketed or by code when the label alone would not read back', () => {
    assert.equal(print(logic('unit_price * quantity * (1 - discount / 100)')), '单价 * 数量 * (1 - 折扣率 / 100)');
    assert.equal(print(logic('if(amount >= 500000, "大额", "普通")')), 'if(金额 >= 500000, "大额", "普通")');
    assert.equal(print(logic('price_yuan + 1')), '[单价(元)] + 1');
    assert.equal(print({ '==': [{ var: 'a_and_b' }, 'x'] }), '[and] = "x"');
    assert.equal(print({ '+': [v('odd'), 1] }), 'odd + 1');
  });

  it('reads back every printed formula as the same json-logic', () => {
    const texts = [
      '单价 * 数量 * (1 - 折扣率 / 100)',
      '(1 + 2) + 3',
      '1 + (2 + 3)',
      '10 - (2 - 3)',
      '10 - 2 + 3',
      '(2 * 3) * 4 / (5 % 6)',
      '-(5) + -金额 - -2',
      '-(1 + 2) * 3',
      'not (金额 > 0 or 数量 > 0) and (客户等级 = "A" or 客户等级 = "B")',
      '(金额 > 0) = true',
      'if(金额 > 1, if(数量 > 2, "x", "y"), "z", 1, 2) != "q"',
      'min(max(1, 2), 单价 / (数量 + 1))',
      '"多行\\n文本" = 客户等级',
      'not not true',
    ];
    for (const text of texts) {
      const first = logic(text);
      const printed = print(first);
      assert.ok(printed, text);
      assert.deepEqual(logic(printed), first, `${text} → ${printed}`);
    }
  });

  it('gives up (the editor shows JSON) on what the language cannot say', () => {
    for (const l of [{ cat: ['a', 'b'] }, null, { var: ['amount', 5] }, { var: 'nobody' }, { '+': [1] }, { if: [true, 1] }, { '<': [1, 2, 3] }, 1e21, { in: ['a', 'abc'] }, [1, 2]]) {
      assert.equal(print(l), undefined, JSON.stringify(l));
    }
  });

  it('compares formulas with the json-logic shorthand spelled out', () => {
    assert.deepEqual(canonicalLogic({ '!': { var: ['grade'] } }), canonicalLogic({ '!': [{ var: 'grade' }] }));
    assert.notDeepEqual(canonicalLogic({ var: 'amount' }), canonicalLogic(v('amount')));
  });
});
