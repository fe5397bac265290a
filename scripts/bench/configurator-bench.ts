// `npm run bench` part 2: the product configurator (engine/configurator) against a hand-written configurator for
// the same 3051C template, in one process. The engine's work is generic (any template, rules as json-logic, every
// problem reported); the baseline is what an engineer would code for this one series: segments read from the
// template, the rules as if-statements, decimal.js prices, greedy decoding. Both answer the same questions over the
// same seeded sample, checked equal before anything is timed. Prints one JSON line {results} for scripts/bench.mjs.
import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { compileTemplate, configureOrThrow, listOptionsOrThrow, readModelCode, type Choices, type TemplateDocument } from '../../engine/configurator/index.ts';
import type { RequestContext } from '../../engine/core/index.ts';

const SLICE_MS = Number(process.env.BENCH_CONFIGURATOR_SLICE_MS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SAMPLE = 2000;

const seed = JSON.parse(readFileSync(new URL('../../plugins/instrument-selection/seed/demo.json', import.meta.url), 'utf8')) as {
  records: { configurator_template: { document: TemplateDocument }[] };
};
const doc = seed.records.configurator_template.find((r) => r.document.code === '3051C')!.document;
const compiled = compileTemplate('bench-3051C', 1, doc);
// Without a customer, configure never reads the database: the context only lends its locale.
const ctx = { locale: 'zh-CN' } as RequestContext;
type Params = { medium?: string; process_temp?: number };

// --- the hand-written configurator --------------------------------------------------------------------------------
const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const base = new Money(doc.base_price);
const adders = new Map<string, InstanceType<typeof Money>>();
for (const s of doc.segments) {
  for (const o of s.options) {
    if (!o.price) continue;
    adders.set(`${s.code}:${o.code}`, 'add' in o.price ? new Money(o.price.add) : base.times(o.price.percent).dividedBy(100));
  }
}
const codesOf = new Map(doc.segments.map((s) => [s.code, new Set(s.options.map((o) => o.code))]));

function broken(c: Record<string, string | string[] | undefined>, p: Params): string[] {
  const opts = (c.options as string[] | undefined) ?? [];
  const out: string[] = [];
  if (c.range === '0' && c.type !== 'D' && c.type !== 'A') out.push('range0_dp_ap');
  if (c.range === '5' && c.type === 'A') out.push('range5_not_ap');
  if (c.diaphragm === '5' && !['2', '3', '4', '5'].includes(c.range as string)) out.push('tantalum_ranges');
  if (opts.includes('E3') && opts.includes('I3')) out.push('exd_exia_exclusive');
  if (c.flange === '5' && c.diaphragm !== '2') out.push('carbon_flange_316l');
  if (p.medium === 'oxygen' && c.fill !== '2') out.push('oxygen_inert_fill');
  if (c.fill === '2' && p.process_temp !== undefined && p.process_temp > 85) out.push('inert_fill_temp');
  return out;
}

const amount = (m: InstanceType<typeof Money>) => m.toDecimalPlaces(2).toNumber();

/** The same answer configure gives: model code, spec sheet, price with its breakdown, alerts. */
function handConfigure(c: Choices, p: Params, quantity: number) {
  for (const s of doc.segments) {
    const v = c[s.code] ?? (s.multiple ? [] : undefined);
    for (const code of Array.isArray(v) ? v : [v]) if (!codesOf.get(s.code)!.has(code as string)) throw new Error(`bad ${s.code}`);
  }
  if (broken(c as Record<string, string>, p).length) throw new Error('refused');
  const warnings: string[] = [];
  if (c.range === '0') warnings.push('range0_vibration');
  if (c.diaphragm === '5') warnings.push('tantalum_lead_time');
  let code = doc.code;
  let list = base;
  const spec: { segment: string; label: string; option: string; text: string }[] = [];
  const breakdown: { step: string; amount: number; segment?: string; option?: string; percent?: number; quantity?: number }[] = [{ step: 'base', amount: amount(base) }];
  for (const s of doc.segments) {
    const v = c[s.code] ?? [];
    for (const o of s.options.filter((x) => (Array.isArray(v) ? v.includes(x.code) : v === x.code))) {
      code += (s.multiple ? (doc.separator ?? '/') : '') + (s.prefix ?? '') + o.code;
      spec.push({ segment: s.code, label: s.labels['zh-CN'], option: o.code, text: o.spec ?? o.labels['zh-CN'] });
      const add = adders.get(`${s.code}:${o.code}`);
      if (!add) continue;
      list = list.plus(add);
      breakdown.push({ step: 'option', segment: s.code, option: o.code, amount: amount(add), ...(o.price && 'percent' in o.price ? { percent: Number(o.price.percent) } : {}) });
    }
  }
  const gross = list.times(quantity);
  breakdown.push({ step: 'list_price', amount: amount(list) }, { step: 'quantity', quantity, amount: amount(gross) });
  const step = [...doc.tiers!.steps].reverse().find((t) => t.min <= quantity)!;
  const total = list.times(new Money(100).minus(step.percent)).dividedBy(100).times(quantity);
  if (!total.equals(gross)) breakdown.push({ step: 'tier', amount: amount(total.minus(gross)) });
  breakdown.push({ step: 'total', amount: amount(total) });
  return { model_code: code, spec, list_price: amount(list), unit_price: amount(new Money(amount(total)).dividedBy(quantity)), total: amount(total), breakdown, warnings };
}

/** Which options the rules refuse, given what is chosen so far (only rules whose other inputs are known). */
function handOptions(c: Record<string, string | string[] | undefined>, p: Params): string[] {
  const refused: string[] = [];
  for (const s of doc.segments) {
    for (const o of s.options) {
      const t = { ...c, [s.code]: s.multiple ? [...new Set([...((c[s.code] as string[]) ?? []), o.code])] : o.code };
      const known = (k: string) => k === s.code || c[k] !== undefined;
      let no = false;
      if (s.code === 'range' && o.code === '0' && known('type')) no = t.type !== 'D' && t.type !== 'A';
      if (s.code === 'range' && o.code === '5' && known('type')) no = t.type === 'A';
      if (s.code === 'diaphragm' && o.code === '5' && known('range')) no = !['2', '3', '4', '5'].includes(t.range as string);
      if (s.code === 'options') no ||= (t.options as string[]).includes('E3') && (t.options as string[]).includes('I3');
      if ((s.code === 'flange' || s.code === 'diaphragm') && known('flange') && known('diaphragm')) no ||= t.flange === '5' && t.diaphragm !== '2';
      if (s.code === 'fill' && p.medium !== undefined) no ||= p.medium === 'oxygen' && t.fill !== '2';
      if (s.code === 'fill' && p.process_temp !== undefined) no ||= t.fill === '2' && p.process_temp > 85;
      if (no) refused.push(`${s.code}:${o.code}`);
    }
  }
  return refused;
}

/** Greedy: each single segment takes the option code the text starts with; the multiple segment takes the rest. */
function handDecode(modelCode: string): Choices {
  let rest = modelCode.slice(doc.code.length);
  const c: Choices = {};
  for (const s of doc.segments) {
    if (s.multiple) {
      const picked: string[] = [];
      for (const o of s.options) {
        if (rest.startsWith(o.code)) {
          picked.push(o.code);
          rest = rest.slice(o.code.length);
        }
      }
      if (picked.length) c[s.code] = picked;
      continue;
    }
    const o = s.options.find((x) => rest.startsWith(x.code));
    if (!o) throw new Error(`cannot read ${modelCode}`);
    c[s.code] = o.code;
    rest = rest.slice(o.code.length);
  }
  if (rest) throw new Error(`cannot read ${modelCode}`);
  return c;
}

// --- the sample -------------------------------------------------------------------------------------------------
function random(seedValue: number): () => number {
  let a = seedValue;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  choices: Choices;
  parameters: Params;
  quantity: number;
  partial: Choices;
  code: string;
}

async function sample(): Promise<Case[]> {
  const next = random(20261205);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const cases: Case[] = [];
  while (cases.length < SAMPLE) {
    const choices: Choices = {};
    for (const s of doc.segments) {
      const codes = s.options.map((o) => o.code);
      choices[s.code] = s.multiple ? codes.filter(() => next() < 0.3) : pick(codes);
    }
    const parameters: Params = { medium: pick(['liquid', 'gas', 'steam', 'oxygen']), process_temp: pick([-40, 20, 85, 121]) };
    if (broken(choices as Record<string, string>, parameters).length) continue;
    const quantity = pick([1, 5, 12]);
    const partial = Object.fromEntries(doc.segments.slice(0, 1 + Math.floor(next() * doc.segments.length)).map((s) => [s.code, choices[s.code]!]));
    const answer = await configureOrThrow(ctx, compiled, { choices, parameters, quantity });
    cases.push({ choices, parameters, quantity, partial, code: answer.model_code });
  }
  return cases;
}

// --- the three questions, each answered by both ----------------------------------------------------------------
const engineOps = {
  configure: async (k: Case) => {
    const a = await configureOrThrow(ctx, compiled, { choices: k.choices, parameters: k.parameters, quantity: k.quantity });
    return { model_code: a.model_code, spec: a.spec, list_price: a.list_price, unit_price: a.unit_price, total: a.total, breakdown: a.breakdown, warnings: a.warnings.map((w) => w.rule) };
  },
  options: async (k: Case) =>
    listOptionsOrThrow(ctx, compiled, { choices: k.partial, parameters: k.parameters })
      .segments.flatMap((s) => s.options.filter((o) => !o.available).map((o) => `${s.code}:${o.code}`)),
  decode: async (k: Case) => {
    const read = readModelCode(doc, compiled.grammar, k.code.slice(doc.code.length));
    if (!read.ok) throw new Error(`cannot read ${k.code}`);
    return (await configureOrThrow(ctx, compiled, { choices: read.choices, quantity: 1 }, { fromCode: true })).choices;
  },
};
const handOps = {
  configure: async (k: Case) => handConfigure(k.choices, k.parameters, k.quantity),
  options: async (k: Case) => handOptions(k.partial as Record<string, string>, k.parameters),
  decode: async (k: Case) => {
    const choices = handDecode(k.code);
    handConfigure(choices, {}, 1);
    return choices;
  },
};
type Op = keyof typeof engineOps;

const canonical = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${k}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
};

async function rate(fn: (k: Case) => Promise<unknown>, cases: Case[], ms: number): Promise<{ ops: number; seconds: number }> {
  let ops = 0;
  const start = performance.now();
  while (performance.now() - start < ms) for (let i = 0; i < 200; i++) await fn(cases[ops++ % cases.length]!);
  return { ops, seconds: (performance.now() - start) / 1000 };
}

const cases = await sample();
for (const op of Object.keys(engineOps) as Op[]) {
  for (const k of cases) {
    const [a, b] = [canonical(await engineOps[op](k)), canonical(await handOps[op](k))];
    if (a !== b) throw new Error(`${op}: the engine and the hand-written configurator disagree on ${k.code}\n engine: ${a}\n hand:   ${b}`);
  }
}
console.error(`configurator: both give the same answers over ${cases.length} configurations of 3051C`);

const results = [];
for (const op of Object.keys(engineOps) as Op[]) {
  await rate(engineOps[op], cases, SLICE_MS / 2);
  await rate(handOps[op], cases, SLICE_MS / 2);
  const runs = { ours: [] as { ops: number; seconds: number }[], baseline: [] as { ops: number; seconds: number }[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const who of ['ours', 'baseline', 'baseline', 'ours'] as const) runs[who].push(await rate(who === 'ours' ? engineOps[op] : handOps[op], cases, SLICE_MS));
  }
  const perSecond = (xs: { ops: number; seconds: number }[]) => xs.reduce((n, x) => n + x.ops, 0) / xs.reduce((n, x) => n + x.seconds, 0);
  const r = { key: op, ours: perSecond(runs.ours), baseline: perSecond(runs.baseline) };
  console.error(`  ${op}: ours ${r.ours.toFixed(0)}/s, hand-written ${r.baseline.toFixed(0)}/s, ratio ${(r.ours / r.baseline).toFixed(2)}`);
  results.push(r);
}
console.log(JSON.stringify({ sample: cases.length, results }));
