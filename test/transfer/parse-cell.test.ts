import assert from 'node:assert/strict';
import type { FieldDef } from '../../engine/metadata/index.ts';
import { dedupeKey } from '../../engine/transfer/index.ts';
import { parseCell } from '../../engine/transfer/parse-cell.ts';

const field = (type: string, extra: object = {}) => ({ name: 'f', type, labels: { 'zh-CN': '字段', en: 'Field' }, ...extra }) as unknown as FieldDef;

describe('transfer/parse-cell: values as people type them into spreadsheets', () => {
  it('reads dates written the usual Chinese ways and Excel serial numbers, and refuses impossible ones', () => {
    for (const text of ['2026-3-5', '2026/03/05', '2026年3月5日', '2026.3.5', '46086']) assert.deepEqual(parseCell(field('date'), text), { value: '2026-03-05' }, text);
    assert.deepEqual(parseCell(field('date'), new Date(Date.UTC(2026, 2, 5))), { value: '2026-03-05' });
    assert.ok('problem' in parseCell(field('date'), '2026-2-30'));
    assert.ok('problem' in parseCell(field('date'), '下周一'));
  });

  it('reads money with ¥, full-width and thousands separators, and refuses text', () => {
    assert.deepEqual(parseCell(field('money'), '¥1,234,567.50'), { value: 1234567.5 });
    assert.deepEqual(parseCell(field('money'), '￥ 8,000 元'), { value: 8000 });
    assert.deepEqual(parseCell(field('integer'), 12), { value: 12 });
    assert.ok('problem' in parseCell(field('integer'), '1.5'));
    assert.ok('problem' in parseCell(field('money'), '面议'));
  });

  it('reads 是/否, options by code or label in either language, several options, and the mapping\'s value map first', () => {
    assert.deepEqual(parseCell(field('boolean'), '是'), { value: true });
    assert.deepEqual(parseCell(field('boolean'), 'no'), { value: false });
    const grade = field('enum', { options: [{ code: 'A', labels: { 'zh-CN': '重点客户', en: 'Key' } }, { code: 'B', labels: { 'zh-CN': '普通客户', en: 'Normal' } }] });
    assert.deepEqual(parseCell(grade, '重点客户'), { value: 'A' });
    assert.deepEqual(parseCell(grade, 'normal'), { value: 'B' });
    assert.deepEqual(parseCell(grade, '一级', { 一级: 'A' }), { value: 'A' });
    assert.match((parseCell(grade, '三级') as { problem: string }).problem, /重点客户 \/ 普通客户/);
    assert.deepEqual(parseCell(field('multi_enum', { options: [{ code: 'x', labels: { 'zh-CN': '甲', en: 'X' } }, { code: 'y', labels: { 'zh-CN': '乙', en: 'Y' } }] }), '甲、乙'), { value: ['x', 'y'] });
    assert.deepEqual(parseCell(field('ref'), '华东精机'), { ref: '华东精机' });
    assert.deepEqual(parseCell(field('string'), '   '), { value: null });
  });
});

describe('transfer/dedupe-key: the same company however it was typed', () => {
  it('treats spaces, full-width letters and brackets, case and 有限公司 variants as the same name', () => {
    const same = ['华东精机有限公司', '华东精机有限公司 ', ' 华东 精机（有限公司）', '华东精机(有限)公司', '华东精机股份有限公司', '华东精机'];
    for (const name of same) assert.equal(dedupeKey(name), dedupeKey('华东精机'), name);
    assert.equal(dedupeKey('ＡＢＣ机床'), dedupeKey('abc机床'));
    assert.notEqual(dedupeKey('华东精机'), dedupeKey('华南精机'));
  });
});
