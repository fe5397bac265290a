// A template prepared once per stored version: lookups by code, the code grammar, and each rule with the names it
// reads, indexed by the option it governs and the segments it mentions. Answers reuse it until the version changes.
import { varsOf } from '../metadata/index.ts';
import { isTruthy, prepareRule } from '../rules/index.ts';
import { buildCodeGrammar, type CodeGrammar } from './code-grammar.ts';
import type { TemplateDocument, TemplateOption, TemplateParameter, TemplateRule, TemplateSegment } from './template-types.ts';

export interface CompiledRule extends TemplateRule {
  /** Segment and parameter codes the rule reads. */
  reads: ReadonlySet<string>;
  readsParameters: boolean;
  /** Whether `when` holds for the rule data (segments and parameters); checked once, here. */
  holds(data: Record<string, unknown>): boolean;
}

export interface CompiledSegment {
  index: number;
  segment: TemplateSegment;
  options: ReadonlyMap<string, { index: number; option: TemplateOption }>;
}

export interface CompiledTemplate {
  /** Record id + version: the cache key, and what an answer's template_version reports. */
  key: string;
  version: number;
  doc: TemplateDocument;
  grammar: CodeGrammar;
  segments: ReadonlyMap<string, CompiledSegment>;
  parameters: ReadonlyMap<string, TemplateParameter>;
  rules: readonly CompiledRule[];
  /** Availability rules by "segment\0option". */
  availability: ReadonlyMap<string, CompiledRule[]>;
  /** Validation rules by each segment they read. */
  validationsReading: ReadonlyMap<string, CompiledRule[]>;
}

const cache = new Map<string, CompiledTemplate>();
const MAX_CACHED = 500;

export const optionKey = (segment: string, option: string) => `${segment}\u0000${option}`;

/** `cached: false` for a document that is not stored (the editor's dry run): its id and version say nothing. */
export function compileTemplate(id: string, version: number, doc: TemplateDocument, { cached = true } = {}): CompiledTemplate {
  const key = `${id}:${version}`;
  const hit = cached ? cache.get(key) : undefined;
  if (hit) return hit;
  const parameters = new Map((doc.parameters ?? []).map((p) => [p.code, p]));
  const rules = (doc.rules ?? []).map((r): CompiledRule => {
    const reads = new Set(varsOf(r.when));
    const run = prepareRule(r.when);
    return { ...r, reads, readsParameters: [...reads].some((n) => parameters.has(n)), holds: (data) => isTruthy(run(data, { now: new Date() })) };
  });
  const availability = new Map<string, CompiledRule[]>();
  const validationsReading = new Map<string, CompiledRule[]>();
  for (const r of rules) {
    if (r.kind === 'availability') push(availability, optionKey(r.segment!, r.option!), r);
    if (r.kind === 'validation') for (const name of r.reads) push(validationsReading, name, r);
  }
  const compiled: CompiledTemplate = {
    key,
    version,
    doc,
    grammar: buildCodeGrammar(doc),
    segments: new Map(
      doc.segments.map((segment, index) => [
        segment.code,
        { index, segment, options: new Map(segment.options.map((option, i) => [option.code, { index: i, option }])) },
      ]),
    ),
    parameters,
    rules,
    availability,
    validationsReading,
  };
  // Old versions are never asked for again; dropping everything now and then keeps the cache bounded.
  if (!cached) return compiled;
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
