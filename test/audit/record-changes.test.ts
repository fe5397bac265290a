import assert from 'node:assert/strict';
import { recordChanges } from '../../engine/audit/index.ts';

describe('audit/record-changes', () => {
  const before = { id: 'x', name: '机床厂', credit_limit: 100, tags: ['a', 'b'], address: { city: '沈阳', zip: '110000' }, version: 3, updated_at: '2024-01-01T00:00:00.000Z' };

  it('lists only the fields whose value changed, with before and after', () => {
    const after = { ...before, name: '一号机床厂', credit_limit: 200, version: 4, updated_at: '2024-01-02T00:00:00.000Z' };
    assert.deepEqual(recordChanges(before, after), {
      name: { before: '机床厂', after: '一号机床厂' },
      credit_limit: { before: 100, after: 200 },
    });
  });

  it('compares arrays and objects by value, ignoring key order but not element order', () => {
    const after = { ...before, tags: ['a', 'b'], address: { zip: '110000', city: '沈阳' } };
    assert.deepEqual(recordChanges(before, after), {});
    assert.deepEqual(recordChanges(before, { ...before, tags: ['b', 'a'] }), { tags: { before: ['a', 'b'], after: ['b', 'a'] } });
    assert.deepEqual(recordChanges(before, { ...before, address: { city: '大连', zip: '110000' } }), {
      address: { before: before.address, after: { city: '大连', zip: '110000' } },
    });
  });

  it('treats a Date and its ISO string as equal, and a missing field as null', () => {
    const b = { due: '2024-02-29T00:00:00.000Z', note: null };
    assert.deepEqual(recordChanges(b, { due: new Date('2024-02-29T00:00:00.000Z') }), {});
    assert.deepEqual(recordChanges({ a: 1 }, { b: 2 }), { a: { before: 1, after: null }, b: { before: null, after: 2 } });
  });

  it('tells a number from the same digits as text', () => {
    assert.deepEqual(recordChanges({ code: 1 }, { code: '1' }), { code: { before: 1, after: '1' } });
  });

  it('skips version, updated_at and updated_by by default, or exactly the fields given', () => {
    const after = { ...before, version: 9, name: 'n' };
    assert.deepEqual(Object.keys(recordChanges(before, after)), ['name']);
    assert.deepEqual(Object.keys(recordChanges(before, after, ['name'])), ['version']);
  });

  it('keeps a field named __proto__ as a field', () => {
    const changes = recordChanges(JSON.parse('{"__proto__": 1}'), JSON.parse('{"__proto__": 2}'));
    assert.deepEqual(Object.keys(changes), ['__proto__']);
    assert.equal(Object.getPrototypeOf(changes), Object.prototype);
  });
});
