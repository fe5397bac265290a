import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel, loadModelOrThrow } from '../../engine/metadata/index.ts';
import { EngineError } from '../../engine/core/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CASES = join(ROOT, 'test/fixtures/metadata');

interface Expected {
  sources: string[];
  problems: { file: string; pointer: string; messageIncludes: string }[];
}

describe('metadata/load-model', () => {
  const cases = readdirSync(CASES).filter((name) => !name.startsWith('valid'));

  it('has at least 15 kinds of broken metadata to check', () => {
    assert.ok(cases.length >= 15, `only ${cases.length} cases`);
  });

  for (const name of cases) {
    it(`reports ${name} with the exact file and JSON pointer, and builds no model`, () => {
      const expected = JSON.parse(readFileSync(join(CASES, name, 'expected.json'), 'utf8')) as Expected;
      const { model, problems } = loadModel(expected.sources.map((s) => ({ dir: join(CASES, name, s) })), ROOT);
      assert.equal(model, undefined);
      for (const want of expected.problems) {
        const hit = problems.find((p) => p.file === want.file && p.pointer === want.pointer && p.message.includes(want.messageIncludes));
        assert.ok(hit, `expected ${want.file} ${want.pointer} "${want.messageIncludes}", got:\n${JSON.stringify(problems, null, 2)}`);
      }
    });
  }

  it('lists every problem of every file at once', () => {
    const dirs = ['unknown-field-type', 'dangling-ref', 'min-above-max'].map((c) => ({ dir: join(CASES, c) }));
    // Three folders define the same entity; besides the duplicates, each folder's own problem must still be found.
    const { problems } = loadModel(dirs, ROOT);
    assert.ok(problems.some((p) => p.pointer === '/fields/size/type'));
    assert.ok(problems.length >= 2);
  });

  it('throws METADATA_INVALID carrying all problems from loadModelOrThrow', () => {
    assert.throws(
      () => loadModelOrThrow([{ dir: join(CASES, 'formula-cycle') }], ROOT),
      (e: unknown) => e instanceof EngineError && e.code === 'METADATA_INVALID' && e.details.length > 0,
    );
  });

  it('loads the core CRM metadata without problems into a frozen, versioned model', () => {
    const { model, problems } = loadModel([{ dir: join(ROOT, 'metadata') }], ROOT);
    assert.deepEqual(problems, []);
    assert.ok(model);
    assert.match(model.version, /^[0-9a-f]{16}$/);
    for (const name of ['customer', 'contact', 'lead', 'opportunity', 'activity', 'product', 'quote', 'contract', 'sales_order', 'receivable', 'service_ticket', 'knowledge_article', 'campaign', 'competitor']) {
      assert.ok(model.entities.has(name), `core entity ${name} is missing`);
    }
    assert.throws(() => (model.entities as Map<string, unknown>).set('x', {}), /immutable/);
    assert.ok(Object.isFrozen(model.entities.get('customer')!.fields.get('name')));
  });
});
