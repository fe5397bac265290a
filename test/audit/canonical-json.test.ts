import assert from 'node:assert/strict';
import { canonicalJson } from '../../engine/audit/index.ts';

describe('audit/canonical-json', () => {
  it('sorts keys at every depth, so key order never changes a hash', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } }), '{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}');
    assert.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
  });

  it('prints values as JSON.stringify does, dropping undefined members', () => {
    assert.equal(canonicalJson({ n: 1e21, s: '中"文', d: new Date('2024-01-02T03:04:05.678Z'), u: undefined, l: [undefined] }), '{"d":"2024-01-02T03:04:05.678Z","l":[null],"n":1e+21,"s":"中\\"文"}');
  });
});
