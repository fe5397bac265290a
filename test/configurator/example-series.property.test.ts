// The instrument plugin's example series against a hand-written reading of their rules: every TT644 combination and a
// seeded sample of 12,000 3051C configurations (of about 1.1 million). Each forbidden one is refused naming exactly the
// rules it breaks, each allowed one configures, and its model code reads back to the same choices.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileTemplate, configureOrThrow, readModelCode, type Choices, type TemplateDocument } from '../../engine/configurator/index.ts';
import { isEngineError, type RequestContext } from '../../engine/core/index.ts';

const seed = JSON.parse(readFileSync(new URL('../../plugins/instrument-selection/seed/demo.json', import.meta.url), 'utf8')) as {
  records: { configurator_template: { document: TemplateDocument }[] };
};
const template = (code: string) => seed.records.configurator_template.find((r) => r.document.code === code)!.document;
// Without a customer, configure never reads the database: the context only lends its locale.
const ctx = { locale: 'zh-CN' } as RequestContext;

type Params = Record<string, number | string>;

/** The 3051C rules as an engineer would write them by hand. */
function forbidden3051(c: Choices, p: Params): string[] {
  const has = (o: string) => (c.options as string[] | undefined)?.includes(o) ?? false;
  const out: string[] = [];
  if (c.range === '0' && !['D', 'A'].includes(c.type as string)) out.push('range0_dp_ap');
  if (c.range === '5' && c.type === 'A') out.push('range5_not_ap');
  if (c.diaphragm === '5' && !['2', '3', '4', '5'].includes(c.range as string)) out.push('tantalum_ranges');
  if (has('E3') && has('I3')) out.push('exd_exia_exclusive');
  if (c.flange === '5' && c.diaphragm !== '2') out.push('carbon_flange_316l');
  if (p.medium === 'oxygen' && c.fill !== '2') out.push('oxygen_inert_fill');
  if (c.fill === '2' && typeof p.process_temp === 'number' && p.process_temp > 85) out.push('inert_fill_temp');
  return out.sort();
}

function forbidden644(c: Choices, p: Params): string[] {
  const out: string[] = [];
  if ((c.extras as string[]).includes('M5') && c.mount !== 'H') out.push('display_head_mount');
  if (['P3', 'P4'].includes(c.sensor as string) && typeof p.process_temp === 'number' && p.process_temp > 850) out.push('rtd_temp_limit');
  return out.sort();
}

function random(seedValue: number): () => number {
  let a = seedValue;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function check(doc: TemplateDocument, choices: Choices, parameters: Params, oracle: (c: Choices, p: Params) => string[]): Promise<'allowed' | 'refused'> {
  const t = compileTemplate(`test-${doc.code}`, 1, doc);
  const expected = oracle(choices, parameters);
  try {
    const answer = await configureOrThrow(ctx, t, { choices, parameters, quantity: 1 });
    assert.deepEqual(expected, [], `${JSON.stringify(choices)} ${JSON.stringify(parameters)} should break ${expected.join(', ')}`);
    const read = readModelCode(doc, t.grammar, answer.model_code.slice(doc.code.length));
    assert.ok(read.ok, `${answer.model_code} does not read back`);
    const normal = Object.fromEntries(Object.entries(choices).filter(([, v]) => !(Array.isArray(v) && v.length === 0)));
    assert.deepEqual(read.choices, normal, answer.model_code);
    return 'allowed';
  } catch (e) {
    if (!isEngineError(e)) throw e;
    assert.equal(e.status, 422);
    assert.deepEqual(e.details.map((d) => d.rule).sort(), expected, `${JSON.stringify(choices)} ${JSON.stringify(parameters)}: ${e.message}`);
    return 'refused';
  }
}

describe('configurator/example series: every rule holds over the example templates', function () {
  this.timeout(300_000);

  it('TT644: every combination of segments and options, with and without a hot process', async () => {
    const doc = template('TT644');
    const seen = { allowed: 0, refused: 0 };
    const extras = doc.segments[3]!.options.map((o) => o.code);
    for (const mount of ['H', 'R']) {
      for (const output of ['A', 'F']) {
        for (const sensor of ['P3', 'P4', 'K']) {
          for (let mask = 0; mask < 1 << extras.length; mask++) {
            for (const temp of [600, 900]) {
              const choices = { mount, output, sensor, extras: extras.filter((_, i) => mask & (1 << i)) };
              seen[await check(doc, choices, { process_temp: temp }, forbidden644)]++;
            }
          }
        }
      }
    }
    assert.equal(seen.allowed + seen.refused, 2 * 2 * 3 * 8 * 2);
    assert.ok(seen.allowed > 0 && seen.refused > 0);
  });

  it('3051C: a seeded sample of 12,000 configurations with parameters', async () => {
    const doc = template('3051C');
    const next = random(20261205);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
    const seen = { allowed: 0, refused: 0 };
    for (let i = 0; i < 12_000; i++) {
      const choices: Choices = {};
      for (const s of doc.segments) {
        const codes = s.options.map((o) => o.code);
        choices[s.code] = s.multiple ? codes.filter(() => next() < 0.3) : pick(codes);
      }
      const parameters: Params = {};
      if (next() < 0.7) parameters.medium = pick(['liquid', 'gas', 'steam', 'oxygen']);
      if (next() < 0.7) parameters.process_temp = pick([-40, 20, 85, 86, 121]);
      seen[await check(doc, choices, parameters, forbidden3051)]++;
    }
    assert.ok(seen.allowed > 3000 && seen.refused > 1000, JSON.stringify(seen));
  });
});
