// A flow's `creates` and a rollup's `from` / `where` are checked at load, every mistake named with file and pointer.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, type LoadResult } from '../../engine/metadata/index.ts';
import { entity, L } from '../helpers/model-builder.ts';

const opt = (code: string) => ({ code, labels: L(code, code) });
const plan = (fields: Record<string, unknown> = {}) =>
  entity('plan', {
    status: { type: 'enum', options: [opt('draft'), opt('signed')], default: 'draft' },
    amount: { type: 'money' },
    nodes: { type: 'children', target: 'plan_node', foreignKey: 'plan' },
    ...fields,
  } as never);
const node = entity('plan_node', {
  plan: { type: 'ref', target: 'plan', onDelete: 'cascade', required: true },
  gate: { type: 'enum', options: [opt('signed')] },
  due_on: { type: 'date' },
  percent: { type: 'decimal' },
  kind: { type: 'string' },
});
const bill = (unique = true) => entity('bill', { node: { type: 'ref', target: 'plan_node', unique }, amount: { type: 'money' }, due: { type: 'date' } });

const create = (overrides: Record<string, unknown> = {}) => ({
  id: 'bills',
  from: 'nodes',
  entity: 'bill',
  link: 'node',
  state: 'gate',
  date: 'due_on',
  values: { amount: { '*': [{ var: 'percent' }, { var: '$record.amount' }] }, due: { date_add: [{ var: '$date' }, 30, 'day'] } },
  ...overrides,
});
const flow = (creates: unknown[]) => ({
  name: 'plan_flow',
  labels: L('计划', 'Plan'),
  entity: 'plan',
  stateField: 'status',
  states: { draft: {}, signed: {} },
  creates,
  transitions: [{ action: 'sign', from: ['draft'], to: 'signed' }],
});

function load(entities: { name: string }[], wf?: unknown): LoadResult {
  const dir = mkdtempSync(join(tmpdir(), 'crm-wfc-'));
  try {
    mkdirSync(join(dir, 'entities'));
    mkdirSync(join(dir, 'workflows'));
    for (const e of entities) writeFileSync(join(dir, 'entities', `${e.name}.json`), JSON.stringify(e));
    if (wf) writeFileSync(join(dir, 'workflows', 'plan_flow.json'), JSON.stringify(wf));
    return loadModel([{ dir }], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const problemAt = (r: LoadResult, file: string, pointer: string, text: string) =>
  assert.ok(
    r.problems.some((p) => p.file === file && p.pointer === pointer && p.message.includes(text)),
    `expected ${file} ${pointer} "${text}" in ${JSON.stringify(r.problems, null, 2)}`,
  );

describe('workflow/check-workflow-creates: records created from lines, and rollups over other records, are checked at load', () => {
  it('accepts a valid declaration', () => {
    assert.deepEqual(load([plan(), node, bill()], flow([create()])).problems, []);
  });

  it('names every mistake of a creates declaration at its pointer', () => {
    const r = load([plan(), node, bill(false)], flow([create({ from: 'amount', state: undefined, date: undefined }), create({ id: 'bills', link: 'amount', state: 'kind', date: 'percent', values: { nope: 1, due: { var: '$record.nothing' } } })]));
    const file = 'workflows/plan_flow.json';
    problemAt(r, file, '/creates/0/from', 'is not a lines (children) field');
    problemAt(r, file, '/creates/1/id', 'duplicate id');
    problemAt(r, file, '/creates/1/link', 'must be a unique ref field of "bill"');
    problemAt(r, file, '/creates/1/date', 'is not a date field');
    problemAt(r, file, '/creates/1/values/nope', 'unknown field "nope"');
    assert.ok(r.problems.some((p) => p.pointer?.startsWith('/creates/1/values/due')), JSON.stringify(r.problems));
  });

  it('refuses a link that is not unique, a state field whose options are not states, and neither state nor date', () => {
    const gateOff = entity('plan_node', { ...node.fields, gate: { type: 'enum', options: [opt('signed'), opt('paid')] } } as never);
    const r = load([plan(), gateOff, bill(false)], flow([create(), create({ id: 'other', state: undefined, date: undefined })]));
    const file = 'workflows/plan_flow.json';
    problemAt(r, file, '/creates/0/link', 'unique ref');
    problemAt(r, file, '/creates/0/state', 'option "paid"');
    problemAt(r, file, '/creates/1', 'name the line field');
  });

  it('checks a rollup from other records: the entity, its ref back, the where rule and the field', () => {
    const r = load([
      plan({
        billed: { type: 'rollup', from: { entity: 'bill', via: 'amount' }, aggregate: 'sum', field: 'amount', resultType: 'money' },
        both: { type: 'rollup', of: 'nodes', from: { entity: 'bill', via: 'node' }, aggregate: 'count', resultType: 'integer' },
        filtered: { type: 'rollup', of: 'nodes', where: { '==': [{ var: 'missing_field' }, 1] }, aggregate: 'sum', field: 'kind', resultType: 'money' },
      }),
      node,
      bill(),
    ]);
    const file = 'entities/plan.json';
    problemAt(r, file, '/fields/billed/from/via', 'is not a ref field pointing to "plan"');
    problemAt(r, file, '/fields/both', 'either its lines');
    assert.ok(r.problems.some((p) => p.file === file && p.pointer?.startsWith('/fields/filtered/where')), JSON.stringify(r.problems));
    problemAt(r, file, '/fields/filtered/field', 'is not a number field of "plan_node"');
  });
});
