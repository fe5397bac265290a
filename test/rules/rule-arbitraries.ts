// fast-check generators for the property test: typed records, and rules inside the SQL-compilable subset.
import fc from 'fast-check';
import type { ValueKind } from '../../engine/rules/index.ts';

export const PARITY_FIELDS: Record<string, ValueKind> = {
  n: 'number',
  m: 'number',
  s: 'string',
  t: 'string',
  b: 'boolean',
  c: 'boolean',
  d: 'date',
  e: 'date',
  dt: 'datetime',
  du: 'datetime',
  u: 'uuid',
  w: 'uuid',
  tags: 'string_array',
};
export const PARITY_VARIABLES: Record<string, ValueKind> = {
  '$user.name': 'string',
  '$user.tags': 'string_array',
  '$user.limit': 'number',
  '$user.id': 'uuid',
  '$user.departments_below': 'string_array',
};

/** A small pool of ids, so equality and membership often hit; records hold them as PostgreSQL prints them. */
export const UUIDS = ['0f8fad5b-d9cb-469f-a165-70867728950e', '7c9e6679-7425-40de-944b-e07fc1f90ae7', 'a8098c1a-f86e-11da-bd1a-00112444be1e'] as const;

const byKind = (kind: ValueKind) => Object.keys(PARITY_FIELDS).filter((f) => PARITY_FIELDS[f] === kind);
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });

// ASCII and non-ASCII letters in both cases, LIKE's special characters and the characters numbers and dates use.
const CHARS = ['a', 'A', 'b', 'B', 'z', 'Z', 'é', 'É', '中', '文', '客', '户', '%', '_', '!', '\\', ' ', '0', '1', '5', '-', '.', 'e', 'T', ':'];
const text = fc.oneof(
  fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 5 }),
  fc.constantFrom('', '5', ' 5 ', '0', 'abc', 'ABC', '中文', 'Infinity', '1e3', '2000-01-01', 'null'),
);
const number = fc.oneof(
  fc.integer({ min: -10, max: 10 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.constantFrom(0, -0, 0.1, 0.2, 0.30000000000000004, 1e-7, 1, 5),
);
const MIN = new Date('1999-12-28T00:00:00.000Z').getTime();
const MAX = new Date('2000-01-04T23:59:59.999Z').getTime();
const instant = fc.integer({ min: MIN, max: MAX }).map((t) => new Date(t));
const date = instant.map((d) => d.toISOString().slice(0, 10));
const datetime = instant.map((d) => d.toISOString());
const tag = fc.constantFrom('a', 'A', 'b', '中', '');
const uuid = fc.constantFrom(...UUIDS);
/** Values an id is compared with: ids, and text that only looks like one (upper case, no hyphens, braces, padded). */
const idish = fc.oneof(
  { weight: 6, arbitrary: uuid },
  { weight: 2, arbitrary: fc.constant({ var: '$user.id' }) },
  { weight: 1, arbitrary: uuid.map((u) => u.toUpperCase()) },
  { weight: 1, arbitrary: fc.oneof(uuid.map((u) => u.replace(/-/g, '')), uuid.map((u) => `{${u}}`), uuid.map((u) => ` ${u}`)) },
  { weight: 1, arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'not-a-uuid', 'x') },
);
const tags = fc.array(tag, { maxLength: 3 });

export const recordArb = fc.record({
  n: nullable(number),
  m: nullable(number),
  s: nullable(text),
  t: nullable(text),
  b: nullable(fc.boolean()),
  c: nullable(fc.boolean()),
  d: nullable(date),
  e: nullable(date),
  dt: nullable(datetime),
  du: nullable(datetime),
  u: nullable(uuid),
  w: nullable(uuid),
  tags: nullable(tags),
});
export type ParityRecord = typeof recordArb extends fc.Arbitrary<infer R> ? R : never;

export const nowArb = instant;

/** Values JavaScript may meet on the other side of a comparison, including the awkward ones. */
const anyScalar = fc.oneof(number, text, fc.boolean(), fc.constant(null));
const dateish = fc.oneof(
  date,
  datetime,
  fc.constantFrom('2000-01', '2000-01-01x', '2000-01-01T00:00:00Z', 'abc', '', '1999-12-31T23:59:59.999Z', 'ZZZ'),
  fc.constant({ today: [] }),
  fc.constant({ now: [] }),
  fc.tuple(fc.constantFrom({ today: [] }, { now: [] }), fc.integer({ min: -3, max: 3 }), fc.constantFrom('day', 'week', 'month', 'hour', 'minute')).map(([base, n, unit]) => ({ date_add: [base, n, unit] })),
);
const numberish = fc.oneof(number, fc.constantFrom('5', '', ' ', 'abc', ' 1 ', '1e3', '-0', 'Infinity', true, false, null), fc.constant({ var: '$user.limit' }), fc.constant({ '+': [1, 2] }));

const RELATIONS = ['<', '<=', '>', '>='] as const;
const EQUALITIES = ['==', '!=', '===', '!=='] as const;
const ALL_OPS = [...RELATIONS, ...EQUALITIES];

/** value for a field of this kind and operator, such that the rule stays compilable */
function valueFor(kind: ValueKind, op: string): fc.Arbitrary<unknown> {
  const strict = op === '===' || op === '!==';
  switch (kind) {
    case 'number':
      return numberish;
    case 'string':
      if (strict) return anyScalar;
      return RELATIONS.includes(op as never) ? fc.oneof(text, fc.constant({ var: '$user.name' })) : fc.oneof(text, fc.constant(null));
    case 'date':
    case 'datetime':
      return fc.oneof(dateish, anyScalar);
    case 'boolean':
      return fc.oneof(anyScalar, fc.constantFrom(['1'], [], [true]));
    case 'uuid':
      return fc.oneof({ weight: 3, arbitrary: idish }, { weight: 1, arbitrary: anyScalar });
    default:
      return fc.constant(null);
  }
}

const fieldOf = (kinds: ValueKind[]) => fc.constantFrom(...Object.keys(PARITY_FIELDS).filter((f) => kinds.includes(PARITY_FIELDS[f]!)));

const comparison = fc
  .tuple(fc.constantFrom(...ALL_OPS), fieldOf(['number', 'string', 'boolean', 'date', 'datetime', 'uuid', 'string_array']), fc.boolean())
  .filter(([op, f]) => (PARITY_FIELDS[f] !== 'string_array' && PARITY_FIELDS[f] !== 'uuid') || EQUALITIES.includes(op as never))
  .chain(([op, f, swap]) => valueFor(PARITY_FIELDS[f]!, op).map((v) => ({ [op]: swap ? [v, { var: f }] : [{ var: f }, v] })));

const between = fc
  .tuple(fc.constantFrom('<', '<='), fieldOf(['number', 'date', 'datetime']))
  .chain(([op, f]) => {
    const v = valueFor(PARITY_FIELDS[f]!, op);
    return fc.tuple(v, v).map(([lo, hi]) => ({ [op]: [lo, { var: f }, hi] }));
  });

const fieldPairs: [string, string, readonly string[]][] = [
  ['n', 'm', ALL_OPS],
  ['s', 't', EQUALITIES],
  ['b', 'c', ALL_OPS],
  ['d', 'e', ALL_OPS],
  ['dt', 'du', ALL_OPS],
  ['u', 'w', EQUALITIES],
];
const fieldVsField = fc
  .tuple(fc.constantFrom(...fieldPairs), fc.boolean())
  .chain(([[a, b, ops], swap]) => fc.constantFrom(...ops).map((op) => ({ [op]: swap ? [{ var: b }, { var: a }] : [{ var: a }, { var: b }] })));

const inList = fieldOf(['number', 'string', 'boolean', 'date', 'datetime', 'uuid', 'string_array']).chain((f) =>
  fc.array(valueFor(PARITY_FIELDS[f]!, '===').filter((v) => typeof v !== 'object' || v === null), { maxLength: 4 }).map((items) => ({ in: [{ var: f }, items] })),
);
const inText = fc.oneof(
  text.map((hay) => ({ in: [{ var: 's' }, hay] })),
  anyScalar.map((needle) => ({ in: [needle, { var: 't' }] })),
  fc.oneof(tag, anyScalar).map((needle) => ({ in: [needle, { var: 'tags' }] })),
  fc.constant({ in: [{ var: 's' }, { var: '$user.tags' }] }),
  fc.constant({ in: [{ var: '$user.name' }, { var: 'tags' }] }),
  fc.constantFrom('u', 'w').map((f) => ({ in: [{ var: f }, { var: '$user.departments_below' }] })),
);
const textMatch = fc
  .tuple(fc.constantFrom('contains', 'starts_with'), fieldOf(['string']), fc.oneof(text, fc.constant(null), fc.constant(5)))
  .map(([op, f, v]) => ({ [op]: [{ var: f }, v] }));
const truthiness = fieldOf(['number', 'string', 'boolean', 'date', 'datetime', 'uuid', 'string_array']).map((f) => ({ var: f }));
const names = fc.subarray([...Object.keys(PARITY_FIELDS), '$user.name'], { minLength: 1, maxLength: 4 });
const missing = fc.oneof(
  names.map((list) => ({ missing: list })),
  fc.tuple(fc.integer({ min: 0, max: 4 }), names).map(([need, list]) => ({ missing_some: [need, list] })),
);
const constant = fc.constantFrom(true, false, 0, 1, '', 'x', null, [], [0], { '==': [1, '1'] });

const leaf = fc.oneof(
  { weight: 6, arbitrary: comparison },
  { weight: 2, arbitrary: between },
  { weight: 2, arbitrary: fieldVsField },
  { weight: 2, arbitrary: inList },
  { weight: 2, arbitrary: inText },
  { weight: 2, arbitrary: textMatch },
  { weight: 2, arbitrary: truthiness },
  { weight: 1, arbitrary: missing },
  { weight: 1, arbitrary: constant },
);

/** A filter: leaves combined with and / or / ! / !! / if, a few levels deep. */
export const ruleArb: fc.Arbitrary<unknown> = fc.letrec<{ rule: unknown }>((tie) => ({
  rule: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((args) => ({ and: args })),
    fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((args) => ({ or: args })),
    tie('rule').map((r) => ({ '!': [r] })),
    tie('rule').map((r) => ({ '!!': Array.isArray(r) ? [r] : r })), // the unary shorthand, unless r is an array
    fc.array(tie('rule'), { minLength: 2, maxLength: 5 }).map((args) => ({ if: args })),
  ),
})).rule;
