// Checks a template document whole before it is stored or used: its shape (the JSON Schema), then everything a schema
// cannot say (unique codes, rules over known segments, options and parameters with the rule language's own checker,
// ascending tiers, and a proof that model codes decode one way only). Every problem comes back with its JSON pointer.
import { Money } from './money.ts';
import { validateDocument, varsOf } from '../metadata/index.ts';
import { checkRule, type RuleField, type RuleScope } from '../rules/index.ts';
import { checkDecodable } from './check-decodable.ts';
import type { TemplateDocument, TemplateRule } from './template-types.ts';

export interface TemplateProblem {
  pointer: string;
  message: string;
}

export function checkTemplate(doc: unknown): TemplateProblem[] {
  const shape = validateDocument('configurator-template', '', doc);
  if (shape.length) {
    // A decimal is a string or a number: ajv reports each branch of that choice; one problem per place reads better.
    const byPointer = new Map<string, Set<string>>();
    for (const d of shape) byPointer.set(d.pointer ?? '', (byPointer.get(d.pointer ?? '') ?? new Set()).add(d.expected ? `${d.message} (${d.expected})` : d.message));
    return [...byPointer].map(([pointer, messages]) => ({ pointer, message: [...messages].join('; ') }));
  }
  const t = doc as TemplateDocument;
  const problems: TemplateProblem[] = [];
  const add = (pointer: string, message: string) => problems.push({ pointer, message });
  const unique = (codes: string[], at: (i: number) => string, what: string) => {
    const seen = new Set<string>();
    codes.forEach((c, i) => (seen.has(c) ? add(at(i), `${what} "${c}" appears twice`) : seen.add(c)));
  };
  unique(t.segments.map((s) => s.code), (i) => `/segments/${i}/code`, 'segment code');
  t.segments.forEach((s, i) => unique(s.options.map((o) => o.code), (j) => `/segments/${i}/options/${j}/code`, 'option code'));
  const parameters = t.parameters ?? [];
  const segmentCodes = new Set(t.segments.map((s) => s.code));
  unique(parameters.map((p) => p.code), (i) => `/parameters/${i}/code`, 'parameter code');
  parameters.forEach((p, i) => {
    if (segmentCodes.has(p.code)) add(`/parameters/${i}/code`, `"${p.code}" is already a segment code`);
    if (p.type === 'number' && p.min !== undefined && p.max !== undefined && p.min > p.max) add(`/parameters/${i}/max`, 'max is below min');
    if (p.type === 'enum') unique(p.options.map((o) => o.code), (j) => `/parameters/${i}/options/${j}/code`, 'parameter option code');
  });
  if (new Money(t.base_price).isNegative()) add('/base_price', 'the base price must not be negative');
  t.tiers?.steps.forEach((step, i, steps) => {
    if (i > 0 && step.min <= steps[i - 1]!.min) add(`/tiers/steps/${i}/min`, `steps must ascend: ${step.min} is not above ${steps[i - 1]!.min}`);
    const pct = new Money(step.percent);
    if (pct.isNegative() || pct.greaterThan(100)) add(`/tiers/steps/${i}/percent`, 'a tier discount is a percentage from 0 to 100');
  });
  unique((t.rules ?? []).map((r) => r.code), (i) => `/rules/${i}/code`, 'rule code');
  const scope = ruleScope(t);
  (t.rules ?? []).forEach((rule, i) => problems.push(...checkTemplateRule(t, rule, `/rules/${i}`, scope)));
  // Duplicate codes already make decoding ambiguous; the proof is only worth its witness on otherwise sound codes.
  if (problems.length === 0) problems.push(...checkDecodable(t));
  return problems;
}

/** The names a rule may read: segments (an option code, or codes for a multiple segment) and parameters. */
export function ruleScope(t: TemplateDocument): RuleScope {
  const fields = new Map<string, RuleField>();
  // Rules run in memory only ('formula' purpose), so the SQL column is never used.
  for (const s of t.segments) fields.set(s.code, { kind: s.multiple ? 'string_array' : 'string', column: 'null' });
  for (const p of t.parameters ?? []) fields.set(p.code, { kind: p.type === 'number' ? 'number' : 'string', column: 'null' });
  return { fields };
}

function checkTemplateRule(t: TemplateDocument, rule: TemplateRule, at: string, scope: RuleScope): TemplateProblem[] {
  const problems: TemplateProblem[] = checkRule(rule.when, scope, { purpose: 'formula' }).map((p) => ({
    pointer: `${at}/when${p.pointer}`,
    message: p.expected ? `${p.message} (${p.expected})` : p.message,
  }));
  const segment = rule.segment === undefined ? undefined : t.segments.find((s) => s.code === rule.segment);
  if (rule.segment !== undefined && !segment) problems.push({ pointer: `${at}/segment`, message: `unknown segment "${rule.segment}"` });
  if (rule.option !== undefined && segment && !segment.options.some((o) => o.code === rule.option)) {
    problems.push({ pointer: `${at}/option`, message: `segment "${segment.code}" has no option "${rule.option}"` });
  }
  if (rule.option !== undefined && rule.segment === undefined) problems.push({ pointer: `${at}/segment`, message: 'an option needs its segment' });
  if (rule.kind === 'availability' && (rule.segment === undefined || rule.option === undefined)) {
    problems.push({ pointer: at, message: 'an availability rule names the segment and option it makes available' });
  }
  problems.push(...checkOptionLiterals(t, rule.when, `${at}/when`));
  return problems;
}

// A rule comparing a segment with a code it does not have can never hold as meant: name the code.
function checkOptionLiterals(t: TemplateDocument, node: unknown, at: string): TemplateProblem[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => checkOptionLiterals(t, n, `${at}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([op, args]) => {
    const here = `${at}/${op}`;
    const nested = checkOptionLiterals(t, args, here);
    if (!['==', '!=', '===', '!==', 'in'].includes(op) || !Array.isArray(args) || args.length !== 2) return nested;
    const [a, b] = args as [unknown, unknown];
    const segmentOf = (x: unknown) => {
      const names = x && typeof x === 'object' && !Array.isArray(x) && 'var' in x ? varsOf(x) : [];
      return names.length === 1 ? t.segments.find((s) => s.code === names[0]) : undefined;
    };
    const literals = (x: unknown, i: number): [unknown, string][] =>
      Array.isArray(x) ? x.map((v, j) => [v, `${here}/${i}/${j}`]) : [[x, `${here}/${i}`]];
    const checks: [ReturnType<typeof segmentOf>, [unknown, string][]][] = [
      [segmentOf(a), literals(b, 1)],
      [op === 'in' ? undefined : segmentOf(b), literals(a, 0)],
      [op === 'in' ? segmentOf(b) : undefined, literals(a, 0)],
    ];
    const bad = checks.flatMap(([segment, values]) =>
      segment
        ? values
            .filter(([v]) => typeof v === 'string' && !segment.options.some((o) => o.code === v))
            .map(([v, pointer]) => ({ pointer, message: `segment "${segment.code}" has no option "${String(v)}"` }))
        : [],
    );
    return [...nested, ...bad];
  });
}
