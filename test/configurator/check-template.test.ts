// The template check: every problem with its JSON pointer, and the proof that model codes read back one way only.
import assert from 'node:assert/strict';
import { checkTemplate, type TemplateDocument } from '../../engine/configurator/index.ts';

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const seg = (code: string, options: string[], extra: Record<string, unknown> = {}) => ({ code, labels: L(code, code), options: options.map((o) => ({ code: o, labels: L(o, o) })), ...extra });
const doc = (segments: unknown[], extra: Record<string, unknown> = {}) => ({ code: 'T', labels: L('测试', 'Test'), base_price: '100', currency: 'CNY', segments, ...extra }) as unknown as TemplateDocument;
const pointers = (d: unknown) => checkTemplate(d).map((p) => p.pointer);

describe('configurator/check-template: a template is checked whole before it is used', () => {
  it('accepts fixed-width codes, optional segments and a multiple segment behind a separator', () => {
    assert.deepEqual(checkTemplate(doc([seg('a', ['1', '2']), seg('b', ['X', 'Y'], { required: false }), seg('c', ['M5', 'B4'], { multiple: true, required: false })])), []);
  });

  it('refuses codes that read two ways, with a witness and the pointer of an option involved', () => {
    // "1" + "2…" against "12": T12X is a=12,b=X… or a=1,b=2X…
    const problems = checkTemplate(doc([seg('a', ['1', '12']), seg('b', ['2X', 'X'])]));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.pointer, /^\/segments\/[01]\/options\/\d\/code$/);
    assert.match(problems[0]!.message, /T12X/);
  });

  it('sees an optional segment that can swallow the next one as ambiguous', () => {
    assert.equal(pointers(doc([seg('a', ['A'], { required: false }), seg('b', ['A', 'B'], { required: false })])).length, 1);
    assert.deepEqual(pointers(doc([seg('a', ['A'], { required: false, prefix: '-' }), seg('b', ['A', 'B'], { required: false })])), []);
  });

  it('sees a multiple segment without a separator whose codes concatenate into another code as ambiguous', () => {
    assert.equal(checkTemplate(doc([seg('o', ['A', 'B', 'AB'], { multiple: true })], { separator: '' })).length, 1);
    assert.deepEqual(checkTemplate(doc([seg('o', ['A', 'B', 'AB'], { multiple: true })])), []);
  });

  it('names every problem at once: duplicates, unknown names in rules, descending tiers, a bad shape', () => {
    const problems = pointers(
      doc([seg('a', ['1', '1']), seg('a', ['X'])], {
        parameters: [{ code: 'a', labels: L('p', 'p'), type: 'number', min: 5, max: 1 }],
        rules: [
          { code: 'r', kind: 'validation', when: { '==': [{ var: 'nope' }, 1] }, message: L('m', 'm') },
          { code: 'r', kind: 'availability', when: { '==': [{ var: 'a' }, 'Z'] }, message: L('m', 'm') },
          { code: 's', kind: 'alert', when: { log: 1 }, message: L('m', 'm'), segment: 'a', option: 'Q' },
        ],
        tiers: { mode: 'range', steps: [{ min: 5, percent: '5' }, { min: 5, percent: '120' }] },
      }),
    );
    for (const p of ['/segments/0/options/1/code', '/segments/1/code', '/parameters/0/code', '/parameters/0/max', '/rules/0/when/==/0/var', '/rules/1/code', '/rules/1', '/rules/1/when/==/1', '/rules/2/when', '/rules/2/option', '/tiers/steps/1/min', '/tiers/steps/1/percent']) {
      assert.ok(problems.some((x) => x === p || x.startsWith(`${p}/`)), `expected a problem at ${p}, got ${problems.join(', ')}`);
    }
    assert.deepEqual(pointers({ code: 'T', labels: L('x', 'x'), base_price: 'abc', currency: 'CNY', segments: [] }).sort(), ['/base_price', '/segments']);
  });
});
